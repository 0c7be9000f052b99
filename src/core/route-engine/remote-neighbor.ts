// One neighbor of the session engine, as the route engine sees it: the last state the SE reported, the
// session it reported up, and the commands that go back. Messages are encoded here, whole, with the
// negotiated context (RFC 6793), and written by the SE as they are.
import type { FsmState } from '../session-engine/fsm/types.js';
import { initialState } from '../session-engine/fsm/steps.js';
import { ErrorHistory } from '../session-engine/session/error-history.js';
import { announcesEvpnGr } from '../session-engine/session/graceful-restart.js';
import type { ConnectionView, NeighborPort } from '../session-engine/session/port.js';
import { zeroCounters, type NeighborCounters, type NeighborSettings, type SessionUp } from '../session-engine/session/types.js';
import { encodeMessage } from '../session-engine/wire/message.js';
import type { BgpMessage, NotificationMessage } from '../session-engine/wire/types.js';
import type { MetricsSink } from '../metrics/sink.js';
import type { Channel } from '../session-engine/channel.js';
import type { NeighborSnapshot, ReMessage, SeMessage } from '../session-engine/protocol.js';
import { wireSettingsOf } from '../session-engine/settings.js';
import { shiftFsm } from '../session-engine/snapshot.js';

/** A neighbor whose session lives in the session engine. */
export class RemoteNeighbor implements NeighborPort {
  counters: NeighborCounters = zeroCounters();
  errors = new ErrorHistory();
  private fsm: FsmState = initialState();
  private conn: ConnectionView | null = null;
  /** The session the SE reported up (set in the owner's queue, like the handler's up). */
  up: SessionUp | null = null;
  /** We asked the SE to reset the session; what it still forwards is dropped until it is down. */
  resetting = false;

  constructor(public settings: NeighborSettings, private readonly channel: Channel<SeMessage, ReMessage>, private readonly metrics: MetricsSink) {}

  get address(): string {
    return this.settings.address;
  }

  established(): { readonly up: SessionUp | null } | null {
    return this.up === null ? null : { up: this.up };
  }

  connection(): ConnectionView | null {
    return this.up === null ? null : this.conn;
  }

  peerAnnouncesGr(): boolean {
    return this.up !== null && announcesEvpnGr(this.up.open);
  }

  shownState(): FsmState {
    return this.fsm;
  }

  send(messages: readonly BgpMessage[]): void {
    const up = this.up;
    if (up === null || messages.length === 0) return;
    const ctx = { fourOctetAs: up.peer.fourOctetAs };
    this.channel.sendBytes(this.address, messages.map((m) => {
      this.metrics.bgpMessage(this.address, 'out', m.type);
      return encodeMessage(m, ctx);
    }));
  }

  restart(notify: NotificationMessage, detail: string): void {
    this.up = null;
    this.channel.send({ type: 'restart', address: this.address, notify, detail });
  }

  reconfigure(settings: NeighborSettings): void {
    this.settings = settings;
    this.channel.send({ type: 'reconfigure', settings: wireSettingsOf(settings) });
  }

  /** The SE's latest view of the neighbor, its times moved onto our clock (`now`). */
  show(s: NeighborSnapshot, now: number): void {
    const shift = now - s.at;
    this.fsm = shiftFsm(s.fsm, shift);
    this.counters = s.counters;
    this.errors = ErrorHistory.fromData(s.errors, shift);
    this.conn = s.connection;
  }
}
