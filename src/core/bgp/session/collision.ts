// Connection collision resolution (RFC 4271 §6.8) between the connection whose OPEN was just accepted
// and the neighbor's other connection, with the graceful-restart exception of RFC 4724 §4.2.
import { mustDump } from '../fsm/collision.js';
import type { FsmStateName } from '../fsm/types.js';

/** One side of a collision. */
export interface CollisionSide {
  readonly state: FsmStateName;
  /** True when the peer opened this connection. */
  readonly inbound: boolean;
}

/** What to do: nothing, dump the fresh connection, dump the other one, or end the other as a peer restart. */
export type CollisionVerdict = 'none' | 'dump-fresh' | 'dump-other' | 'restart-other';

/**
 * `fresh` just accepted the peer's OPEN (so the peer's BGP identifier is known, which §6.8 allows to be
 * used against OpenSent connections too); `other` is the neighbor's other connection.
 * - other Established: the fresh connection is closed (§6.8), unless the old session negotiated graceful
 *   restart: a new OPEN then means the peer restarted, and the old session ends as a TCP failure (RFC 4724 §4.2).
 * - both opened from the same side: the older one is dumped, its opener evidently gave up on it.
 * - else the connection opened by the speaker with the higher BGP identifier survives.
 */
export function resolveCollision(
  fresh: CollisionSide,
  other: CollisionSide & { gracefulRestart: boolean },
  local: { routerId: string; asn: number },
  remote: { routerId: string; asn: number },
): CollisionVerdict {
  if (other.state === 'Established') return other.gracefulRestart ? 'restart-other' : 'dump-fresh';
  if (other.state !== 'OpenSent' && other.state !== 'OpenConfirm') return 'none';
  if (fresh.inbound === other.inbound) return 'dump-other';
  return mustDump(fresh.inbound, local, remote) ? 'dump-fresh' : 'dump-other';
}
