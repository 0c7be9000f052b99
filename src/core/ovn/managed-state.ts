// The shape of "what is in the databases" that reconcile compares against: read back from OVS and the NB,
// or, between reads, the state our last successful batch left behind. Objects are grouped by the identity
// in their external_ids; objects that carry our mark but no valid identity are strays, deleted on sight.

/** An OVS Port + Interface pair on a bridge. */
export interface OvsPortState {
  name: string;
  /** The Port row and its Interface row (read back, or chosen by us when we inserted them). */
  uuid: string;
  ifaceUuid: string;
  bridge: string | null;
  type: string;
  options: Record<string, string>;
  ifaceIds: Record<string, string>;
  portIds: Record<string, string>;
}

/** A logical switch port and the switch holding it. */
export interface LspState {
  /** The row's uuid (read back, or chosen by us when we inserted it). */
  uuid: string;
  name: string;
  switchUuid: string | null;
  type: string;
  addresses: Set<string>;
  ids: Record<string, string>;
  /** The options column, when read (requested-chassis is ours in an HA group). */
  options?: Record<string, string>;
}

/** An ACL; uuid null only for a desired one not yet written. */
export interface AclState {
  uuid: string | null;
  direction: string;
  priority: number;
  match: string;
  action: string;
  ids: Record<string, string>;
}

/** A Port_Group; ports are LSP names, or "uuid:<u>" for members that are not our LSPs. */
export interface PgState {
  uuid: string;
  name: string;
  ports: Set<string>;
  acls: AclState[];
  ids: Record<string, string>;
}

/** Logical switches by name and by uuid. */
export interface SwitchIndex {
  uuidByName: Map<string, string>;
  nameByUuid: Map<string, string>;
}

/** Everything managed, as last known. */
export interface ManagedState {
  ports: Map<string, OvsPortState[]>; // by pair key
  strayPorts: OvsPortState[];
  lsps: Map<string, LspState[]>; // by pair key
  strayLsps: LspState[];
  pgs: Map<number, PgState[]>; // by VNI: the split-horizon group and, when needed, the no-flood group
  strayPgs: PgState[];
  switches: SwitchIndex;
}

/** A state with nothing in it. */
export const emptyState = (): ManagedState => ({
  ports: new Map(), strayPorts: [], lsps: new Map(), strayLsps: [], pgs: new Map(), strayPgs: [],
  switches: { uuidByName: new Map(), nameByUuid: new Map() },
});

/** The uuid of a switch given by name or uuid; null when it does not exist. */
export function resolveSwitch(index: SwitchIndex, nameOrUuid: string): string | null {
  if (index.nameByUuid.has(nameOrUuid)) return nameOrUuid;
  return index.uuidByName.get(nameOrUuid) ?? null;
}

/** Appends v to the list at key k. */
export function pushAt<K, V>(m: Map<K, V[]>, k: K, v: V): void {
  const list = m.get(k);
  if (list === undefined) m.set(k, [v]);
  else list.push(v);
}

/** Counts of managed objects, for tests and status. */
export function stateCounts(s: ManagedState): { ports: number; lsps: number; pgs: number; addresses: number; strays: number } {
  let ports = 0, lsps = 0, pgs = 0, addresses = 0;
  for (const l of s.ports.values()) ports += l.length;
  for (const l of s.lsps.values()) for (const x of l) { lsps++; addresses += x.addresses.size; }
  for (const l of s.pgs.values()) pgs += l.length;
  return { ports, lsps, pgs, addresses, strays: s.strayPorts.length + s.strayLsps.length + s.strayPgs.length };
}
