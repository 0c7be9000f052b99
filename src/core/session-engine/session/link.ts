// One BGP connection and its FSM (RFC 4271 §8: one FSM per connection). A neighbor has a primary link,
// which also carries the idle/connect/retry life between connections, and during a §6.8 collision a
// second, inbound candidate link until one of the two is dumped.
import type { Socket } from 'node:net';
import { initialState } from '../fsm/steps.js';
import type { FsmState } from '../fsm/types.js';
import type { CodecContext } from '../wire/context.js';
import { OPEN_CONTEXT } from '../wire/context.js';
import { MessageFramer } from '../wire/framer.js';
import type { OpenMessage } from '../wire/types.js';
import type { UpdateAction } from '../wire/attributes/index.js';
import type { ReceivedUpdate } from './types.js';

/** Bytes read but not yet processed above which the socket is paused (back-pressure to the peer). */
export const MAX_INBOX_BYTES = 4 * 1024 * 1024;

/** A connection, its FSM and what is in flight on it. */
export class Link {
  fsm: FsmState = initialState();
  /** The socket of this link's current connection (dialing or connected), null between connections. */
  socket: Socket | null = null;
  framer = new MessageFramer();
  /** Chunks read and not processed yet, and their size. */
  inbox: Buffer[] = [];
  inboxBytes = 0;
  /** A drain task is queued for this link. */
  drainQueued = false;
  /** Clock time (ms) the current connection was confirmed (accepted, or our dial connected); null before. */
  connectedAt: number | null = null;
  /** Bytes the peer has sent on the current connection (0: it has said nothing yet). */
  bytesIn = 0;
  /** The peer's OPEN on the current connection, once received. */
  peerOpen: OpenMessage | null = null;
  /** The UPDATEs decoded in the current drain, handed over in one batch. */
  batch: ReceivedUpdate[] = [];
  /** Whole UPDATE / ROUTE-REFRESH messages of the current drain, undecoded (session engine only). */
  rawBatch: Uint8Array[] = [];
  /** RFC 7606 outcome of the UPDATE being stepped through the FSM right now. */
  decoding: { action: UpdateAction; problems: readonly string[]; raw?: Uint8Array } = { action: 'ok', problems: [] };
  /** The session as it was when it reached Established (for session-down), null otherwise. */
  up: { peer: NonNullable<FsmState['peer']>; open: OpenMessage } | null = null;

  /** The codec context: the negotiated one once the OPENs are exchanged (RFC 6793). */
  get ctx(): CodecContext {
    const peer = this.fsm.peer;
    return peer === null ? OPEN_CONTEXT : { fourOctetAs: peer.fourOctetAs };
  }

  /** Forgets the current connection's bytes and state (the FSM state stays). */
  detach(): Socket | null {
    const s = this.socket;
    this.socket = null;
    this.framer = new MessageFramer();
    this.inbox = [];
    this.inboxBytes = 0;
    this.peerOpen = null;
    this.connectedAt = null;
    this.bytesIn = 0;
    if (s?.isPaused()) s.resume();
    return s;
  }
}
