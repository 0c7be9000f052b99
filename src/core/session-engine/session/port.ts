// What the BgpService needs from the session layer: the seam between the route engine and the session
// engine. In one process the local `Sessions` is the port; in the split daemon `RemoteSessions` (route
// engine side) speaks for the session engine's `Sessions` over the channel (../../session-engine).
import type { MonotonicClock } from '../../clock.js';
import type { FsmState } from '../fsm/types.js';
import type { BgpMessage, NotificationMessage } from '../wire/types.js';
import type { ErrorView } from './error-history.js';
import type { NeighborCounters, NeighborSettings, SessionUp } from './types.js';
import type { NeighborDeps } from './neighbor.js';

/** The TCP endpoints of an Established session, as `neighbor show` prints them. */
export interface ConnectionView {
  readonly localAddress: string;
  readonly localPort: number;
  readonly remoteAddress: string;
  readonly remotePort: number;
}

/** One neighbor's session as the route engine sees it. Every method runs inside the owner's queue. */
export interface NeighborPort {
  readonly address: string;
  readonly settings: NeighborSettings;
  readonly counters: NeighborCounters;
  readonly errors: { view(clock: MonotonicClock): ErrorView };
  /** The Established session (its peer and OPEN once up), null when there is none. */
  established(): { readonly up: SessionUp | null } | null;
  /** The Established connection's endpoints, null without one. */
  connection(): ConnectionView | null;
  peerAnnouncesGr(): boolean;
  shownState(): FsmState;
  /** Whole messages for the Established connection (nothing when there is none). */
  send(messages: readonly BgpMessage[]): void;
  restart(notify: NotificationMessage, detail: string): void;
  reconfigure(settings: NeighborSettings): void;
}

/** The speaker's sessions and listener. */
export interface SessionPort {
  readonly port: number | null;
  readonly listenError: string | null;
  listen(at: { address?: string; port: number } | null): Promise<void>;
  add(settings: NeighborSettings): void;
  remove(address: string, notify: NotificationMessage | null): void;
  get(address: string): NeighborPort | undefined;
  all(): Iterable<NeighborPort>;
  close(notify: NotificationMessage | null): Promise<void>;
  /** After each configuration: the neighbors added are all there are (a session engine stops the others). */
  configured?(): void;
}

/** Builds the port once the owner's queue and handler exist. */
export type SessionPortFactory = (deps: NeighborDeps) => SessionPort;
