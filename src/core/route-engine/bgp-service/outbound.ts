// Routes toward peers: after every change, each Established peer gets what changed in its Adj-RIB-Out,
// and once, after the initial full table, the End-of-RIB marker (RFC 4724 §2). Also the two ROUTE-REFRESH
// directions (RFC 2918, enhanced per RFC 7313).
import type { RouteEngine } from '../route-engine.js';
import type { MetricsSink } from '../../metrics/sink.js';
import type { NegotiatedCapabilities } from '../../session-engine/fsm/types.js';
import { endOfRib } from '../../session-engine/wire/end-of-rib.js';
import { ROUTE_REFRESH_BORR, ROUTE_REFRESH_EORR, ROUTE_REFRESH_NORMAL } from '../../session-engine/wire/messages/route-refresh.js';
import { AFI_L2VPN, SAFI_EVPN, type RouteRefreshMessage, type BgpMessage } from '../../session-engine/wire/types.js';
import type { SessionPort } from '../../session-engine/session/port.js';
import { countUpdate } from './inbound.js';
import type { Relearn } from './relearn.js';

/** What we track of an Established peer. */
export interface PeerOutState {
  /** We sent End-of-RIB after the initial table. */
  eorSent: boolean;
  /** The peer sent End-of-RIB after its initial table. */
  eorReceived: boolean;
  readonly capabilities: NegotiatedCapabilities;
  /** Clock time the session came up. */
  readonly upAt: number;
  /** An adopted session's routes being asked for again (relearn.ts); null or absent otherwise. */
  relearn?: Relearn | null;
}

const refreshMessage = (subtype: number): RouteRefreshMessage => ({ type: 'route-refresh', afi: AFI_L2VPN, safi: SAFI_EVPN, subtype });

/** Sends every Established peer its pending UPDATEs, then End-of-RIB after the first full table. */
export function flushOutbound(engine: RouteEngine, sessions: SessionPort, peers: ReadonlyMap<string, PeerOutState>, metrics: MetricsSink): void {
  for (const [address, state] of peers) {
    const n = sessions.get(address);
    if (n === undefined || n.established() === null || !engine.outs.has(address)) continue;
    const updates = engine.takeUpdates(address);
    for (const u of updates) countUpdate(metrics, address, 'out', u);
    const messages: BgpMessage[] = updates;
    if (!state.eorSent) {
      messages.push(endOfRib());
      state.eorSent = true;
    }
    n.send(messages);
  }
}

/**
 * Answers a ROUTE-REFRESH for L2VPN/EVPN with our whole Adj-RIB-Out, between BoRR and EoRR when enhanced
 * route refresh was negotiated (RFC 7313 §4). Other families are ignored (RFC 2918 §4), and so are the
 * peer's BoRR/EoRR markers: we keep no per-refresh stale state for its routes (RFC 7313 §4 allows that).
 */
export function answerRouteRefresh(engine: RouteEngine, sessions: SessionPort, address: string, state: PeerOutState | undefined, m: RouteRefreshMessage, metrics: MetricsSink): void {
  const n = sessions.get(address);
  if (n === undefined || state === undefined || m.afi !== AFI_L2VPN || m.safi !== SAFI_EVPN || m.subtype !== ROUTE_REFRESH_NORMAL) return;
  const updates = engine.refreshUpdates(address);
  for (const u of updates) countUpdate(metrics, address, 'out', u);
  const enhanced = state.capabilities.enhancedRouteRefresh;
  n.send(enhanced ? [refreshMessage(ROUTE_REFRESH_BORR), ...updates, refreshMessage(ROUTE_REFRESH_EORR)] : updates);
}

/** Soft reset out: sends the peer our whole Adj-RIB-Out again (without BoRR/EoRR: nobody asked). Returns the route count. */
export function resendTable(engine: RouteEngine, sessions: SessionPort, address: string, metrics: MetricsSink): number {
  const n = sessions.get(address);
  if (n === undefined) return 0;
  const updates = engine.refreshUpdates(address);
  for (const u of updates) countUpdate(metrics, address, 'out', u);
  n.send(updates);
  return engine.outs.get(address)?.adj.size ?? 0;
}

/** Asks one peer for its L2VPN/EVPN routes again (RFC 2918). */
export function requestRefresh(sessions: SessionPort, address: string): void {
  sessions.get(address)?.send([refreshMessage(ROUTE_REFRESH_NORMAL)]);
}

/** Asks every Established peer that supports it to send its routes again (a network was added or its import RTs changed). */
export function requestRouteRefresh(sessions: SessionPort, peers: ReadonlyMap<string, PeerOutState>): void {
  for (const [address, state] of peers) {
    if (state.capabilities.routeRefresh) sessions.get(address)?.send([refreshMessage(ROUTE_REFRESH_NORMAL)]);
  }
}
