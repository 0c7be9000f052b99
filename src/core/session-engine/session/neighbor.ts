// One configured neighbor: its connections (a primary link, plus an inbound candidate during a collision),
// their FSMs stepped with the injected clock, one timer armed at the earliest FSM deadline, dialing,
// accepting, and counters. All socket events become tasks on the owner's queue (Scheduler), so the FSM,
// the RIB and the control requests never interleave. Messages are decoded by drain.ts.
import type { Socket } from 'node:net';
import { Wakeup, type Clock } from '../../clock.js';
import type { Logger } from '../../log.js';
import { RateLimitedLog } from '../../log-limit.js';
import type { MetricsSink } from '../../metrics/sink.js';
import { transition } from '../fsm/transition.js';
import { nextDeadline, dueEvents } from '../fsm/timers.js';
import type { FsmAction, FsmEvent, FsmState } from '../fsm/types.js';
import type { SessionCodec } from '../wire/session-codec.js';
import { notification } from '../wire/messages/notification.js';
import { OPEN_CONTEXT } from '../wire/context.js';
import { NOTIFY } from '../wire/types.js';
import { SUBCODE } from '../wire/notification-text.js';
import type { BgpMessage, NotificationMessage } from '../wire/types.js';
import { ErrorHistory } from './error-history.js';
import { drainLink } from './drain.js';
import { announcesEvpnGr } from './graceful-restart.js';
import type { Link } from './link.js';
import { LinkPair } from './link-pair.js';
import { attachSocket, connectionView, dialSocket, type LinkSocketEvents } from './link-socket.js';
import { closeGracefully, refuse, turnAway } from './socket-io.js';
import type { ConnectionView, NeighborPort } from './port.js';
import { countMessage, zeroCounters, type NeighborCounters, type NeighborSettings, type Scheduler, type SessionHandler } from './types.js';

/** What a neighbor session needs from its owner. */
export interface NeighborDeps {
  readonly clock: Clock;
  readonly schedule: Scheduler;
  readonly handler: SessionHandler;
  readonly log: Logger;
  readonly metrics: MetricsSink;
  /** The whole codec in one process; OPEN, KEEPALIVE and NOTIFICATION only in the session engine (with `raw`). */
  readonly codec: SessionCodec;
  /**
   * Set in the session engine: UPDATE and ROUTE-REFRESH are not decoded but handed over whole, one call per
   * socket read, in arrival order (the route engine decodes them).
   */
  readonly raw?: (address: string, messages: readonly Uint8Array[]) => void;
}

/** A timer loop that keeps finding due events is a bug; stop after this many steps per wakeup. */
const MAX_TIMER_STEPS = 16;

/** The session layer of one neighbor. */
export class NeighborSession implements NeighborPort {
  readonly counters: NeighborCounters = zeroCounters();
  /** The last error, and the one that ended the last session (kept, with its age, while the next one is up). */
  readonly errors = new ErrorHistory();
  /** Rate limit for what the peer can make us log (bad messages), per kind of event. */
  readonly logLimit: RateLimitedLog;
  private readonly links: LinkPair;
  /** The one wake-up for the FSM deadlines of both links. */
  private readonly timer: Wakeup;
  private stopped = false;

  constructor(private current: NeighborSettings, private readonly deps: NeighborDeps) {
    this.links = new LinkPair({ clock: deps.clock, log: deps.log, settings: () => this.settings, step: (link, event) => this.step(link, event) });
    this.logLimit = new RateLimitedLog(deps.clock);
    this.timer = new Wakeup(deps.clock, () => this.deps.schedule(() => this.onTimer()));
  }

  /** How the neighbor is reached and what its OPEN proposes, as configured now. */
  get settings(): NeighborSettings {
    return this.current;
  }

  /**
   * Settings changed that need no new connection (hold time, passive, eBGP multihop): the FSM reads them at
   * its next step. A hold time is negotiated in the OPEN (RFC 4271 §4.2), so an Established session keeps
   * its own until it is reset; a passive neighbor starts dialing at its next ConnectRetry expiry.
   */
  reconfigure(settings: NeighborSettings): void {
    if (settings.address !== this.current.address) throw new Error(`expected settings of ${this.current.address}, got ${settings.address}`);
    this.current = settings;
  }

  /**
   * Ends the session with `notify` and starts again at once (an operator reset: Cease / Administrative
   * Reset, RFC 4486). Counters and history stay. The owner deals with the routes, as for stop().
   */
  restart(notify: NotificationMessage, detail: string): void {
    const wasUp = this.established() !== null;
    this.stop(notify);
    this.stopped = false;
    this.links.reset();
    this.errors.record(detail, this.deps.clock.now(), wasUp);
    this.start();
  }

  get address(): string {
    return this.settings.address;
  }

  /** ManualStart (RFC 4271 §8.1.2): dial, or wait for the peer when passive. Call inside the queue. */
  start(): void {
    this.step(this.links.primary, { type: 'ManualStart' });
    this.rearm();
  }

  /** The link whose session is Established, if any. */
  established(): Link | null {
    return this.links.established();
  }

  /** The Established connection's endpoints (IPv4-mapped addresses as plain IPv4), null without one. */
  connection(): ConnectionView | null {
    return connectionView(this.established()?.socket ?? null);
  }

  /** True when the Established session's peer announced graceful restart for L2VPN/EVPN. */
  peerAnnouncesGr(): boolean {
    const up = this.established()?.up;
    return up !== undefined && up !== null && announcesEvpnGr(up.open);
  }

  /** The FSM to show: the established one, else the most advanced of the two. */
  shownState(): FsmState {
    return this.links.shownState();
  }

  /** Sends messages on the Established connection (nothing when there is none). Call inside the queue. */
  send(messages: readonly BgpMessage[]): void {
    const link = this.established();
    const socket = link?.socket;
    if (!link || !socket || messages.length === 0) return;
    if (messages.length > 1) socket.cork();
    for (const m of messages) this.write(link, m);
    if (messages.length > 1) process.nextTick(() => socket.uncork());
  }

  /**
   * Whole messages the route engine encoded, written in one piece so the peer never sees part of one
   * (`types`: each message's type, for the counters). Nothing without an Established connection.
   */
  sendEncoded(bytes: Uint8Array, types: readonly BgpMessage['type'][]): void {
    const socket = this.established()?.socket;
    if (!socket || socket.destroyed || bytes.length === 0) return;
    socket.write(bytes);
    for (const type of types) this.count('out', type);
  }

  /**
   * The route engine found an error that resets the session (RFC 7606 §3, an UPDATE it could not use):
   * the Established connection gets that NOTIFICATION and closes (Event 28, UpdateMsgErr).
   */
  resetWith(code: number, subcode: number, data: Uint8Array, detail: string): void {
    const link = this.established();
    if (link === null) return;
    this.step(link, { type: 'MessageError', code, subcode, data, detail });
    this.rearm();
  }

  /**
   * Lets the Established connection go to another process (a reload): the timer stops, connections that
   * are not Established close, and the socket is paused so the next message boundary is ours to hand over.
   * The neighbor is stopped afterwards. Null without an Established session.
   */
  handOff(): { link: Link; socket: Socket } | null {
    this.stopped = true;
    this.timer.cancel();
    const up = this.established();
    for (const link of this.links.all()) {
      if (link === up) continue;
      const s = link.detach();
      if (s !== null) closeGracefully(s, this.deps.clock);
    }
    if (up?.socket === null || up === null) return null;
    up.socket.pause();
    return { link: up, socket: up.socket };
  }

  /** Carries on a session the previous session engine handed over: `link` as it was, on `socket`. */
  adopt(link: Link, socket: Socket): void {
    this.links.reset(link);
    attachSocket(link, socket, (fn) => this.task(fn), this.socketEvents(link));
    if (link.inbox.length > 0) {
      link.drainQueued = true;
      this.task(() => {
        link.drainQueued = false;
        if (link.socket !== null) drainLink(this, link, link.socket);
      });
    }
    this.rearm();
  }

  /**
   * A connection from this neighbor's address arrived (inside the queue). Every state takes it: with
   * automatic start, Idle (a back-off after an error) starts the session as AutomaticStart_with_
   * PassiveTcpEstablishment would (RFC 4271 §8.1.1), so two speakers that both dial and listen never refuse
   * each other. A passive neighbor waiting in Active makes it its connection. Otherwise it runs beside the
   * neighbor's own dial, back-off or session as the candidate until an OPEN decides (§6.8, settleCollision),
   * so a connection that never speaks cannot hold up our dial. A candidate that has delivered no OPEN gives
   * its place to the newer connection (FRR does the same with its "doppelganger"). Only a stopped neighbor
   * turns it away.
   */
  accept(socket: Socket): void {
    if (this.stopped) {
      turnAway(socket, this.deps.clock);
      return;
    }
    const p = this.links.primary;
    if (p.fsm.name === 'Active' && p.socket === null) {
      this.confirmInbound(p, socket);
    } else {
      const c = this.links.admitCandidate();
      // Two connections past OPEN at once is a collision still being settled: the third one waits its turn.
      if (c === null) {
        refuse(socket, this.deps.codec.encode(notification(NOTIFY.CEASE, SUBCODE.CEASE_COLLISION_RESOLUTION), OPEN_CONTEXT), this.deps.clock);
        return;
      }
      this.confirmInbound(c, socket);
    }
    this.rearm();
  }

  /**
   * Stops for good (neighbor removed, speaker changed, daemon stopping): sends `notify` on connections
   * past OpenSent, or just closes them when null (a silent close lets a graceful-restart peer keep our
   * routes, RFC 4724 §4.2), and cancels the timer. The owner deals with the routes.
   */
  stop(notify: NotificationMessage | null): void {
    this.stopped = true;
    this.timer.cancel();
    for (const link of this.links.all()) {
      const socket = link.detach();
      if (socket === null) continue;
      if (notify !== null && !socket.connecting && link.fsm.name !== 'Connect' && link.fsm.name !== 'Active') {
        this.count('out', notify.type);
        socket.write(this.deps.codec.encode(notify, link.ctx));
      }
      closeGracefully(socket, this.deps.clock);
    }
  }

  /** Feeds one event to a link's FSM and carries out the actions. */
  step(link: Link, event: FsmEvent): void {
    const t = transition(link.fsm, event, this.settings.fsm, this.deps.clock.now());
    const before = link.fsm.name;
    // Updates read before a state change belong to the session as it was: hand them over first.
    if (t.state.name !== before) this.flushBatch(link);
    link.fsm = t.state;
    for (const a of t.actions) this.act(link, a);
    if (t.state.name === 'Idle' && before !== 'Idle') this.retire(link, before === 'Established');
  }

  /** How this neighbor's messages are decoded (drain.ts). */
  get codec(): SessionCodec {
    return this.deps.codec;
  }

  /** UPDATE and ROUTE-REFRESH pass undecoded (session engine). */
  get forwardsRaw(): boolean {
    return this.deps.raw !== undefined;
  }

  /** Hands the UPDATEs decoded (or the raw messages read) so far on this link to the owner. */
  flushBatch(link: Link): void {
    if (link.rawBatch.length > 0) {
      const raw = link.rawBatch;
      link.rawBatch = [];
      this.deps.raw?.(this.address, raw);
    }
    if (link.batch.length === 0) return;
    const batch = link.batch;
    link.batch = [];
    this.deps.handler.updates(this.address, batch);
  }

  /** After the peer's OPEN was accepted on `link`: settles a collision with the other link (§6.8, link-pair.ts). */
  settleCollision(link: Link): void {
    this.links.settle(link);
  }

  /** Counts one message received or sent, and tells the metrics. */
  count(direction: 'in' | 'out', type: BgpMessage['type']): void {
    countMessage(this.counters, direction, type);
    this.deps.metrics.bgpMessage(this.address, direction, type);
  }

  /**
   * Arms the one timer at the earliest FSM deadline of either link. Every UPDATE moves the hold deadline
   * forward (RFC 4271 §8.2.2): a timer armed for an earlier time stays (see Wakeup).
   */
  rearm(): void {
    let at: number | null = null;
    if (!this.stopped) {
      for (const l of this.links.all()) {
        const d = nextDeadline(l.fsm);
        if (d !== null && (at === null || d < at)) at = d;
      }
    }
    this.timer.arm(at);
  }

  /** Logger and metrics, for drain.ts. */
  get io(): Pick<NeighborDeps, 'log' | 'metrics' | 'handler'> {
    return this.deps;
  }

  private onTimer(): void {
    if (this.stopped) return;
    for (const link of this.links.all()) {
      // Bytes that arrived before the deadline count first: a KEEPALIVE in them restarts the hold timer.
      if (link.inbox.length > 0 && link.socket !== null) drainLink(this, link, link.socket);
      for (let i = 0; i < MAX_TIMER_STEPS && this.links.isCurrent(link); i++) {
        const due = dueEvents(link.fsm, this.deps.clock.now())[0];
        if (due === undefined) break;
        this.step(link, due);
      }
    }
    this.rearm();
  }

  private act(link: Link, a: FsmAction): void {
    switch (a.type) {
      case 'connect': return dialSocket(link, this.settings, (fn) => this.task(fn), this.socketEvents(link));
      case 'close': {
        const s = link.detach();
        if (s !== null) closeGracefully(s, this.deps.clock);
        return;
      }
      case 'send': return this.write(link, a.message);
      case 'deliver':
        if (a.message.type === 'raw') link.rawBatch.push(a.message.bytes);
        else if (a.message.type === 'update') link.batch.push({ update: a.message, ...link.decoding });
        else if (a.message.type === 'route-refresh') {
          this.flushBatch(link); // UPDATEs before the ROUTE-REFRESH first
          this.deps.handler.routeRefresh(this.address, a.message);
        }
        return;
      case 'session-up':
        if (link.peerOpen === null) throw new Error(`session with ${this.address} came up without the peer's OPEN`);
        link.up = { peer: a.peer, open: link.peerOpen };
        this.errors.sessionUp(this.deps.clock.now());
        this.deps.log.info(`bgp: session with ${this.address} established (${a.peer.capabilities.names.join(', ')}; hold ${a.peer.holdTime} s)`);
        return this.deps.handler.up(this.address, link.up);
      case 'session-down': {
        const up = link.up;
        link.up = null;
        this.deps.log.info(`bgp: session with ${this.address} down: ${a.detail}`);
        if (up !== null) this.deps.handler.down(this.address, { reason: a.reason, detail: a.detail, ...up });
        return;
      }
      default:
        return; // start-timer/stop-timer: rearm() reads the deadlines from the state instead
    }
  }

  /** A link went to Idle: record why, and let the pair drop or replace a collision loser. */
  private retire(link: Link, wasUp: boolean): void {
    const { lastError, lastDownReason } = link.fsm;
    if (lastError !== null && lastDownReason !== 'collision-dump') this.errors.record(lastError, this.deps.clock.now(), wasUp);
    // Failures before Established have no session-down to log them; TCP failures repeat while a peer is away.
    if (lastError !== null && !wasUp) (lastDownReason === 'connection-lost' ? this.deps.log.debug : this.deps.log.info)(`bgp: connection with ${this.address} closed: ${lastError}`);
    this.links.retired(link);
  }

  /** Takes an accepted socket on `link`: Event 17 (TcpConnectionConfirmed, inbound). */
  private confirmInbound(link: Link, socket: Socket): void {
    attachSocket(link, socket, (fn) => this.task(fn), this.socketEvents(link));
    link.connectedAt = this.deps.clock.now();
    this.step(link, { type: 'TcpConnectionConfirmed', inbound: true });
  }

  private write(link: Link, m: BgpMessage): void {
    const socket = link.socket;
    if (socket === null || socket.destroyed) return;
    socket.write(this.deps.codec.encode(m, link.ctx));
    this.count('out', m.type);
  }

  /** What a link's socket events do. */
  private socketEvents(link: Link): LinkSocketEvents {
    return {
      connected: () => {
        link.connectedAt = this.deps.clock.now();
        this.step(link, { type: 'TcpConnectionConfirmed', inbound: false });
      },
      readable: () => link.socket !== null && drainLink(this, link, link.socket),
      lost: (detail) => {
        const socket = link.socket;
        if (socket !== null) drainLink(this, link, socket); // a NOTIFICATION just before the FIN is read first
        if (link.socket === socket) this.step(link, { type: 'TcpConnectionFails', detail });
      },
    };
  }

  /** Queues work on this neighbor; the timer is re-armed after it. */
  private task(fn: () => void): void {
    this.deps.schedule(() => {
      if (this.stopped) return;
      fn();
      this.rearm();
    });
  }
}
