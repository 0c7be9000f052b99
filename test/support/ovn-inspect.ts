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

export interface SeenLsp { uuid: string; name: string; type: string; addresses: string[]; ids: Record<string, string>; switch: string | null }
export interface SeenPort { name: string; bridge: string | null; type: string; options: Record<string, string>; ifaceIds: Record<string, string>; portIds: Record<string, string> }
export interface SeenPg { name: string; ports: string[]; acls: { direction: string; priority: number; match: string; action: string; ids: Record<string, string> }[]; ids: Record<string, string> }

/** Every LSP (managed or not) with its switch name. */
export async function allLsps(sb: OvsSandbox): Promise<SeenLsp[]> {
  const sw = rows(await sb.nbctl('--format=json', '--data=json', '--columns=name,ports', 'list', 'Logical_Switch'));
  const swOf = new Map<string, string>();
  for (const s of sw) for (const p of unwrapSet(s.ports)) if (p !== '') swOf.set(p, atom(s.name));
  const ls = rows(await sb.nbctl('--format=json', '--data=json', '--columns=_uuid,name,type,addresses,external_ids', 'list', 'Logical_Switch_Port'));
  return ls.map((r) => ({
    uuid: atom(r._uuid), name: atom(r.name), type: atom(r.type),
    addresses: unwrapSet(r.addresses).filter((a) => a !== '').sort(), ids: unwrapMap(r.external_ids), switch: swOf.get(atom(r._uuid)) ?? null,
  }));
}

/** Every OVS port with its interface and bridge. */
export async function allPorts(sb: OvsSandbox): Promise<SeenPort[]> {
  const br = rows(await sb.vsctl('--format=json', '--data=json', '--columns=name,ports', 'list', 'Bridge'));
  const brOf = new Map<string, string>();
  for (const b of br) for (const p of unwrapSet(b.ports)) brOf.set(p, atom(b.name));
  const ports = rows(await sb.vsctl('--format=json', '--data=json', '--columns=_uuid,name,external_ids', 'list', 'Port'));
  const ifs = new Map(rows(await sb.vsctl('--format=json', '--data=json', '--columns=name,type,options,external_ids', 'list', 'Interface')).map((i) => [atom(i.name), i]));
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
  const lspName = new Map((await allLsps(sb)).map((l) => [l.uuid, l.name]));
  const acls = new Map(rows(await sb.nbctl('--format=json', '--data=json', '--columns=_uuid,direction,priority,match,action,external_ids', 'list', 'ACL'))
    .map((a) => [atom(a._uuid), { direction: atom(a.direction), priority: Number(atom(a.priority)), match: atom(a.match), action: atom(a.action), ids: unwrapMap(a.external_ids) }]));
  const pgs = rows(await sb.nbctl('--format=json', '--data=json', '--columns=name,ports,acls,external_ids', 'list', 'Port_Group'));
  return pgs.map((g) => ({
    name: atom(g.name),
    ports: unwrapSet(g.ports).filter((p) => p !== '').map((u) => lspName.get(u) ?? u).sort(),
    acls: unwrapSet(g.acls).filter((a) => a !== '').map((u) => acls.get(u) ?? { direction: '?', priority: -1, match: u, action: '?', ids: {} }),
    ids: unwrapMap(g.external_ids),
  }));
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
  const nb = async (table: string) => rows(await sb.nbctl('--format=json', '--data=json', 'list', table));
  const vs = async (table: string) => rows(await sb.vsctl('--format=json', '--data=json', 'list', table));
  const foreign = (rs: Record<string, Cell>[]) => rs.filter((r) => !isManaged(unwrapMap(r.external_ids))).sort(byUuid);
  const lsps = foreign(await nb('Logical_Switch_Port'));
  const ports = foreign(await vs('Port'));
  /** A container row with only the given members in `ports`. */
  const holding = (rs: Record<string, Cell>[], members: Set<string>) =>
    rs.map((r) => ({ ...r, ports: unwrapSet(r.ports).filter((u) => members.has(u)).sort() })).sort(byUuid);
  return {
    Logical_Switch: holding(await nb('Logical_Switch'), new Set(lsps.map((r) => atom(r._uuid)))),
    Logical_Switch_Port: lsps,
    Port_Group: foreign(await nb('Port_Group')),
    ACL: foreign(await nb('ACL')),
    Bridge: holding(await vs('Bridge'), new Set(ports.map((r) => atom(r._uuid)))),
    Port: ports,
    Interface: foreign(await vs('Interface')),
  };
}

const byUuid = (a: Record<string, Cell>, b: Record<string, Cell>): number => (atom(a._uuid) < atom(b._uuid) ? -1 : 1);
