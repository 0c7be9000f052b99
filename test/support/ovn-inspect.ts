// Independent readers for integration tests: plain ovs-vsctl/ovn-nbctl JSON through JSON.parse, not the
// programmer's own readers, so a bug there cannot hide itself.
import type { OvsSandbox } from './ovs-sandbox.js';

type Cell = unknown;

const unwrapSet = (v: Cell): string[] => {
  if (Array.isArray(v) && v[0] === 'set') return (v[1] as Cell[]).map(atom);
  return [atom(v)];
};
const atom = (v: Cell): string => (Array.isArray(v) && v[0] === 'uuid' ? String(v[1]) : String(v));
const unwrapMap = (v: Cell): Record<string, string> =>
  Object.fromEntries((((v as [string, [Cell, Cell][]])[1]) ?? []).map(([k, x]) => [atom(k), atom(x)]));

function rows(json: string): Record<string, Cell>[] {
  const t = JSON.parse(json) as { headings: string[]; data: Cell[][] };
  return t.data.map((r) => Object.fromEntries(t.headings.map((h, i) => [h, r[i]])));
}

/**
 * Several `list` commands in ONE ctl invocation, so they read one snapshot of the database (a daemon writing
 * between two invocations would otherwise show an LSP without its switch); one JSON table per output line.
 */
async function lists(ctl: (...args: string[]) => Promise<string>, ...queries: [columns: string | null, table: string][]): Promise<Record<string, Cell>[][]> {
  const args = queries.flatMap(([columns, table]) => ['--', ...(columns === null ? [] : [`--columns=${columns}`]), 'list', table]);
  const out = (await ctl('--format=json', '--data=json', ...args.slice(1))).split('\n').filter((l) => l.trim() !== '');
  if (out.length !== queries.length) throw new Error(`expected ${queries.length} JSON tables, got ${out.length} lines`);
  return out.map(rows);
}

export interface SeenLsp { uuid: string; name: string; type: string; addresses: string[]; ids: Record<string, string>; switch: string | null }
export interface SeenPort { name: string; bridge: string | null; type: string; options: Record<string, string>; ifaceIds: Record<string, string>; portIds: Record<string, string> }
export interface SeenPg { name: string; ports: string[]; acls: { direction: string; priority: number; match: string; action: string; ids: Record<string, string> }[]; ids: Record<string, string> }

/** Every LSP (managed or not) with its switch name. */
export async function allLsps(sb: OvsSandbox): Promise<SeenLsp[]> {
  return (await nbSnapshot(sb)).lsps;
}

/** LSPs (with their switch) and Port_Groups (with member names and ACLs) from one read of the NB. */
async function nbSnapshot(sb: OvsSandbox): Promise<{ lsps: SeenLsp[]; pgs: SeenPg[] }> {
  const [sw = [], ls = [], aclRows = [], pgRows = []] = await lists((...a) => sb.nbctl(...a),
    ['name,ports', 'Logical_Switch'], ['_uuid,name,type,addresses,external_ids', 'Logical_Switch_Port'],
    ['_uuid,direction,priority,match,action,external_ids', 'ACL'], ['name,ports,acls,external_ids', 'Port_Group']);
  const swOf = new Map<string, string>();
  for (const s of sw) for (const p of unwrapSet(s.ports)) if (p !== '') swOf.set(p, atom(s.name));
  const lsps = ls.map((r) => ({
    uuid: atom(r._uuid), name: atom(r.name), type: atom(r.type),
    addresses: unwrapSet(r.addresses).filter((a) => a !== '').sort(), ids: unwrapMap(r.external_ids), switch: swOf.get(atom(r._uuid)) ?? null,
  }));
  const lspName = new Map(lsps.map((l) => [l.uuid, l.name]));
  const acls = new Map(aclRows.map((a) => [atom(a._uuid),
    { direction: atom(a.direction), priority: Number(atom(a.priority)), match: atom(a.match), action: atom(a.action), ids: unwrapMap(a.external_ids) }]));
  const pgs = pgRows.map((g) => ({
    name: atom(g.name),
    ports: unwrapSet(g.ports).filter((p) => p !== '').map((u) => lspName.get(u) ?? u).sort(),
    acls: unwrapSet(g.acls).filter((a) => a !== '').map((u) => acls.get(u) ?? { direction: '?', priority: -1, match: u, action: '?', ids: {} }),
    ids: unwrapMap(g.external_ids),
  }));
  return { lsps, pgs };
}

/** Every OVS port with its interface and bridge. */
export async function allPorts(sb: OvsSandbox): Promise<SeenPort[]> {
  const [br = [], ports = [], ifRows = []] = await lists((...a) => sb.vsctl(...a),
    ['name,ports', 'Bridge'], ['_uuid,name,external_ids', 'Port'], ['name,type,options,external_ids', 'Interface']);
  const brOf = new Map<string, string>();
  for (const b of br) for (const p of unwrapSet(b.ports)) brOf.set(p, atom(b.name));
  const ifs = new Map(ifRows.map((i) => [atom(i.name), i]));
  return ports.map((p) => {
    const i = ifs.get(atom(p.name));
    return {
      name: atom(p.name), bridge: brOf.get(atom(p._uuid)) ?? null, type: i ? atom(i.type) : '',
      options: i ? unwrapMap(i.options) : {}, ifaceIds: i ? unwrapMap(i.external_ids) : {}, portIds: unwrapMap(p.external_ids),
    };
  });
}

/** Every Port_Group with member names and its ACLs. */
export async function allPgs(sb: OvsSandbox): Promise<SeenPg[]> {
  return (await nbSnapshot(sb)).pgs;
}

/** How many ACL rows exist at all (orphans would show here). */
export async function aclCount(sb: OvsSandbox): Promise<number> {
  return rows(await sb.nbctl('--format=json', '--data=json', '--columns=_uuid', 'list', 'ACL')).length;
}

/** True for our mark. */
export const isManaged = (ids: Record<string, string>): boolean => ids['evpnctl-managed'] === 'true';

/**
 * Whole rows of everything without our mark in the tables the daemon writes (LSPs, Port_Groups, ACLs, OVS
 * Ports and Interfaces), and the switches and bridges with only their unmarked members: a reconcile must
 * leave every column of these exactly as it was. Rows sorted by uuid, so two snapshots compare with toEqual.
 */
export async function foreignRows(sb: OvsSandbox): Promise<Record<string, Record<string, Cell>[]>> {
  const [switches = [], lspRows = [], pgs = [], acls = []] = await lists((...a) => sb.nbctl(...a),
    [null, 'Logical_Switch'], [null, 'Logical_Switch_Port'], [null, 'Port_Group'], [null, 'ACL']);
  const [bridges = [], portRows = [], ifaces = []] = await lists((...a) => sb.vsctl(...a),
    [null, 'Bridge'], [null, 'Port'], [null, 'Interface']);
  const foreign = (rs: Record<string, Cell>[]) => rs.filter((r) => !isManaged(unwrapMap(r.external_ids))).sort(byUuid);
  const lsps = foreign(lspRows);
  const ports = foreign(portRows);
  /** A container row with only the given members in `ports`. */
  const holding = (rs: Record<string, Cell>[], members: Set<string>) =>
    rs.map((r) => ({ ...r, ports: unwrapSet(r.ports).filter((u) => members.has(u)).sort() })).sort(byUuid);
  return {
    Logical_Switch: holding(switches, new Set(lsps.map((r) => atom(r._uuid)))),
    Logical_Switch_Port: lsps,
    Port_Group: foreign(pgs),
    ACL: foreign(acls),
    Bridge: holding(bridges, new Set(ports.map((r) => atom(r._uuid)))),
    Port: ports,
    Interface: foreign(ifaces),
  };
}

const byUuid = (a: Record<string, Cell>, b: Record<string, Cell>): number => (atom(a._uuid) < atom(b._uuid) ? -1 : 1);
