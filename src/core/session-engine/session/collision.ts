// Connection collision resolution (RFC 4271 §6.8) between the connection whose OPEN was just accepted
// and the neighbor's other connection, with the graceful-restart exception of RFC 4724 §4.2.
import { mustDump } from '../fsm/collision.js';
import type { FsmStateName } from '../fsm/types.js';

/** One side of a collision. */
export interface CollisionSide {
  readonly state: FsmStateName;
  /** True when the peer opened this connection (false for our dial, and for no connection at all). */
  readonly inbound: boolean;
}

/** The other connection, with what the session layer knows about it beyond its FSM state. */
export interface OtherSide extends CollisionSide {
  /** The Established session negotiated graceful restart for L2VPN/EVPN. */
  readonly gracefulRestart: boolean;
  /** Open for a while (OPEN_GRACE_MS) without a single byte from the peer: nobody speaks BGP on it. */
  readonly silent: boolean;
}

/** How long a connection may stay mute before a collision stops counting it as the peer's (ms). */
export const OPEN_GRACE_MS = 1000;

/**
 * What to do: nothing; dump the fresh connection or the other one (Cease / Connection Collision
 * Resolution on it); drop the other one (no OPEN went out on it, so it just goes, without a NOTIFICATION);
 * or end the other one as a peer restart.
 */
export type CollisionVerdict = 'none' | 'dump-fresh' | 'dump-other' | 'drop-other' | 'restart-other';

/**
 * `fresh` just accepted the peer's OPEN (so the peer's BGP identifier is known, which §6.8 allows to be
 * used against OpenSent connections too); `other` is the neighbor's other connection or retry life.
 * - other Established: the fresh connection is closed (§6.8), unless the old session negotiated graceful
 *   restart: a new OPEN then means the peer restarted, and the old session ends as a TCP failure (RFC 4724 §4.2).
 * - other Idle or Active: no connection, only a back-off or a wait; the fresh session replaces it.
 * - other Connect: our dial is in flight. The peer may already hold it and will judge it by BGP identifier
 *   as an OpenSent connection, so it is judged the same way here; otherwise two speakers that dial each
 *   other at once could each keep the connection the other one dropped.
 * - other OpenSent but silent: a connection that never said anything (a scanner, a half-dead socket)
 *   never wins against one that completed the OPEN exchange.
 * - both opened from the same side: the older one is dumped, its opener evidently gave up on it.
 * - else the connection opened by the speaker with the higher BGP identifier survives.
 */
export function resolveCollision(
  fresh: CollisionSide,
  other: OtherSide,
  local: { routerId: string; asn: number },
  remote: { routerId: string; asn: number },
): CollisionVerdict {
  switch (other.state) {
    case 'Established':
      return other.gracefulRestart ? 'restart-other' : 'dump-fresh';
    case 'Idle':
    case 'Active':
      return 'drop-other';
    case 'Connect':
      return !fresh.inbound ? 'drop-other' : mustDump(true, local, remote) ? 'dump-fresh' : 'drop-other';
    case 'OpenSent':
    case 'OpenConfirm':
      if (other.state === 'OpenSent' && other.silent) return 'dump-other';
      if (fresh.inbound === other.inbound) return 'dump-other';
      return mustDump(fresh.inbound, local, remote) ? 'dump-fresh' : 'dump-other';
  }
}
