// A session adopted from the session engine (the route engine restarted, the session did not): no OPEN,
// no initial table, so the peer's routes are asked for again with ROUTE-REFRESH (RFC 2918). With enhanced
// route refresh the peer brackets its answer with BoRR and EoRR (RFC 7313 §4): the routes are complete at
// EoRR. Without it there is no end marker, so they are taken as complete after a quiet period.
import { ROUTE_REFRESH_EORR } from '../../session-engine/wire/messages/route-refresh.js';
import type { RouteRefreshMessage } from '../../session-engine/wire/types.js';
import type { Logger } from '../../log.js';
import { cease } from '../../session-engine/fsm/steps.js';
import type { SessionPort } from '../../session-engine/session/port.js';
import { SUBCODE } from '../../session-engine/wire/notification-text.js';
import type { PeerOutState } from './outbound.js';

/** How long a plain route refresh answer may pause before the peer's routes count as relearned. */
export const RELEARN_QUIET_MS = 2000;

/** Where a relearn stands: waiting for EoRR, or for a pause in the peer's UPDATEs. */
export type Relearn = { readonly until: 'eorr' } | { readonly until: 'quiet'; lastAt: number };

/** The relearn to start for a peer adopted at `now`; null when it cannot answer a ROUTE-REFRESH. */
export function startRelearn(state: PeerOutState, now: number): Relearn | null {
  if (!state.capabilities.routeRefresh) return null;
  return state.capabilities.enhancedRouteRefresh ? { until: 'eorr' } : { until: 'quiet', lastAt: now };
}

/** UPDATEs arrived: a quiet period starts again. */
export function relearnHeard(state: PeerOutState, now: number): void {
  if (state.relearn?.until === 'quiet') state.relearn.lastAt = now;
}

/** A ROUTE-REFRESH arrived: EoRR ends an enhanced relearn (RFC 7313 §4). */
export function relearnMarker(state: PeerOutState, m: RouteRefreshMessage): void {
  if (state.relearn?.until === 'eorr' && m.subtype === ROUTE_REFRESH_EORR) {
    state.relearn = null;
    state.eorReceived = true;
  }
}

/** When a quiet relearn is complete (clock ms), null for none or one waiting for EoRR. */
export function relearnDoneAt(state: PeerOutState): number | null {
  return state.relearn?.until === 'quiet' ? state.relearn.lastAt + RELEARN_QUIET_MS : null;
}

/**
 * A session the session engine kept while the route engine restarted: the peer's routes are asked for
 * again, and the start gate waits for them. A peer without route refresh cannot be asked, so its session is
 * reset (the one case where a route engine restart costs a session). False when it was reset.
 */
export function adoptSession(address: string, state: PeerOutState, sessions: SessionPort, log: Logger): boolean {
  state.relearn = startRelearn(state, state.upAt);
  if (state.relearn !== null) {
    log.info(`bgp: adopted the established session with ${address}; asking for its routes again (${state.relearn.until === 'eorr' ? 'enhanced route refresh, RFC 7313' : 'route refresh, RFC 2918'})`);
    return true;
  }
  log.warn(`bgp: adopted the established session with ${address}, but the peer has no route refresh (RFC 2918) to send its routes again: resetting it`);
  sessions.get(address)?.restart(cease(SUBCODE.CEASE_ADMIN_RESET), 'adopted by a new route engine without route refresh');
  return false;
}
