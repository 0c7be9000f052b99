// What the session layer reports to its owner (the BgpService) and what it is configured with.
// Every callback runs inside the owner's serial queue (see `Scheduler`), one socket batch at a time.
import type { OpenMessage, RouteRefreshMessage, UpdateMessage } from '../wire/types.js';
import type { UpdateAction } from '../wire/attributes/index.js';
import type { DownReason, FsmConfig, PeerSession } from '../fsm/types.js';

/** Runs a task inside the owner's single state-change queue (never inline, never concurrently). */
export type Scheduler = (task: () => void | Promise<void>) => void;

/** One UPDATE as decoded, with its RFC 7606 outcome. */
export interface ReceivedUpdate {
  readonly update: UpdateMessage;
  /** 'ok', 'attribute-discard' (use what is left) or 'treat-as-withdraw' (withdraw every route in it). */
  readonly action: UpdateAction;
  readonly problems: readonly string[];
  /** The message as received, kept only when it had problems (for a bounded hex excerpt in the log). */
  readonly raw?: Uint8Array;
}

/** A session that reached Established. */
export interface SessionUp {
  readonly peer: PeerSession;
  /** The peer's OPEN, for graceful-restart details the negotiated summary does not keep. */
  readonly open: OpenMessage;
  /**
   * The session was Established before this route engine attached to the session engine: no OPEN was
   * exchanged for it, and the peer's routes must be asked for again (ROUTE-REFRESH, RFC 2918 / 7313).
   */
  readonly adopted?: boolean;
}

/** A session that left Established. */
export interface SessionDown {
  readonly reason: DownReason;
  readonly detail: string;
  /** The session's peer as it was while up. */
  readonly peer: PeerSession;
  readonly open: OpenMessage;
}

/** The owner's side of the sessions: told about ups, downs and what arrives, in arrival order. */
export interface SessionHandler {
  up(address: string, session: SessionUp): void;
  down(address: string, session: SessionDown): void;
  /** UPDATEs decoded from one batch of socket data (one queue task), in order. */
  updates(address: string, batch: readonly ReceivedUpdate[]): void;
  routeRefresh(address: string, message: RouteRefreshMessage): void;
}

/** How to reach one neighbor and what to tell it. */
export interface NeighborSettings {
  readonly address: string;
  readonly port: number;
  /** Source address of outbound connections (the bind address; IPv4 or IPv6 like the neighbor). */
  readonly localAddress?: string;
  readonly fsm: FsmConfig;
  /** Accepted and shown only: Node cannot set the IP TTL of a TCP socket, so no GTSM and no TTL change. */
  readonly ebgpMultihop?: number;
}

/** Message and error counters of one neighbor, kept across its connections. */
export interface NeighborCounters {
  messagesIn: number;
  messagesOut: number;
  updatesIn: number;
  updatesOut: number;
  notificationsIn: number;
  notificationsOut: number;
}

/** A fresh set of zero counters. */
export const zeroCounters = (): NeighborCounters => ({
  messagesIn: 0, messagesOut: 0, updatesIn: 0, updatesOut: 0, notificationsIn: 0, notificationsOut: 0,
});

/** Counts one message received or sent: every message, and UPDATEs and NOTIFICATIONs apart (RFC 4273's In/Out totals). */
export function countMessage(c: NeighborCounters, direction: 'in' | 'out', type: string): void {
  const way = direction === 'in' ? 'In' : 'Out';
  c[`messages${way}`]++;
  if (type === 'update') c[`updates${way}`]++;
  if (type === 'notification') c[`notifications${way}`]++;
}
