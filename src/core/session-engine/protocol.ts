// The channel between the route engine (RE) and the session engine (SE): a closed set of typed messages.
// Control messages travel as JSON frames; BGP bytes travel in binary frames (frames.ts) and never as JSON.
// RE -> SE: configure the listener and neighbors, send whole encoded messages, reset a session with the
// NOTIFICATION an RFC 7606 session-reset error calls for. SE -> RE: every neighbor's state on attach, ups
// and downs, received UPDATE / ROUTE-REFRESH bytes, and status snapshots when they change.
import type { FsmState } from './fsm/types.js';
import type { ErrorHistoryData } from './session/error-history.js';
import type { ConnectionView } from './session/port.js';
import type { NeighborCounters, NeighborSettings, SessionDown, SessionUp } from './session/types.js';
import type { NotificationMessage } from './wire/types.js';

/** Bumped on any incompatible change: both sides of a reload may be different builds. */
export const CHANNEL_VERSION = 1;

/** The channel socket's name in the state dir. */
export const CHANNEL_SOCKET = 'session-engine.sock';

/** Where a neighbor's session is, as the SE last saw it (all times: milliseconds on the SE's clock at `at`). */
export interface NeighborSnapshot {
  readonly address: string;
  /** SE clock time of the snapshot: the RE moves the times below onto its own clock by its offset. */
  readonly at: number;
  readonly fsm: FsmState;
  readonly counters: NeighborCounters;
  readonly errors: ErrorHistoryData;
  readonly connection: ConnectionView | null;
  /** The Established session's peer and OPEN, null when not Established. */
  readonly up: SessionUp | null;
}

/** Neighbor settings on the wire: FsmConfig without its jitter function (the SE draws its own). */
export type WireSettings = Omit<NeighborSettings, 'fsm'> & { readonly fsm: Omit<NeighborSettings['fsm'], 'jitter'> };

/** The listener's state. */
export interface ListenStatus {
  readonly port: number | null;
  readonly listenError: string | null;
}

/** Messages from the route engine. */
export type ReMessage =
  | { type: 'hello'; version: number; pid: number }
  | { type: 'listen'; id: number; at: { address?: string; port: number } | null }
  /** Adds a neighbor; one with the same connection settings already there is adopted as it is (no reset). */
  | { type: 'add'; settings: WireSettings }
  | { type: 'reconfigure'; settings: WireSettings }
  | { type: 'remove'; address: string; notify: NotificationMessage | null }
  | { type: 'restart'; address: string; notify: NotificationMessage; detail: string }
  /** RFC 7606 §3 session reset: send this NOTIFICATION on the Established session and close it. */
  | { type: 'reset'; address: string; code: number; subcode: number; data: Uint8Array; detail: string }
  /** After each configuration: these are all the neighbors there are; the SE stops any other (Peer De-configured). */
  | { type: 'configured'; addresses: string[] }
  /** The RE stops for good: close every session as today's stop does, then the listener. */
  | { type: 'close'; notify: NotificationMessage | null };

/** Messages from the session engine. */
export type SeMessage =
  | { type: 'hello'; version: number; pid: number; neighbors: NeighborSnapshot[]; listen: ListenStatus }
  | { type: 'listening'; id: number; status: ListenStatus }
  /** `adopted`: the session was Established before this RE attached (no new OPEN was exchanged). */
  | { type: 'up'; address: string; up: SessionUp; adopted: boolean }
  | { type: 'down'; address: string; down: SessionDown }
  | { type: 'status'; neighbor: NeighborSnapshot }
  | { type: 'removed'; address: string }
  | { type: 'closed' };

const RE_TYPES: ReadonlySet<string> = new Set(['hello', 'listen', 'add', 'reconfigure', 'remove', 'restart', 'reset', 'configured', 'close']);
const SE_TYPES: ReadonlySet<string> = new Set(['hello', 'listening', 'up', 'down', 'status', 'removed', 'closed']);

/** Thrown for a frame that is not a message of this protocol. */
export class ChannelError extends Error {}

/** Checks the shape every message of the side shares: an object with a known type (and an address where one belongs). */
function check<T>(value: unknown, types: ReadonlySet<string>, side: string): T {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ChannelError(`expected a ${side} message object, got ${JSON.stringify(value)?.slice(0, 80)}`);
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !types.has(type)) throw new ChannelError(`expected a ${side} message type (${[...types].join(', ')}), got ${JSON.stringify(type)}`);
  const address = (value as { address?: unknown }).address;
  if ('address' in value && typeof address !== 'string') throw new ChannelError(`expected a string address in ${type}, got ${JSON.stringify(address)}`);
  const version = (value as { version?: unknown }).version;
  if (type === 'hello' && version !== CHANNEL_VERSION) throw new ChannelError(`expected channel version ${CHANNEL_VERSION}, got ${JSON.stringify(version)}`);
  return value as T;
}

/** A route engine message, or ChannelError. */
export const asReMessage = (value: unknown): ReMessage => check<ReMessage>(value, RE_TYPES, 'route engine');

/** A session engine message, or ChannelError. */
export const asSeMessage = (value: unknown): SeMessage => check<SeMessage>(value, SE_TYPES, 'session engine');
