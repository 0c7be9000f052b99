// Desired vs. known state → prepared-transaction steps. One pure function serves both paths: an incremental batch diffs
// only the dirty pairs and VNIs against what the last batch left, and a reconcile diffs everything against
// a fresh read (create what is missing, fix what differs, delete orphans and strays). Deletes come first so
// a name freed in one place can be reused in the same transaction.
import type { DesiredModel, DirtySet } from './desired-model.js';
import {
  createLspSteps, createPgSteps, deleteLspStep, deletePgStep, idsContain, noFloodAcl, sameSet, splitHorizonAcl,
  updateLspSteps, updatePgSteps, type DesiredLsp, type DesiredPg, type LspUuids,
} from './nbctl.js';
import { EXT, lspName, managedIds, noFloodGroupName, NO_FLOOD_ROLE, pairKey, parsePairKey, portGroupName } from './naming.js';
import { resolveSwitch, type LspState, type ManagedState, type OvsPortState, type PgState } from './managed-state.js';
import type { PortNames } from './port-names.js';
import { createPortStep, deletePortStep, fixPortStep, vxlanOptions, type DesiredPort } from './vsctl.js';
import type { TxStep } from './txn.js';
import { noForeign, ownerIds, type ForeignNames, type Owner } from './owner.js';

/** The LSP option that pins a port's binding to one chassis (ovn-nb(5) Logical_Switch_Port options). */
export const REQUESTED_CHASSIS = 'requested-chassis';

/** What one diff asks for. */
export interface DiffPlan {
  /** Writes to the OVS conf.db (Open_vSwitch). */
  ovs: TxStep[];
  /** Writes to the NB (OVN_Northbound). */
  nb: TxStep[];
  /** VNIs whose logical switch does not exist, with the switch asked for. */
  missingSwitches: Map<number, string>;
  /** Objects we would write whose names another owner holds: left alone, reported. */
  conflicts: string[];
  /** Records the plan as done in the state it was computed from; call only after both tools succeeded. */
  commit(): void;
}

/** Everything a diff reads. */
export interface DiffInput {
  model: DesiredModel;
  state: ManagedState;
  names: PortNames;
  bridge: string;
  /** Our identity: stamped on every object, and in an HA group the chassis the EVPN LSPs bind to. Null: no owner marks. */
  owner?: Owner | null;
  /** Names of other owners' objects, never touched. */
  foreign?: ForeignNames;
}

/** Plans the changes for a dirty set, or for everything ('all', reconcile after a read). */
export function planChanges(input: DiffInput, scope: DirtySet | 'all'): DiffPlan {
  const { model, state } = input;
  const pairs = scope === 'all' ? allPairs(model, state) : scope.pairs;
  const vnis = scope === 'all' ? new Set([...model.networks().map((n) => n.vni), ...state.pgs.keys()]) : scope.vnis;
  const out = { vsDel: [] as TxStep[], vs: [] as TxStep[], nbDel: [] as TxStep[], nb: [] as TxStep[], pg: [] as TxStep[] };
  const missingSwitches = new Map<number, string>();
  const conflicts: string[] = [];
  const foreign = input.foreign ?? noForeign();
  const nextPorts = new Map<string, OvsPortState | null>();
  const nextLsps = new Map<string, LspState | null>();
  const nextPgs = new Map<number, PgState[]>();
  // A recreated LSP is a new row: the group's weak reference to the old one is gone whatever the names say.
  const recreated = new Set<number>();
  const uuidOf = lspUuids(state, nextLsps);

  for (const key of pairs) {
    const { vni, vtep, key: vxlanKey } = parsePairKey(key);
    const ports = state.ports.get(key) ?? [];
    const lsps = state.lsps.get(key) ?? [];
    if (!model.hasPair(vni, vtep, vxlanKey)) {
      for (const p of ports) out.vsDel.push(deletePortStep(p));
      for (const l of lsps) out.nbDel.push(deleteLspStep(l));
      input.names.release(key);
      nextPorts.set(key, null);
      nextLsps.set(key, null);
      continue;
    }
    const port = desiredPort(input, vni, vtep, vxlanKey);
    const lspWanted = lspName(vni, vtep, vxlanKey);
    if (foreign.ports.has(port.name) || foreign.lsps.has(lspWanted)) {
      // Another chassis or group owns this pair's names on the same databases: never take them over.
      conflicts.push(`VNI ${vni} VTEP ${vtep}: ${foreign.lsps.has(lspWanted) ? `LSP ${lspWanted}` : `OVS port ${port.name}`} belongs to another chassis or HA group; not programmed`);
      continue;
    }
    const keep = ports.find((p) => p.name === port.name);
    for (const p of ports) if (p !== keep) out.vsDel.push(deletePortStep(p));
    let rows = keep === undefined ? null : { uuid: keep.uuid, ifaceUuid: keep.ifaceUuid };
    if (keep === undefined || keep.bridge !== port.bridge) {
      const made = createPortStep(port, keep ?? null);
      out.vs.push(made.step);
      rows = made.rows;
    } else if (!portMatches(keep, port)) out.vs.push(fixPortStep(port, keep));
    if (rows !== null) nextPorts.set(key, { ...rows, name: port.name, bridge: port.bridge, type: 'vxlan', options: port.options, ifaceIds: port.ifaceIds, portIds: port.portIds });

    const lsp = desiredLsp(input, vni, vtep, vxlanKey);
    if (lsp === null) missingSwitches.set(vni, model.network(vni)?.logicalSwitch ?? '');
    const keepLsp = lsp === null ? undefined : lsps.find((l) => l.name === lsp.name);
    for (const l of lsps) if (l !== keepLsp) out.nbDel.push(deleteLspStep(l));
    let lspUuid: string | null = null;
    if (lsp !== null) {
      if (keepLsp === undefined || keepLsp.switchUuid !== lsp.switchUuid) {
        const made = createLspSteps(lsp, keepLsp ?? null);
        out.nb.push(...made.steps);
        lspUuid = made.uuid;
        if (keepLsp !== undefined) recreated.add(vni);
      } else {
        out.nb.push(...updateLspSteps(lsp, keepLsp));
        lspUuid = keepLsp.uuid;
      }
    }
    nextLsps.set(key, lsp === null || lspUuid === null ? null
      : { uuid: lspUuid, name: lsp.name, switchUuid: lsp.switchUuid, type: '', addresses: lsp.addresses, ids: lsp.ids, options: { ...lsp.options } });
  }

  for (const vni of vnis) {
    const groups = state.pgs.get(vni) ?? [];
    let wanted = model.network(vni) === undefined ? [] : desiredPgs(input, vni);
    const taken = wanted.filter((pg) => foreign.pgs.has(pg.name));
    for (const pg of taken) conflicts.push(`VNI ${vni}: Port_Group ${pg.name} belongs to another chassis or HA group; not programmed`);
    wanted = wanted.filter((pg) => !foreign.pgs.has(pg.name));
    const kept = new Set<PgState>();
    const next: PgState[] = [];
    for (const pg of wanted) {
      const keep = groups.find((g) => g.name === pg.name);
      if (keep !== undefined) kept.add(keep);
      const known = keep !== undefined && recreated.has(vni) ? { ...keep, ports: new Set<string>() } : keep;
      let uuid: string;
      let aclUuid: string | null;
      if (known === undefined) {
        const made = createPgSteps(pg, uuidOf);
        out.pg.push(...made.steps);
        ({ uuid, aclUuid } = made);
      } else {
        const fixed = updatePgSteps(pg, known, uuidOf);
        out.pg.push(...fixed.steps);
        ({ uuid } = known);
        ({ aclUuid } = fixed);
      }
      next.push({ uuid, name: pg.name, ports: pg.ports, acls: [{ uuid: aclUuid, ...pg.acl }], ids: pg.ids });
    }
    for (const g of groups) if (!kept.has(g)) out.nbDel.push(deletePgStep(g.uuid));
    nextPgs.set(vni, next);
  }

  if (scope === 'all') {
    for (const p of state.strayPorts) out.vsDel.push(deletePortStep(p));
    for (const l of state.strayLsps) out.nbDel.push(deleteLspStep(l));
    for (const g of state.strayPgs) out.nbDel.push(deletePgStep(g.uuid));
  }

  return {
    ovs: [...out.vsDel, ...out.vs],
    nb: [...out.nbDel, ...out.nb, ...out.pg],
    missingSwitches,
    conflicts,
    commit: () => {
      setAll(state.ports, nextPorts);
      setAll(state.lsps, nextLsps);
      for (const [vni, list] of nextPgs) {
        if (list.length === 0) state.pgs.delete(vni);
        else state.pgs.set(vni, list);
      }
      if (scope === 'all') {
        state.strayPorts = [];
        state.strayLsps = [];
        state.strayPgs = [];
      }
    },
  };
}

function setAll<K, V>(target: Map<K, V[]>, next: Map<K, V | null>): void {
  for (const [k, v] of next) {
    if (v === null) target.delete(k);
    else target.set(k, [v]);
  }
}

/**
 * The uuid of an LSP of ours by name, as this plan leaves it: planned (created or kept) first, else as known.
 * The index over the known state is built on first use (most batches touch no group membership).
 */
function lspUuids(state: ManagedState, planned: Map<string, LspState | null>): LspUuids {
  let known: Map<string, string> | null = null;
  let plannedByName: Map<string, string | null> | null = null;
  const indexPlanned = (): Map<string, string | null> => {
    const m = new Map<string, string | null>();
    for (const [key, l] of planned) {
      if (l !== null) m.set(l.name, l.uuid);
      else for (const old of state.lsps.get(key) ?? []) if (!m.has(old.name)) m.set(old.name, null);
    }
    return m;
  };
  // Called only once the pairs are planned (groups come after them), so the index is built once per plan.
  return (name) => {
    plannedByName ??= indexPlanned();
    const p = plannedByName.get(name);
    if (p !== undefined) return p ?? undefined;
    known ??= new Map([...state.lsps.values()].flat().map((l) => [l.name, l.uuid]));
    return known.get(name);
  };
}

/** Every pair that is desired or known, for a reconcile. */
function allPairs(model: DesiredModel, state: ManagedState): Set<string> {
  const keys = new Set<string>([...state.ports.keys(), ...state.lsps.keys()]);
  for (const n of model.networks()) for (const p of model.pairs(n.vni)) keys.add(pairKey(n.vni, p.vtep, p.key));
  return keys;
}

/** The VXLAN port of a pair: key = the routes' label, local_ip = our VTEP of the remote's family. */
function desiredPort(input: DiffInput, vni: number, vtep: string, key: number): DesiredPort {
  const ids = idsOf(input, vni, vtep, key);
  return {
    name: input.names.nameFor(pairKey(vni, vtep, key)),
    bridge: input.bridge,
    options: vxlanOptions(key, vtep, input.model.localFor(vtep)),
    ifaceIds: { 'iface-id': lspName(vni, vtep, key), ...ids },
    portIds: ids,
  };
}

/** The LSP of a pair, or null while its switch does not exist. */
function desiredLsp(input: DiffInput, vni: number, vtep: string, key: number): DesiredLsp | null {
  const net = input.model.network(vni);
  const sw = net === undefined ? null : resolveSwitch(input.state.switches, net.logicalSwitch);
  if (sw === null) return null;
  const grouped = input.owner != null && input.owner.group !== null;
  return {
    name: lspName(vni, vtep, key), switchUuid: sw, addresses: input.model.addresses(vni, vtep, key), ids: idsOf(input, vni, vtep, key),
    // In an HA group the port binds where the active is: ovn-controllers never fight over it (issue 10).
    ...(grouped && input.owner ? { options: { [REQUESTED_CHASSIS]: input.owner.chassis } } : { clearOptions: [REQUESTED_CHASSIS] }),
  };
}

/** Our marks, identity and owner for an object of a pair (or of a VNI). */
function idsOf(input: DiffInput, vni: number, vtep?: string, key?: number): Record<string, string> {
  return { ...managedIds(vni, vtep, key), ...(input.owner ? ownerIds(input.owner) : {}) };
}

/**
 * A VNI's Port_Groups: all its EVPN LSPs that can exist (their switch does) with the split-horizon ACL;
 * and, when some pair is not in the flood list, those LSPs with a drop of multicast and broadcast towards
 * them: OVN floods BUM to every port of a switch whatever its addresses, and a VTEP that sent no type 3
 * with ingress replication must get none (RFC 8365 §9).
 */
function desiredPgs(input: DiffInput, vni: number): DesiredPg[] {
  const net = input.model.network(vni);
  const hasSwitch = net !== undefined && resolveSwitch(input.state.switches, net.logicalSwitch) !== null;
  const pairs = hasSwitch ? input.model.pairs(vni) : [];
  const name = portGroupName(vni);
  const ids = idsOf(input, vni);
  const out: DesiredPg[] = [{ name, ports: new Set(pairs.map((p) => lspName(vni, p.vtep, p.key))), ids, acl: splitHorizonAcl(name, ids) }];
  const quiet = pairs.filter((p) => !input.model.floods(vni, p.vtep, p.key));
  if (quiet.length > 0) {
    const nf = noFloodGroupName(vni);
    const nfIds = { ...ids, [EXT.role]: NO_FLOOD_ROLE };
    out.push({ name: nf, ports: new Set(quiet.map((p) => lspName(vni, p.vtep, p.key))), ids: nfIds, acl: noFloodAcl(nf, nfIds) });
  }
  return out;
}

function portMatches(have: OvsPortState, want: DesiredPort): boolean {
  return have.bridge === want.bridge && have.type === 'vxlan' && sameMap(have.options, want.options)
    && idsContain(have.ifaceIds, want.ifaceIds) && idsContain(have.portIds, want.portIds);
}

function sameMap(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  return sameSet(new Set(Object.entries(a).map(([k, v]) => `${k}=${v}`)), new Set(Object.entries(b).map(([k, v]) => `${k}=${v}`)));
}
