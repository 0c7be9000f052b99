// The BGP side of the daemon: the sessions (session/) composed with the RouteEngine. Every state change
// runs inside the daemon's single queue: socket batches, timers and session ups/downs through
// `schedule` (their EVPN events go to onEvents), apply/setLocalMacs because the daemon calls them there
// (their events are returned). After each change the Established peers get what changed (outbound.ts).
import { Wakeup, type Clock } from '../clock.js';
import type { MacFilter, RouteFilter } from '../api/core-api.js';
import type { LocalMacs, NeighborRuntime, NetworkRuntime } from '../model/live.js';
import type { SerialQueue } from '../queue.js';
import { RouteEngine } from './route-engine.js';
import type { GroupMember } from './rib/rib.js';
import type { EvpnEvent } from './evpn/events.js';
import { macList, routeList } from './evpn/views.js';
import type { Logger } from '../log.js';
import { RateLimitedLog } from '../log-limit.js';
import type { MetricsSink } from '../metrics/sink.js';
import { vtepIpOf, type DesiredState, type NeighborConfig, type NetworkConfig, type SpeakerConfig } from '../model/config.js';
import type { ClientView, MacView, RouteView, SubsystemStatus } from '../model/views.js';
import { cease } from '../session-engine/fsm/steps.js';
import { SUBCODE } from '../session-engine/wire/notification-text.js';
import { BGP_MESSAGES } from '../session-engine/wire/message.js';
import { Sessions } from '../session-engine/session/sessions.js';
import type { SessionPort, SessionPortFactory } from '../session-engine/session/port.js';
import { DEFAULT_RESTART_TIME, keepsForwardingState, staleRetention } from '../session-engine/session/graceful-restart.js';
import type { SessionHandler } from '../session-engine/session/types.js';
import { configuredMacs, importChanged, neighborSettings, routesChanged, sameIdentity, sameNeighbor, sessionResetNeeded } from './bgp-service/desired.js';
import { append, ingestBatch } from './bgp-service/inbound.js';
import { answerRouteRefresh, flushOutbound, requestRefresh, requestRouteRefresh, resendTable, type PeerOutState } from './bgp-service/outbound.js';
import { adoptSession, relearnHeard, relearnMarker } from './bgp-service/relearn.js';
import type { ResetMode } from '../api/core-api.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { bgpStatus, learnedClients, neighborRuntime, networkRuntime } from './bgp-service/views.js';
import { InitialSync } from './bgp-service/initial-sync.js';
import { validLocalMacs } from './bgp-service/local-macs.js';

/** What the service needs; times in seconds. */
export interface BgpServiceOptions {
  readonly queue: SerialQueue;
  /** EVPN events caused by network input (UPDATEs, session downs, GR timers), for the OVN side. */
  readonly onEvents: (events: EvpnEvent[]) => void;
  /** A session came up or went down (for `evpnctl monitor`). */
  readonly onSession?: (neighbor: string, event: 'up' | 'down', reason: string | null) => void;
  readonly log: Logger;
  readonly metrics: MetricsSink;
  readonly clock: Clock;
  /** Graceful restart time we announce (RFC 4724 §3), default 120 s. */
  readonly restartTime?: number;
  /** RFC 4271 ConnectRetryTime, default 30 s. */
  readonly connectRetryTime?: number;
  /** The session layer: local `Sessions` by default, the session engine's through the channel in the split daemon. */
  readonly sessions?: SessionPortFactory;
}

/**
 * The speaker, its sessions and its RouteEngine. It is the daemon's BGP side (daemon/services.ts) by shape:
 * the daemon checks that where it composes the two, so this side never imports the daemon.
 */
export class BgpService {
  private speaker: SpeakerConfig | undefined;
  private engine: RouteEngine | null = null;
  private readonly sessions: SessionPort;
  private readonly neighbors = new Map<string, NeighborConfig>();
  private readonly networks = new Map<number, NetworkConfig>();
  private readonly ovnMacs = new Map<number, LocalMacs>();
  private readonly peers = new Map<string, PeerOutState>();
  /** Networks re-originated in this apply whose import did not change (no ROUTE-REFRESH for them). */
  private readonly keepRefresh = new Set<number>();
  /** Events of the current scheduled task, handed to onEvents when it ends. */
  private pending: EvpnEvent[] = [];
  /** The engine's next timed work (stale paths, thawing duplicates): re-armed after every change, see Wakeup. */
  private readonly engineTimer: Wakeup;
  /** The next initial-sync check. */
  private readonly syncTimer: Wakeup;
  private readonly sync: InitialSync;
  private applies = 0;
  private closed = false;
  /** Off on an HA standby: sessions stay up and routes are learned, ours are not sent (issue 10). */
  private advertising = true;
  /** The other members of our HA group: their routes are kept, never imported (issue 10). */
  private groupMembers: readonly GroupMember[] = [];
  private readonly startedAt: number;
  /** What peers can make us log (malformed UPDATEs) is rate-limited per peer. */
  private readonly logLimit: RateLimitedLog;

  constructor(private readonly o: BgpServiceOptions) {
    this.startedAt = o.clock.now();
    this.logLimit = new RateLimitedLog(o.clock);
    this.sync = new InitialSync(this.startedAt + this.restartTime * 1000);
    const deps = { clock: o.clock, log: o.log, metrics: o.metrics, codec: BGP_MESSAGES, schedule: (t: () => void | Promise<void>) => this.schedule(t), handler: this.handler() };
    this.sessions = o.sessions?.(deps) ?? new Sessions(deps);
    this.engineTimer = new Wakeup(o.clock, () => this.engineTick());
    this.syncTimer = new Wakeup(o.clock, () => this.schedule(() => undefined)); // afterChange() checks again
  }

  /** The port the listener is bound to (null when not listening); for tests that listen on port 0. */
  get listenPort(): number | null {
    return this.sessions.port;
  }

  async apply(state: DesiredState): Promise<EvpnEvent[]> {
    const events: EvpnEvent[] = [];
    // Neighbors present at the first apply come from the persisted state: we are restarting (RFC 4724 §4.1).
    const restarting = this.applies++ === 0 && this.o.clock.now() - this.startedAt < this.restartTime * 1000;
    if (!sameIdentity(this.speaker, state.speaker)) this.replaceEngine(state.speaker, events);
    this.speaker = state.speaker;
    const s = state.speaker;
    await this.sessions.listen(s ? { ...(s.listenAddress !== undefined && { address: s.listenAddress }), port: s.listenPort } : null);
    const engine = this.engine;
    if (s !== undefined && engine !== null) {
      this.applyNeighbors(engine, s, state.neighbors, restarting, events);
      const refresh = this.applyNetworks(engine, state.networks, events);
      for (const vni of this.networks.keys()) append(events, engine.syncLocalMacs(vni, 'config', configuredMacs(state.clients, vni)));
      this.afterChange();
      if (refresh) requestRouteRefresh(this.sessions, this.peers);
    }
    this.sessions.configured?.();
    append(events, this.takePending());
    return events;
  }

  setLocalMacs(vni: number, macs: LocalMacs): EvpnEvent[] {
    const clean = validLocalMacs(vni, macs, this.o.log);
    this.ovnMacs.set(vni, clean);
    const engine = this.engine;
    if (engine === null || !engine.evis.has(vni)) return [];
    const events = engine.syncLocalMacs(vni, 'ovn', clean);
    this.afterChange();
    return events;
  }

  /** The Established peers and whether they take ROUTE-REFRESH. */
  establishedPeers(): { address: string; routeRefresh: boolean }[] {
    return [...this.peers].map(([address, p]) => ({ address, routeRefresh: p.capabilities.routeRefresh }));
  }

  /**
   * An operator reset (bgpctl `neighbor X clear`, FRR `clear bgp`). Hard: Cease / Administrative Reset
   * (RFC 4486) and a new session; the peer's routes go as after any session end. Soft in: ROUTE-REFRESH
   * (RFC 2918; with enhanced route refresh the peer brackets its answer with BoRR/EoRR, RFC 7313 §4).
   * Soft out: our whole Adj-RIB-Out again. Returns what was done and the EVPN events it caused.
   */
  resetNeighbor(address: string, mode: ResetMode): { notes: string[]; events: EvpnEvent[] } {
    const n = this.sessions.get(address);
    const engine = this.engine;
    if (n === undefined || engine === null) throw new NotFoundError(`no session with ${address}: the neighbor is not configured or there is no speaker`);
    if (mode === 'hard') {
      const wasUp = this.peers.has(address);
      this.peers.delete(address);
      const events = engine.removePeer(address);
      n.restart(cease(SUBCODE.CEASE_ADMIN_RESET), 'sent Cease / Administrative Reset (evpnctl neighbor reset)');
      this.afterChange();
      return { notes: [wasUp ? 'sent Cease / Administrative Reset; the session starts again' : 'the session was not established; it starts again now'], events };
    }
    const peer = this.peers.get(address);
    if (peer === undefined) throw new ValidationError('neighbor', address, 'an established session for a soft reset', `the session with ${address} is ${n.shownState().name}, not Established; a soft reset needs one (a hard reset does not: drop --soft)`);
    if (mode === 'in') {
      if (!peer.capabilities.routeRefresh) {
        throw new ValidationError('soft', 'in', 'a peer that announced route refresh', `${address} did not announce route refresh (RFC 2918), so it cannot be asked for its routes again; use a hard reset`);
      }
      requestRouteRefresh(this.sessions, new Map([[address, peer]]));
      return { notes: [`sent ROUTE-REFRESH for L2VPN/EVPN${peer.capabilities.enhancedRouteRefresh ? ' (enhanced route refresh negotiated: the peer answers between BoRR and EoRR, RFC 7313)' : ''}`], events: [] };
    }
    const sent = resendTable(engine, this.sessions, address, this.o.metrics);
    return { notes: [`sent our ${sent} route(s) again`], events: [] };
  }

  /** Lifts a duplicate's freeze (RFC 7432 §15.1) by hand; the MAC is placed again by the usual rules. */
  clearDuplicate(vni: number, mac: string): { location: string; events: EvpnEvent[] } {
    if (this.engine === null) throw new NotFoundError('no speaker: there is no EVPN instance to clear a MAC in');
    const events = this.engine.clearDuplicate(vni, mac);
    this.afterChange();
    const remote = this.engine.evi(vni).remoteMacs();
    const at = [...remote].find((m) => m.mac === mac)?.vtep;
    return { location: at ?? 'local or none', events };
  }

  setAdvertising(on: boolean): EvpnEvent[] {
    this.advertising = on;
    if (this.engine === null || this.engine.advertising === on) return [];
    const events = this.engine.setAdvertising(on);
    this.afterChange();
    return events;
  }

  setGroupMembers(members: readonly GroupMember[]): EvpnEvent[] {
    this.groupMembers = members;
    if (this.engine === null) return [];
    const events = this.engine.setGroupMembers(members);
    this.afterChange();
    return events;
  }

  initialSync(): Promise<void> {
    this.checkSync();
    return this.sync.wait();
  }

  neighbor(address: string, detail = false): NeighborRuntime {
    return neighborRuntime(this.sessions.get(address), this.engine, this.o.clock.now(), detail);
  }

  network(vni: number): NetworkRuntime {
    return networkRuntime(this.engine, vni);
  }

  learnedClients(vni?: number): ClientView[] {
    return learnedClients(this.engine, this.ovnMacs, this.speaker ? vtepIpOf(this.speaker) : null, vni);
  }

  routes(filter: RouteFilter): RouteView[] {
    return this.engine === null ? [] : routeList(this.engine, filter);
  }

  macs(filter: MacFilter): MacView[] {
    return this.engine === null ? [] : macList(this.engine, filter);
  }

  routeCounts(): { local: number; remote: number } {
    return this.engine === null ? { local: 0, remote: 0 } : { local: this.engine.origin.size, remote: this.engine.routes.routeCount };
  }

  status(): SubsystemStatus {
    return bgpStatus(this.speaker !== undefined, this.sessions, [...this.neighbors.keys()], (a) => this.neighbor(a));
  }

  /**
   * Stops every session and the listener. Peers that announced graceful restart see the TCP session end
   * without a NOTIFICATION, so they keep our routes while we are away (RFC 4724 §4.2); the others get
   * Cease / Administrative Shutdown.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.engineTimer.cancel();
    this.syncTimer.cancel();
    for (const n of [...this.sessions.all()]) this.sessions.remove(n.address, n.peerAnnouncesGr() ? null : cease(SUBCODE.CEASE_ADMIN_SHUTDOWN));
    await this.sessions.close(null);
  }

  private get restartTime(): number {
    return this.o.restartTime ?? DEFAULT_RESTART_TIME;
  }

  /** The speaker identity changed: every session and network goes with the old engine. */
  private replaceEngine(next: SpeakerConfig | undefined, events: EvpnEvent[]): void {
    const notify = cease(next ? SUBCODE.CEASE_OTHER_CONFIG_CHANGE : SUBCODE.CEASE_PEER_DECONFIGURED);
    for (const address of this.neighbors.keys()) this.sessions.remove(address, notify);
    this.neighbors.clear();
    this.peers.clear();
    const old = this.engine;
    if (old !== null) for (const vni of [...old.evis.keys()]) append(events, old.removeNetwork(vni));
    this.networks.clear();
    this.engine = next ? new RouteEngine({ speaker: next, clock: this.o.clock }) : null;
    this.engine?.setAdvertising(this.advertising);
    if (this.groupMembers.length > 0) this.engine?.setGroupMembers(this.groupMembers);
  }

  private applyNeighbors(engine: RouteEngine, speaker: SpeakerConfig, list: readonly NeighborConfig[], restarting: boolean, events: EvpnEvent[]): void {
    const wanted = new Map(list.map((n) => [n.address, n]));
    for (const [address, old] of [...this.neighbors]) {
      const next = wanted.get(address);
      if (next !== undefined && sameNeighbor(old, next)) continue;
      if (next !== undefined && !sessionResetNeeded(old, next)) {
        // Hold time, passive, multihop: the session stays; the FSM uses the new values from its next step.
        this.neighbors.set(address, next);
        this.sessions.get(address)?.reconfigure(neighborSettings(next, speaker, this.sessionOptions(), false));
        continue;
      }
      // RFC 4486: Peer De-configured when it goes, Other Configuration Change when its settings changed.
      this.sessions.remove(address, cease(next ? SUBCODE.CEASE_OTHER_CONFIG_CHANGE : SUBCODE.CEASE_PEER_DECONFIGURED));
      this.peers.delete(address);
      this.neighbors.delete(address);
      append(events, engine.removePeer(address));
    }
    for (const n of list) {
      if (this.neighbors.has(n.address)) continue;
      this.neighbors.set(n.address, n);
      this.sessions.add(neighborSettings(n, speaker, this.sessionOptions(), restarting));
    }
  }

  private sessionOptions() {
    return { restartTime: this.restartTime, ...(this.o.connectRetryTime !== undefined && { connectRetryTime: this.o.connectRetryTime }) };
  }

  /** Adds, removes and re-originates networks; true when one was added or changed (ask peers to refresh). */
  private applyNetworks(engine: RouteEngine, list: readonly NetworkConfig[], events: EvpnEvent[]): boolean {
    const wanted = new Map(list.map((n) => [n.vni, n]));
    let refresh = false;
    for (const [vni, old] of [...this.networks]) {
      const next = wanted.get(vni);
      if (next !== undefined && !routesChanged(old, next)) {
        this.networks.set(vni, next);
        continue;
      }
      // A changed RD or RT: withdrawn and re-originated in this one task, so each peer's Adj-RIB-Out diff sends
      // only what differs (a withdrawal under the old RD, the routes with their new RTs), and the OVN side gets
      // the removals and re-imports in one batch (unchanged ports are left alone). Only an import change
      // needs the peers' routes again (RFC 2918 ROUTE-REFRESH).
      if (next !== undefined && !importChanged(old, next)) this.keepRefresh.add(vni);
      append(events, engine.removeNetwork(vni));
      this.networks.delete(vni);
    }
    for (const n of list) {
      if (this.networks.has(n.vni)) continue;
      append(events, engine.addNetwork(n));
      this.networks.set(n.vni, n);
      const ovn = this.ovnMacs.get(n.vni);
      if (ovn !== undefined) append(events, engine.syncLocalMacs(n.vni, 'ovn', ovn));
      if (!this.keepRefresh.has(n.vni)) refresh = true;
    }
    this.keepRefresh.clear();
    return refresh;
  }

  /** The session events, applied to the engine; the events they cause wait in `pending`. */
  private handler(): SessionHandler {
    const engineFor = (what: string): RouteEngine => {
      if (this.engine === null) throw new Error(`expected a route engine for ${what}, got none (no speaker)`);
      return this.engine;
    };
    return {
      up: (address, s) => {
        const engine = engineFor(`the session with ${address}`);
        const now = this.o.clock.now();
        const state: PeerOutState = { eorSent: false, eorReceived: false, capabilities: s.peer.capabilities, upAt: now };
        if (s.adopted === true && !adoptSession(address, state, this.sessions, this.o.log)) return;
        this.peers.set(address, state);
        const ebgp = s.peer.asn !== this.speaker?.asn;
        // An adopted session gets our whole table as a new one does (flushOutbound): routes the peer has
        // already, unchanged, change nothing there.
        append(this.pending, engine.peerUp({ address, routerId: s.peer.routerId, ebgp, keepStale: keepsForwardingState(s.open) }));
        if (state.relearn) requestRefresh(this.sessions, address);
        this.o.onSession?.(address, 'up', null);
      },
      down: (address, s) => {
        this.peers.delete(address);
        append(this.pending, engineFor(`the session with ${address}`).peerDown(address, staleRetention(s.open, s.reason)));
        this.o.onSession?.(address, 'down', s.detail);
      },
      updates: (address, batch) => {
        const eor = ingestBatch(engineFor(`UPDATEs from ${address}`), address, batch, { ...this.o, logLimit: this.logLimit }, this.pending);
        const peer = this.peers.get(address);
        if (peer !== undefined) relearnHeard(peer, this.o.clock.now());
        if (eor && peer !== undefined) peer.eorReceived = true;
      },
      routeRefresh: (address, m) => {
        const peer = this.peers.get(address);
        if (peer !== undefined) relearnMarker(peer, m);
        answerRouteRefresh(engineFor(`a ROUTE-REFRESH from ${address}`), this.sessions, address, peer, m, this.o.metrics);
      },
    };
  }

  /** Runs network-caused work in the queue, then flushes outbound and hands its events to onEvents. */
  private schedule(task: () => void | Promise<void>): void {
    this.o.queue.run(async () => {
      if (this.closed) return;
      try {
        await task();
        this.afterChange();
      } finally {
        const events = this.takePending();
        if (events.length > 0) this.o.onEvents(events);
      }
    }).catch((err: unknown) => this.o.log.error(`bgp: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
  }

  private takePending(): EvpnEvent[] {
    const events = this.pending;
    this.pending = [];
    return events;
  }

  /** After any change: outbound UPDATEs, duplicate-MAC warnings, the engine's next timer. */
  private afterChange(): void {
    const engine = this.engine;
    if (engine === null || this.closed) return;
    flushOutbound(engine, this.sessions, this.peers, this.o.metrics);
    this.checkSync();
    for (const d of engine.takeDuplicates()) this.o.log.warn(`evpn: duplicate MAC ${JSON.stringify(d)} (RFC 7432 §15.1)`);
    this.engineTimer.arm(engine.nextDeadline());
  }

  /** The engine's timed work, when engineTimer wakes up (early is harmless: nothing is due yet). */
  private engineTick(): void {
    this.schedule(() => {
      if (this.engine !== null) append(this.pending, this.engine.tick());
    });
  }

  /** Settles the initial sync when it can, else re-checks when it next could. */
  private checkSync(): void {
    const next = this.sync.check(this.o.clock.now(), [...this.neighbors.keys()], this.peers);
    this.syncTimer.arm(this.closed ? null : next);
  }
}
