// The live BGP state as the core API shows it: one neighbor's session, one network's counts, the
// clients learned from OVN (and, through the engine, from BGP).
import { idleNeighbor, zeroRouteTypes, type LocalMacs, type NeighborRuntime, type NetworkRuntime } from '../../model/live.js';
import type { RouteEngine } from '../route-engine.js';
import { networkCounts, prefixCounts, remoteClients } from '../evpn/views.js';
import type { ClientView, SubsystemStatus } from '../../model/views.js';
import { viewState } from '../../session-engine/fsm/view.js';
import type { NeighborPort, SessionPort } from '../../session-engine/session/port.js';

/** A neighbor's live state; idle and zero when it has no session (yet). */
export function neighborRuntime(n: NeighborPort | undefined, engine: RouteEngine | null, now: number, detail = false): NeighborRuntime {
  const prefixes = engine !== null && n !== undefined ? prefixCounts(engine, n.address) : { received: 0, accepted: 0, advertised: 0 };
  if (n === undefined) return idleNeighbor(prefixes);
  const fsm = n.shownState();
  const up = fsm.name === 'Established' && fsm.establishedAt !== null;
  const connection = up ? n.connection() : null;
  return {
    peerRouterId: up ? (fsm.peer?.routerId ?? null) : null,
    connection,
    routeTypes: detail && engine !== null ? routeTypeCounts(engine, n.address) : zeroRouteTypes(),
    state: viewState(fsm),
    uptime: up && fsm.establishedAt !== null ? Math.floor((now - fsm.establishedAt) / 1000) : null,
    prefixes,
    capabilities: fsm.peer?.capabilities.names ?? [],
    negotiatedHoldTime: up ? (fsm.peer?.holdTime ?? null) : null,
    ...n.errors.view({ now: () => now }),
    messages: { sent: n.counters.messagesOut, received: n.counters.messagesIn },
  };
}

/** A network's counts; zero when the engine does not have it. */
export function networkRuntime(engine: RouteEngine | null, vni: number): NetworkRuntime {
  return engine?.evis.has(vni) ? networkCounts(engine, vni) : { localMacs: 0, remoteMacs: 0, remoteVteps: [], floodVteps: [] };
}

/** OVN-discovered clients (one row per IP) then remote ones, of one VNI or of all configured ones. */
export function learnedClients(engine: RouteEngine | null, ovnMacs: ReadonlyMap<number, LocalMacs>, vtepIp: string | null, vni?: number): ClientView[] {
  if (engine === null || (vni !== undefined && !engine.evis.has(vni))) return [];
  const rows: ClientView[] = [];
  const vnis = [...ovnMacs.keys()].filter((v) => engine.evis.has(v) && (vni === undefined || v === vni)).sort((a, b) => a - b);
  for (const v of vnis) {
    const macs = [...(ovnMacs.get(v) ?? new Map<string, readonly string[]>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    for (const [mac, ips] of macs) {
      for (const ip of ips.length > 0 ? ips : [null]) rows.push({ vni: v, mac, ip, port: null, source: 'ovn', nextHop: vtepIp });
    }
  }
  return [...rows, ...remoteClients(engine, vni)];
}

/**
 * A neighbor's routes per EVPN route type: paths received and accepted from it (walks the RIB, so only
 * for `neighbor show`-sized requests), and keys advertised to it (a key starts with its route type).
 */
export function routeTypeCounts(engine: RouteEngine, address: string): NeighborRuntime['routeTypes'] {
  const out = zeroRouteTypes();
  for (const path of engine.routes.allPaths()) {
    if (path.peer.address !== address) continue;
    const c = out[String(path.nlri.type) as keyof typeof out];
    c.received++;
    if (path.accepted) c.accepted++;
  }
  const adj = engine.outs.get(address)?.adj;
  if (adj !== undefined) {
    for (const key of adj.sentKeys()) {
      const c = out[key.charAt(0) as keyof typeof out] as NeighborRuntime['routeTypes']['1'] | undefined;
      if (c !== undefined) c.advertised++;
    }
  }
  return out;
}

/** The BGP side's health: degraded while the listener failed or a configured neighbor is not Established. */
export function bgpStatus(hasSpeaker: boolean, sessions: SessionPort, configured: readonly string[], neighbor: (address: string) => NeighborRuntime): SubsystemStatus {
  if (!hasSpeaker) return { state: 'disabled', lastError: null };
  const err = sessions.listenError;
  if (err !== null) return { state: 'degraded', lastError: err };
  // A configured neighbor that is not Established is a degraded BGP side: scripts must not read "ok".
  const down = configured.filter((a) => (sessions.get(a)?.established() ?? null) === null);
  if (down.length === 0) return { state: 'ok', lastError: null };
  const problems = down.map((a) => {
    const v = neighbor(a);
    return `neighbor ${a} not established (${v.state}${v.lastError === null ? '' : `; last error: ${v.lastError}`})`;
  });
  return { state: 'degraded', lastError: `${down.length} of ${configured.length} neighbor(s) not established: ${down.join(', ')}`, problems };
}
