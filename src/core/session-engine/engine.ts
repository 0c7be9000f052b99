// The session engine: the speaker's sessions (./session) and the one route engine attached over the
// channel. It frames, steps the FSMs and keeps keepalives going; UPDATE and ROUTE-REFRESH bytes go to the
// route engine undecoded, and it writes only whole messages the route engine encoded. With no route
// engine attached, every session stays up and received UPDATEs are dropped (counted): the next route
// engine relearns them with ROUTE-REFRESH (RFC 2918 / RFC 7313). It holds no routes.
import type { Socket } from 'node:net';
import type { Clock } from '../clock.js';
import type { Logger } from '../log.js';
import { NOOP_SINK } from '../metrics/sink.js';
import { cease } from './fsm/steps.js';
import { SUBCODE } from './wire/notification-text.js';
import { SESSION_MESSAGES } from './wire/session-codec.js';
import type { BgpMessage } from './wire/types.js';
import { Sessions } from './session/sessions.js';
import type { NeighborSession } from './session/neighbor.js';
import type { NeighborSettings, SessionHandler } from './session/types.js';
import { SerialQueue } from '../queue.js';
import { Channel } from './channel.js';
import { wholeMessageTypes } from './frames.js';
import { asReMessage, CHANNEL_VERSION, type ReMessage, type SeMessage } from './protocol.js';
import { settingsOf } from './settings.js';
import { handOver, takeOver, type HandoverMessage, type HandoverSend } from './handover.js';
import { snapshotKey, snapshotOf } from './snapshot.js';

const TYPE_NAMES: Record<number, BgpMessage['type']> = { 1: 'open', 2: 'update', 3: 'notification', 4: 'keepalive', 5: 'route-refresh' };


/** Same connection and identity: an existing session is adopted, not reset (the rest changes in place). */
function sameSession(a: NeighborSettings, b: NeighborSettings): boolean {
  return a.port === b.port && a.localAddress === b.localAddress && a.fsm.localAs === b.fsm.localAs && a.fsm.remoteAs === b.fsm.remoteAs && a.fsm.routerId === b.fsm.routerId;
}

/** The sessions and the attached route engine. */
export class SessionEngine {
  readonly sessions: Sessions;
  private readonly queue = new SerialQueue();
  private re: Channel<ReMessage, SeMessage> | null = null;
  /** The attached RE said hello: it gets events. */
  private greeted = false;
  private readonly shown = new Map<string, string>();
  private shownListen = '';
  private dropped = 0;
  /** A route engine got past its start (sent more than its hello) since this engine started: restarts are news, a failed start is not. */
  private reStarted = false;
  private reWorking = false;

  constructor(private readonly clock: Clock, private readonly log: Logger) {
    this.sessions = new Sessions({ clock, log, metrics: NOOP_SINK, codec: SESSION_MESSAGES, schedule: (t) => this.run(t), handler: this.handler(), raw: (a, m) => this.forward(a, m) });
  }

  /** A route engine connected: it replaces any other (the supervisor runs one at a time). */
  attach(socket: Socket): void {
    this.re?.destroy();
    this.greeted = false;
    const channel: Channel<ReMessage, SeMessage> = new Channel(socket, asReMessage, {
      message: (m) => this.run(() => this.command(channel, m)),
      bytes: (address, bytes) => this.run(() => this.write(address, bytes)),
      closed: () => {
        if (this.re !== channel) return;
        this.re = null;
        this.greeted = false;
        // A route engine that failed its start said why itself: one line for the operator, not three.
        (this.reWorking ? this.log.info : this.log.debug)('session engine: the route engine went away; sessions stay up, UPDATEs are dropped until the next one relearns them');
        this.reWorking = false;
      },
    }, this.log);
    this.re = channel;
  }

  /** Every task runs in the one queue, then any changed neighbor state goes to the route engine. */
  run(task: () => void | Promise<void>): void {
    this.queue.run(async () => {
      await task();
      this.publish();
    }).catch((err: unknown) => this.log.error(`session engine: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`));
  }

  /** Stops every session as today's daemon stop does: silently for graceful-restart peers (RFC 4724 §4.2), else Cease / Administrative Shutdown. */
  async stop(): Promise<void> {
    await this.queue.run(async () => {
      for (const n of [...this.sessions.all()]) this.sessions.remove(n.address, n.peerAnnouncesGr() ? null : cease(SUBCODE.CEASE_ADMIN_SHUTDOWN));
      await this.sessions.close(null);
    });
    await this.re?.end();
  }

  /** Resolves when every task queued so far has run. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  /** Reload, old side: the route engine is gone already; every session and the listener go out through `send`. */
  async handOver(send: HandoverSend): Promise<number> {
    return this.queue.run(async () => {
      this.re?.destroy();
      this.re = null;
      this.greeted = false;
      return handOver(this.sessions, this.clock, send);
    });
  }

  /** Reload, new side: one hand-over message from the old engine (through the supervisor). */
  takeOver(m: HandoverMessage, handle: unknown): void {
    this.run(() => takeOver(this.sessions, this.clock, m, handle));
  }

  private send(m: SeMessage): void {
    if (this.greeted) this.re?.send(m);
  }

  private async command(channel: Channel<ReMessage, SeMessage>, m: ReMessage): Promise<void> {
    if (channel !== this.re) return;
    if (m.type !== 'hello' && !this.greeted) throw new Error(`expected hello from the route engine first, got ${m.type}`);
    if (m.type !== 'hello') this.reWorking = this.reStarted = true;
    switch (m.type) {
      case 'hello': {
        this.greeted = true;
        const now = this.clock.now();
        for (const n of this.sessions.all()) this.shown.set(n.address, snapshotKey(n));
        (this.reStarted ? this.log.info : this.log.debug)(`session engine: route engine pid ${m.pid} attached${this.dropped > 0 ? `; ${this.dropped} UPDATE(s) dropped while none was` : ''}`);
        this.dropped = 0;
        return channel.send({ type: 'hello', version: CHANNEL_VERSION, pid: process.pid, neighbors: [...this.sessions.all()].map((n) => snapshotOf(n, now)), listen: this.listenStatus() });
      }
      case 'listen':
        await this.sessions.listen(m.at);
        return this.send({ type: 'listening', id: m.id, status: this.listenStatus() });
      case 'add': return this.add(settingsOf(m.settings));
      case 'reconfigure': return this.sessions.get(m.settings.address)?.reconfigure(settingsOf(m.settings));
      case 'remove':
        this.sessions.remove(m.address, m.notify);
        this.shown.delete(m.address);
        return;
      case 'restart': return this.sessions.get(m.address)?.restart(m.notify, m.detail);
      case 'reset': return this.sessions.get(m.address)?.resetWith(m.code, m.subcode, m.data, m.detail);
      case 'configured': {
        const keep = new Set(m.addresses);
        for (const n of [...this.sessions.all()]) if (!keep.has(n.address)) this.sessions.remove(n.address, cease(SUBCODE.CEASE_PEER_DECONFIGURED));
        return;
      }
      case 'close':
        await this.sessions.close(m.notify);
        return this.send({ type: 'closed' });
    }
  }

  /** A neighbor from the route engine: an existing session with the same connection is kept and reported up. */
  private add(settings: NeighborSettings): void {
    const old = this.sessions.get(settings.address);
    if (old !== undefined && sameSession(old.settings, settings)) {
      old.reconfigure(settings);
      const up = old.established()?.up ?? null;
      if (up !== null) this.send({ type: 'up', address: settings.address, up, adopted: true });
      return;
    }
    if (old !== undefined) this.sessions.remove(settings.address, cease(SUBCODE.CEASE_OTHER_CONFIG_CHANGE));
    this.sessions.add(settings);
  }

  /** Whole encoded messages from the route engine (checked: a partial message is never written). */
  private write(address: string, bytes: Uint8Array): void {
    const types = wholeMessageTypes(bytes).map((t) => TYPE_NAMES[t] ?? 'update');
    this.sessions.get(address)?.sendEncoded(bytes, types);
  }

  private forward(address: string, messages: readonly Uint8Array[]): void {
    if (this.greeted && this.re !== null) this.re.sendBytes(address, messages);
    else this.dropped += messages.length;
  }

  private handler(): SessionHandler {
    const undecoded = (): never => {
      throw new Error('the session engine hands UPDATE and ROUTE-REFRESH over undecoded');
    };
    return {
      up: (address, up) => this.send({ type: 'up', address, up, adopted: false }),
      down: (address, down) => this.send({ type: 'down', address, down }),
      updates: undecoded,
      routeRefresh: undecoded,
    };
  }

  private listenStatus() {
    return { port: this.sessions.port, listenError: this.sessions.listenError };
  }

  /** Sends a snapshot of each neighbor whose state, counters or history changed. */
  private publish(): void {
    if (!this.greeted) return;
    const listen = this.listenStatus();
    const listenKey = `${listen.port}/${listen.listenError}`;
    if (listenKey !== this.shownListen) {
      this.shownListen = listenKey;
      this.send({ type: 'listening', id: 0, status: listen }); // a retried bind succeeded, or failed anew
    }
    const now = this.clock.now();
    for (const n of this.sessions.all()) {
      const key = snapshotKey(n);
      if (this.shown.get(n.address) === key) continue;
      this.shown.set(n.address, key);
      this.send({ type: 'status', neighbor: snapshotOf(n as NeighborSession, now) });
    }
  }
}
