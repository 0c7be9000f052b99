// Who owns a managed object (issue 10). Every object the programmer writes carries its chassis and, in an HA
// group, the group in external_ids. In a group the NB objects belong to the group: whichever chassis is
// active writes them and stamps its own name, so a takeover moves them instead of duplicating them. An object
// of another chassis (outside our group) or of another group is never modified or deleted; one that carries
// our mark but no owner (written before owners existed) is ours once: the next write stamps us on it.
import type { ManagedState } from './managed-state.js';

/** external_ids keys of the owner. */
export const OWNER_EXT = { chassis: 'evpnctl-chassis', group: 'evpnctl-group' } as const;

/** The daemon's identity as an owner: its chassis, and its HA group or null. */
export interface Owner {
  chassis: string;
  group: string | null;
}

/** Ours, ownerless (ours to adopt), or someone else's. */
export type Ownership = 'ours' | 'ownerless' | 'foreign';

/** The owner keys an object of ours carries. */
export function ownerIds(o: Owner): Record<string, string> {
  return o.group === null ? { [OWNER_EXT.chassis]: o.chassis } : { [OWNER_EXT.chassis]: o.chassis, [OWNER_EXT.group]: o.group };
}

/**
 * Whose an object is. Without an owner (owner null: programmer used without identity) everything marked is
 * ours, as before owners existed. A grouped object is ours when it is our group's, whichever chassis last
 * wrote it; an ungrouped one when it is our chassis's (a daemon that joins a group takes its own objects along).
 */
export function ownershipOf(ids: Readonly<Record<string, string>>, owner: Owner | null): Ownership {
  if (owner === null) return 'ours';
  const group = ids[OWNER_EXT.group];
  const chassis = ids[OWNER_EXT.chassis];
  if (group !== undefined) return group === owner.group ? 'ours' : 'foreign';
  if (chassis !== undefined) return chassis === owner.chassis ? 'ours' : 'foreign';
  return 'ownerless';
}

/** Names held by objects of other owners: ours must never take them over. */
export interface ForeignNames {
  ports: Set<string>;
  lsps: Set<string>;
  pgs: Set<string>;
}

/** No foreign objects. */
export const noForeign = (): ForeignNames => ({ ports: new Set(), lsps: new Set(), pgs: new Set() });

/**
 * Splits a state read back into ours (ownerless included: adopted) and the names of foreign objects, which
 * leave the state entirely: not reconciled, not deleted as orphans or strays.
 */
export function separateForeign(state: ManagedState, owner: Owner | null): { state: ManagedState; foreign: ForeignNames } {
  const foreign = noForeign();
  if (owner === null) return { state, foreign };
  const mine = <T extends { name: string }>(list: readonly T[], ids: (x: T) => Readonly<Record<string, string>>, into: Set<string>): T[] =>
    list.filter((x) => {
      if (ownershipOf(ids(x), owner) !== 'foreign') return true;
      into.add(x.name);
      return false;
    });
  const byKey = <K, T extends { name: string }>(m: Map<K, T[]>, ids: (x: T) => Readonly<Record<string, string>>, into: Set<string>): Map<K, T[]> => {
    const out = new Map<K, T[]>();
    for (const [k, list] of m) {
      const kept = mine(list, ids, into);
      if (kept.length > 0) out.set(k, kept);
    }
    return out;
  };
  return {
    foreign,
    state: {
      ...state,
      ports: byKey(state.ports, (p) => p.portIds, foreign.ports),
      strayPorts: mine(state.strayPorts, (p) => p.portIds, foreign.ports),
      lsps: byKey(state.lsps, (l) => l.ids, foreign.lsps),
      strayLsps: mine(state.strayLsps, (l) => l.ids, foreign.lsps),
      pgs: byKey(state.pgs, (g) => g.ids, foreign.pgs),
      strayPgs: mine(state.strayPgs, (g) => g.ids, foreign.pgs),
    },
  };
}
