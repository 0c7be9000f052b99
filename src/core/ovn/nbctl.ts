// ovn-nbctl commands for the EVPN logical switch ports, their per-VNI Port_Group and the split-horizon
// ACL, and the JSON read of the objects we manage. Syntax: ovn-nbctl(8) (23.03) "Logical Switch Port
// Commands", "Port Group commands", "Database Commands"; columns: ovn-nb(5).
import { kv, q, step, type Command, type Step } from './chain.js';
import { EXT, identityOf, pairKey } from './naming.js';
import { atomText, mapTexts, parseTables, scalarText, setTexts, type Row } from './ovsdb-json.js';
import { pushAt, type AclState, type LspState, type PgState, type SwitchIndex } from './managed-state.js';

/** Values per `add`/`remove` command, so one huge address set can still be cut between invocations. */
export const ADDRESS_VALUES_PER_COMMAND = 1000;

/** What an EVPN LSP should look like. */
export interface DesiredLsp {
  name: string;
  /** Switch uuid (lsp-add accepts it like a name). */
  switchUuid: string;
  addresses: Set<string>;
  ids: Record<string, string>;
  /** options keys we set (requested-chassis in an HA group: the binding stays on the active, ovn-nb(5)). */
  options?: Record<string, string>;
  /** options keys we own but do not want now (removed when present). */
  clearOptions?: readonly string[];
}

/** What a VNI's Port_Group and split-horizon ACL should look like. */
export interface DesiredPg {
  name: string;
  ports: Set<string>;
  ids: Record<string, string>;
  acl: Omit<AclState, 'uuid'>;
}

/**
 * Split horizon over a full mesh of tunnels (the VPLS rule, RFC 4762 §4; EVPN ingress replication keeps it):
 * whatever entered from one of this VNI's EVPN ports never leaves through another, remote VTEPs reach each
 * other directly. A to-lport drop on the group, above ordinary ACLs (priorities 0..32767, ovn-nb(5)).
 * `flags.loopback == 0` spares what OVN itself sends back out of the port a packet came in on: its ARP/ND
 * responder answers a remote host's ARP for a local VM with `outport = inport; flags.loopback = 1`, and
 * without the exception that answer (inport and outport both in the group) was dropped, so remote hosts
 * could never resolve a VM. A frame relayed between two different ports never carries the flag.
 */
export function splitHorizonAcl(pg: string, ids: Record<string, string>): Omit<AclState, 'uuid'> {
  return { direction: 'to-lport', priority: 32000, match: `inport == @${pg} && outport == @${pg} && flags.loopback == 0`, action: 'drop', ids };
}

/**
 * No BUM to EVPN ports that are not in the flood list: a to-lport drop of multicast and broadcast
 * (`eth.mcast` covers both) on the group of those ports. Only a VTEP that sent a type 3 with ingress
 * replication gets BUM traffic (RFC 8365 §9); one known only from type 2s gets unicast for its MACs.
 * OVN's ARP/ND responder answers with unicast, so it is not affected.
 */
export function noFloodAcl(pg: string, ids: Record<string, string>): Omit<AclState, 'uuid'> {
  return { direction: 'to-lport', priority: 32000, match: `outport == @${pg} && eth.mcast`, action: 'drop', ids };
}

const LSP = 'Logical_Switch_Port';

const setIds = (table: string, record: string, ids: Readonly<Record<string, string>>): Command =>
  ['set', table, record, ...Object.keys(ids).sort().map((k) => kv('external_ids', k, ids[k] ?? ''))];

/**
 * add/remove on the addresses column, cut into commands of ADDRESS_VALUES_PER_COMMAND values. The generic
 * commands, not lsp-set-addresses: that one refuses the whole transaction when an IP is already on another
 * port of the switch, and one duplicate learned from a peer must not block every other change.
 */
export function addressSteps(verb: 'add' | 'remove', lsp: string, values: Iterable<string>): Step[] {
  const all = [...values].sort();
  const out: Step[] = [];
  for (let i = 0; i < all.length; i += ADDRESS_VALUES_PER_COMMAND) {
    out.push(step([verb, LSP, lsp, 'addresses', ...all.slice(i, i + ADDRESS_VALUES_PER_COMMAND).map(q)]));
  }
  return out;
}

/** Creates an LSP with exactly these addresses (after deleting a same-named one on the wrong switch). */
export function createLspSteps(d: DesiredLsp, deleteFirst: boolean): Step[] {
  const head: Command[] = [];
  if (deleteFirst) head.push(['--if-exists', 'lsp-del', d.name]);
  head.push(['--may-exist', 'lsp-add', d.switchUuid, d.name]);
  head.push([...setIds(LSP, d.name, d.ids), ...optionArgs(d.options), `type=${q('')}`]);
  head.push(['clear', LSP, d.name, 'addresses']);
  return [step(...head), ...addressSteps('add', d.name, d.addresses)];
}

/** Brings an existing LSP on the right switch to the desired type, ids and addresses. */
export function updateLspSteps(d: DesiredLsp, actual: LspState): Step[] {
  const out: Step[] = [];
  if (actual.type !== '' || !idsContain(actual.ids, d.ids) || !idsContain(actual.options ?? {}, d.options ?? {})) {
    out.push(step([...setIds(LSP, d.name, d.ids), ...optionArgs(d.options), `type=${q('')}`]));
  }
  const stale = (d.clearOptions ?? []).filter((k) => actual.options?.[k] !== undefined);
  if (stale.length > 0) out.push(step(['remove', LSP, d.name, 'options', ...stale.map(q)]));
  const toRemove = [...actual.addresses].filter((a) => !d.addresses.has(a));
  const toAdd = [...d.addresses].filter((a) => !actual.addresses.has(a));
  // Remove first: a MAC whose IPs changed has a new entry string, and the old must go in the same transaction.
  out.push(...addressSteps('remove', d.name, toRemove), ...addressSteps('add', d.name, toAdd));
  return out;
}

const optionArgs = (o: Readonly<Record<string, string>> | undefined): string[] =>
  Object.keys(o ?? {}).sort().map((k) => kv('options', k, o?.[k] ?? ''));

/** Deletes an LSP (and with it its Port_Group membership: Port_Group.ports holds weak references). */
export const deleteLspStep = (name: string): Step => step(['--if-exists', 'lsp-del', name]);

const aclCreate = (ref: string, acl: Omit<AclState, 'uuid'>): Command => [
  `--id=@${ref}`, 'create', 'ACL', `direction=${acl.direction}`, `priority=${acl.priority}`,
  `match=${q(acl.match)}`, `action=${acl.action}`, ...Object.keys(acl.ids).sort().map((k) => kv('external_ids', k, acl.ids[k] ?? '')),
];

const setPorts = (pg: string, ports: Set<string>): Command =>
  ports.size === 0 ? ['clear', 'Port_Group', pg, 'ports'] : ['pg-set-ports', pg, ...[...ports].sort()];

/**
 * Creates a Port_Group with its ACL in one step (the ACL row is referenced as @<ref>, unique within the
 * transaction; ACL is a non-root table, so it lives exactly as long as the group references it).
 */
export function createPgSteps(d: DesiredPg, ref: string): Step[] {
  const ids = Object.keys(d.ids).sort().map((k) => kv('external_ids', k, d.ids[k] ?? ''));
  const out = [step(aclCreate(ref, d.acl), ['create', 'Port_Group', `name=${q(d.name)}`, `acls=@${ref}`, ...ids])];
  if (d.ports.size > 0) out.push(step(setPorts(d.name, d.ports)));
  return out;
}

/** Brings an existing Port_Group to the desired members, ids and single split-horizon ACL. */
export function updatePgSteps(d: DesiredPg, actual: PgState, ref: string): Step[] {
  const out: Step[] = [];
  if (!idsContain(actual.ids, d.ids)) out.push(step(setIds('Port_Group', d.name, d.ids)));
  if (!sameSet(actual.ports, d.ports)) out.push(step(setPorts(d.name, d.ports)));
  const good = actual.acls.find((a) => aclEquals(a, d.acl));
  for (const a of actual.acls) {
    if (a !== good && a.uuid !== null) out.push(step(['remove', 'Port_Group', d.name, 'acls', a.uuid]));
  }
  if (good === undefined) {
    out.push(step(aclCreate(ref, d.acl), ['add', 'Port_Group', d.name, 'acls', `@${ref}`]));
  }
  return out;
}

/** Deletes a Port_Group by name or uuid; its ACLs go with it (garbage collection of non-root rows). */
export const deletePgStep = (record: string): Step => step(['--if-exists', 'destroy', 'Port_Group', record]);

/** True when every key of want has the same value in have (other keys are someone else's business). */
export function idsContain(have: Readonly<Record<string, string>>, want: Readonly<Record<string, string>>): boolean {
  return Object.keys(want).every((k) => have[k] === want[k]);
}

/** Set equality. */
export function sameSet<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): boolean {
  if (a.size !== b.size) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** An ACL matches when direction, priority, match, action and our ids agree. */
export const aclEquals = (a: Omit<AclState, 'uuid'>, b: Omit<AclState, 'uuid'>): boolean =>
  a.direction === b.direction && a.priority === b.priority && a.match === b.match && a.action === b.action && idsContain(a.ids, b.ids);

/** The read of everything needed to reconcile the NB: switches, our LSPs, Port_Groups and ACLs. */
export function readNbSteps(): Step[] {
  const mark = kv('external_ids', EXT.managed, 'true');
  return [
    step(['--columns=_uuid,name,ports', 'list', 'Logical_Switch']),
    step(['--columns=_uuid,name,type,addresses,external_ids,options', 'find', LSP, mark]),
    step(['--columns=_uuid,name,ports,acls,external_ids', 'find', 'Port_Group', mark]),
    step(['--columns=_uuid,direction,priority,match,action,external_ids', 'find', 'ACL', mark]),
  ];
}

/** The managed NB objects read back. */
export interface NbRead {
  switches: SwitchIndex;
  lsps: Map<string, LspState[]>;
  strayLsps: LspState[];
  pgs: Map<number, PgState[]>;
  strayPgs: PgState[];
}

/** Parses the output of readNbSteps (one ovn-nbctl invocation). */
export function parseNbRead(stdout: string): NbRead {
  const [switches = [], lsps = [], pgs = [], acls = []] = parseTables(stdout);
  const lspUuids = new Set(lsps.map((r) => atomText(r._uuid)));
  const out: NbRead = {
    switches: { uuidByName: new Map(), nameByUuid: new Map() }, lsps: new Map(), strayLsps: [], pgs: new Map(), strayPgs: [],
  };
  const switchOfLsp = new Map<string, string>();
  for (const s of switches) {
    const uuid = atomText(s._uuid);
    const name = scalarText(s.name);
    out.switches.nameByUuid.set(uuid, name);
    if (!out.switches.uuidByName.has(name)) out.switches.uuidByName.set(name, uuid);
    for (const p of setTexts(s.ports)) if (lspUuids.has(p)) switchOfLsp.set(p, uuid);
  }
  const lspNameByUuid = new Map<string, string>();
  for (const r of lsps) {
    const uuid = atomText(r._uuid);
    const st: LspState = {
      name: scalarText(r.name), switchUuid: switchOfLsp.get(uuid) ?? null, type: scalarText(r.type),
      addresses: new Set(setTexts(r.addresses)), ids: mapTexts(r.external_ids), options: mapTexts(r.options),
    };
    lspNameByUuid.set(uuid, st.name);
    const id = identityOf(st.ids);
    if (id === null || id.vtep === null) out.strayLsps.push(st);
    else pushAt(out.lsps, pairKey(id.vni, id.vtep, id.key), st);
  }
  const aclByUuid = new Map(acls.map((r) => [atomText(r._uuid), aclOf(r)]));
  for (const r of pgs) {
    const st: PgState = {
      uuid: atomText(r._uuid), name: scalarText(r.name),
      ports: new Set(setTexts(r.ports).map((u) => lspNameByUuid.get(u) ?? `uuid:${u}`)),
      acls: setTexts(r.acls).map((u) => aclByUuid.get(u) ?? foreignAcl(u)),
      ids: mapTexts(r.external_ids),
    };
    const id = identityOf(st.ids);
    if (id === null) out.strayPgs.push(st);
    else pushAt(out.pgs, id.vni, st);
  }
  return out;
}

function aclOf(r: Row): AclState {
  return {
    uuid: atomText(r._uuid), direction: scalarText(r.direction), priority: Number(scalarText(r.priority)),
    match: scalarText(r.match), action: scalarText(r.action), ids: mapTexts(r.external_ids),
  };
}

/** An ACL on our group that is not ours: it never matches the desired one, so it is removed. */
const foreignAcl = (uuid: string): AclState => ({ uuid, direction: '', priority: -1, match: '', action: '', ids: {} });
