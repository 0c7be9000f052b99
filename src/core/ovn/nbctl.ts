// The EVPN logical switch ports, their per-VNI Port_Group and the split-horizon ACL as prepared OVSDB
// transactions on the NB (columns: ovn-nb(5) 23.03): rows we insert get uuids of ours, and every later change
// addresses a row by `_uuid ==` (a hash lookup in ovsdb-server; `name ==` scans the table, 25× the server CPU
// at 20k foreign LSPs). Plus the ovn-nbctl JSON read of the objects we manage (ovn-nbctl(8) "Database Commands").
import { byUuid, newUuid, ovsMap, ovsSet, setKeys, txStep, uuidRef, type Op, type OpResult, type TxStep } from './txn.js';
import { EXT, identityOf, pairKey } from './naming.js';
import { atomText, mapTexts, scalarText, setTexts, type Row } from './ovsdb-json.js';
import { pushAt, type AclState, type LspState, type PgState, type SwitchIndex } from './managed-state.js';

/** Values per addresses mutation, so one huge address set can still be cut between transactions. */
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

const switchLink = (switchUuid: string, mutator: 'insert' | 'delete', uuid: string) =>
  ({ table: 'Logical_Switch', where: byUuid(switchUuid), column: 'ports', mutator, uuid });

/**
 * mutate insert/delete on the addresses column, cut into steps of ADDRESS_VALUES_PER_COMMAND values (one
 * transaction is one argv string). Never a whole-column replace: that is what lsp-set-addresses does, and it
 * is refused when an IP is already on another port of the switch; one duplicate learned from a peer must
 * not block every other change.
 */
export function addressSteps(verb: 'insert' | 'delete', lspUuid: string, values: Iterable<string>): TxStep[] {
  const all = [...values].sort();
  const out: TxStep[] = [];
  for (let i = 0; i < all.length; i += ADDRESS_VALUES_PER_COMMAND) {
    out.push(txStep([{ op: 'mutate', table: LSP, where: byUuid(lspUuid), mutations: [['addresses', verb, ovsSet(all.slice(i, i + ADDRESS_VALUES_PER_COMMAND))]] }]));
  }
  return out;
}

/**
 * Creates an LSP with exactly these addresses, with a uuid of ours, referenced by its switch (LSPs are
 * non-root rows); `replacing` is a same-named LSP of ours on another switch, dropped in the same transaction.
 */
export function createLspSteps(d: DesiredLsp, replacing: LspState | null = null): { steps: TxStep[]; uuid: string } {
  const uuid = newUuid();
  const links = [];
  if (replacing !== null && replacing.switchUuid !== null) links.push(switchLink(replacing.switchUuid, 'delete', replacing.uuid));
  links.push(switchLink(d.switchUuid, 'insert', uuid));
  const all = [...d.addresses].sort();
  const first = all.slice(0, ADDRESS_VALUES_PER_COMMAND);
  const row = { name: d.name, type: '', addresses: ovsSet(first), external_ids: ovsMap(d.ids), options: ovsMap(d.options ?? {}) };
  return { uuid, steps: [txStep([{ op: 'insert', table: LSP, uuid, row }], links), ...addressSteps('insert', uuid, all.slice(first.length))] };
}

/** Brings an existing LSP on the right switch to the desired type, ids and addresses, by its uuid. */
export function updateLspSteps(d: DesiredLsp, actual: LspState): TxStep[] {
  const out: TxStep[] = [];
  const where = byUuid(actual.uuid);
  if (actual.type !== '') out.push(txStep([{ op: 'update', table: LSP, where, row: { type: '' } }]));
  const mutations = [
    ...(idsContain(actual.ids, d.ids) ? [] : setKeys('external_ids', d.ids)),
    ...(idsContain(actual.options ?? {}, d.options ?? {}) ? [] : setKeys('options', d.options ?? {})),
  ];
  const stale = (d.clearOptions ?? []).filter((k) => actual.options?.[k] !== undefined);
  if (stale.length > 0) mutations.push(['options', 'delete', ovsSet(stale)]);
  if (mutations.length > 0) out.push(txStep([{ op: 'mutate', table: LSP, where, mutations }]));
  const toRemove = [...actual.addresses].filter((a) => !d.addresses.has(a));
  const toAdd = [...d.addresses].filter((a) => !actual.addresses.has(a));
  // Remove first: a MAC whose IPs changed has a new entry string, and the old must go in the same transaction.
  out.push(...addressSteps('delete', actual.uuid, toRemove), ...addressSteps('insert', actual.uuid, toAdd));
  return out;
}

/**
 * Deletes an LSP: drops its switch's reference (the row goes with it, and with it its Port_Group membership:
 * Port_Group.ports holds weak references). Nothing for an LSP on no switch (it cannot exist).
 */
export const deleteLspStep = (l: { uuid: string; switchUuid: string | null }): TxStep =>
  txStep([], l.switchUuid === null ? [] : [switchLink(l.switchUuid, 'delete', l.uuid)]);

const aclRow = (acl: Omit<AclState, 'uuid'>) =>
  ({ direction: acl.direction, priority: acl.priority, match: acl.match, action: acl.action, external_ids: ovsMap(acl.ids) });

/** The uuids of the LSPs a group should hold, from their names; a name without a known row is left out (weak references). */
export type LspUuids = (name: string) => string | undefined;

const portRefs = (ports: Set<string>, uuidOf: LspUuids) =>
  ovsSet([...ports].sort().map(uuidOf).filter((u): u is string => u !== undefined).map(uuidRef));

/**
 * Creates a Port_Group with its ACL in one step (ACL is a non-root table: it lives exactly as long as the
 * group references it); both get uuids of ours.
 */
export function createPgSteps(d: DesiredPg, uuidOf: LspUuids): { steps: TxStep[]; uuid: string; aclUuid: string } {
  const uuid = newUuid();
  const aclUuid = newUuid();
  const row = { name: d.name, acls: uuidRef(aclUuid), ports: portRefs(d.ports, uuidOf), external_ids: ovsMap(d.ids) };
  return { uuid, aclUuid, steps: [txStep([{ op: 'insert', table: 'ACL', uuid: aclUuid, row: aclRow(d.acl) }, { op: 'insert', table: 'Port_Group', uuid, row }])] };
}

/** Brings an existing Port_Group to the desired members, ids and single split-horizon ACL, by its uuid. */
export function updatePgSteps(d: DesiredPg, actual: PgState & { uuid: string }, uuidOf: LspUuids): { steps: TxStep[]; aclUuid: string | null } {
  const out: TxStep[] = [];
  const where = byUuid(actual.uuid);
  if (!idsContain(actual.ids, d.ids)) out.push(txStep([{ op: 'mutate', table: 'Port_Group', where, mutations: setKeys('external_ids', d.ids) }]));
  if (!sameSet(actual.ports, d.ports)) out.push(txStep([{ op: 'update', table: 'Port_Group', where, row: { ports: portRefs(d.ports, uuidOf) } }]));
  const good = actual.acls.find((a) => aclEquals(a, d.acl));
  const drop = actual.acls.filter((a) => a !== good && a.uuid !== null).map((a) => uuidRef(a.uuid ?? ''));
  if (drop.length > 0) out.push(txStep([{ op: 'mutate', table: 'Port_Group', where, mutations: [['acls', 'delete', ovsSet(drop)]] }]));
  if (good !== undefined) return { steps: out, aclUuid: good.uuid };
  const aclUuid = newUuid();
  out.push(txStep([
    { op: 'insert', table: 'ACL', uuid: aclUuid, row: aclRow(d.acl) },
    { op: 'mutate', table: 'Port_Group', where, mutations: [['acls', 'insert', ovsSet([uuidRef(aclUuid)])]] },
  ]));
  return { steps: out, aclUuid };
}

/** Deletes a Port_Group (a root table) by uuid; its ACLs go with it (garbage collection of non-root rows). */
export const deletePgStep = (uuid: string): TxStep => txStep([{ op: 'delete', table: 'Port_Group', where: byUuid(uuid) }]);

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

const MARK = ['map', [[EXT.managed, 'true']]];
const LSP_COLUMNS = ['_uuid', 'name', 'type', 'addresses', 'external_ids', 'options'];

/**
 * The first read of a reconcile, one NB transaction: every switch's uuid and name (not its ports: at 20k foreign
 * LSPs those are most of the NB), and our marked LSPs, Port_Groups and ACLs. The server filters on the mark,
 * so what comes back is what we manage.
 */
export function readNbOps(): Op[] {
  const where = (table: string, columns: string[]) => ({ op: 'select', table, where: [['external_ids', 'includes', MARK]], columns });
  return [
    { op: 'select', table: 'Logical_Switch', where: [], columns: ['_uuid', 'name'] },
    where(LSP, LSP_COLUMNS),
    where('Port_Group', ['_uuid', 'name', 'ports', 'acls', 'external_ids']),
    where('ACL', ['_uuid', 'direction', 'priority', 'match', 'action', 'external_ids']),
  ];
}

/** The members of these switches, by uuid (a hash lookup each): where our LSPs sit. */
export const switchPortsOps = (switchUuids: Iterable<string>): Op[] =>
  [...switchUuids].map((u) => ({ op: 'select', table: 'Logical_Switch', where: byUuid(u), columns: ['_uuid', 'ports'] }));

/** The switch holding an LSP, for ours that sit on no switch we map (left over from an unmapped network). */
export const switchOfLspOp = (lspUuid: string): Op =>
  ({ op: 'select', table: 'Logical_Switch', where: [['ports', 'includes', ovsSet([uuidRef(lspUuid)])]], columns: ['_uuid'] });

/** The rows of a select result. */
export function selectRows(r: OpResult | undefined): Row[] {
  const rows = r?.rows;
  if (!Array.isArray(rows)) throw new TypeError(`expected a select result {"rows": [...]}, got ${JSON.stringify(r).slice(0, 80)}`);
  return rows as Row[];
}

/** The managed NB objects read back. */
export interface NbRead {
  switches: SwitchIndex;
  lsps: Map<string, LspState[]>;
  strayLsps: LspState[];
  pgs: Map<number, PgState[]>;
  strayPgs: PgState[];
}

/** Builds the managed NB state from rows: switches (_uuid, name, ports: only for those holding our LSPs), LSPs, groups, ACLs. */
export function parseNbRead(switches: readonly Row[], lsps: readonly Row[], pgs: readonly Row[], acls: readonly Row[]): NbRead {
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
      uuid, name: scalarText(r.name), switchUuid: switchOfLsp.get(uuid) ?? null, type: scalarText(r.type),
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
