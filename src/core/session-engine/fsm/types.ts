// The data of the BGP finite state machine (RFC 4271 §8): states, events, actions and configuration.
// Everything is plain data so the state can be shown (`neighbor show`), logged and compared in tests.
import type { BgpMessage, Capability, NotificationMessage, OpenMessage } from '../wire/types.js';

/**
 * An UPDATE or ROUTE-REFRESH passed through undecoded: the session engine frames and times messages but
 * leaves their content to the route engine, so only their type is known here.
 */
export interface RawMessage {
  readonly type: 'raw';
  readonly bytes: Uint8Array;
}

/** The six states of RFC 4271 §8.2.2. */
export type FsmStateName = 'Idle' | 'Connect' | 'Active' | 'OpenSent' | 'OpenConfirm' | 'Established';

/** Timer deadlines in milliseconds of the injected monotonic clock; null when the timer is stopped. */
export interface FsmTimers {
  connectRetry: number | null;
  hold: number | null;
  keepalive: number | null;
  /** Delays the automatic restart after an error (RFC 4271 §8.1.1 IdleHoldTimer), so a failing peer is retried calmly. */
  idleHold: number | null;
}

export type TimerName = keyof FsmTimers;

/** What both sides announced (RFC 5492): the summary the neighbor view shows. */
export interface NegotiatedCapabilities {
  mpEvpn: boolean;
  routeRefresh: boolean;
  enhancedRouteRefresh: boolean;
  fourOctetAs: boolean;
  /** Present when both sides announced graceful restart (RFC 4724 §3); values are the peer's. */
  gracefulRestart: { restartTime: number; restarting: boolean; evpnForwardingPreserved: boolean } | null;
  /** Names for the view: "mp-evpn", "route-refresh", "enhanced-route-refresh", "4-octet-as", "graceful-restart". */
  names: string[];
}

/** What the peer's OPEN told us, once accepted. */
export interface PeerSession {
  asn: number;
  routerId: string;
  /** Negotiated hold time in seconds (0 = no keepalives, RFC 4271 §4.2) and the keepalive interval derived from it. */
  holdTime: number;
  keepaliveTime: number;
  capabilities: NegotiatedCapabilities;
  /** The codec context to use from now on. */
  fourOctetAs: boolean;
}

/** Why a session left Established (or never got there). */
export type DownReason =
  | 'admin-stop' // ManualStop
  | 'hold-timer-expired'
  | 'peer-notification' // the peer sent a NOTIFICATION
  | 'local-error' // we found an error and sent a NOTIFICATION
  | 'open-rejected' // the peer's OPEN failed §6.2 checks
  | 'connection-lost' // TCP failed or closed
  | 'collision-dump' // §6.8 collision resolution closed this connection
  | 'fsm-error'; // a message arrived that the state does not allow

export interface FsmState {
  name: FsmStateName;
  timers: FsmTimers;
  /** RFC 4271 §8.1 ConnectRetryCounter: consecutive failures, also scales the idle hold time. */
  connectRetryCounter: number;
  /** Whether the neighbor should be (re)started automatically after an error: true from ManualStart to ManualStop. */
  running: boolean;
  /** Who opened the current connection: true when the peer did (for collision detection), null without one. */
  inbound: boolean | null;
  peer: PeerSession | null;
  /** Clock time (ms) the session reached Established, null otherwise. */
  establishedAt: number | null;
  lastError: string | null;
  lastDownReason: DownReason | null;
}

/** The closed set of inputs (RFC 4271 §8.1 events; the session layer maps sockets, timers and messages onto them). */
export type FsmEvent =
  | { type: 'ManualStart' }
  | { type: 'ManualStop' }
  | { type: 'ConnectRetryTimerExpires' }
  | { type: 'HoldTimerExpires' }
  | { type: 'KeepaliveTimerExpires' }
  | { type: 'IdleHoldTimerExpires' }
  /** Event 16/17: our connect() succeeded (inbound false) or we accepted the peer's connection (inbound true). */
  | { type: 'TcpConnectionConfirmed'; inbound: boolean }
  | { type: 'TcpConnectionFails'; detail?: string }
  | { type: 'BgpOpen'; open: OpenMessage }
  | { type: 'KeepAliveMsg' }
  | { type: 'UpdateMsg'; message: BgpMessage | RawMessage }
  | { type: 'RouteRefreshMsg'; message: BgpMessage | RawMessage }
  | { type: 'NotifMsg'; message: NotificationMessage }
  /** Events 21/22/28: a received message failed to decode with this NOTIFICATION (a BgpError's fields). */
  | { type: 'MessageError'; code: number; subcode: number; data: Uint8Array; detail: string }
  /** Event 23: §6.8 collision resolution decided this connection must go. */
  | { type: 'OpenCollisionDump' };

/** What the session layer must do, in order. */
export type FsmAction =
  | { type: 'connect' }
  | { type: 'close' }
  | { type: 'send'; message: BgpMessage }
  /** An UPDATE or ROUTE-REFRESH to hand to the RIB (only in Established). */
  | { type: 'deliver'; message: BgpMessage | RawMessage }
  | { type: 'start-timer'; timer: TimerName; deadline: number }
  | { type: 'stop-timer'; timer: TimerName }
  | { type: 'session-up'; peer: PeerSession }
  | { type: 'session-down'; reason: DownReason; detail: string };

/** One transition's result. */
export interface Transition {
  state: FsmState;
  actions: FsmAction[];
}

/** A neighbor's FSM configuration; times in seconds. */
export interface FsmConfig {
  localAs: number;
  routerId: string;
  remoteAs: number;
  /** Hold time we propose (0 or 3..65535). */
  holdTime: number;
  /** Never connect, only accept (RFC 4271 §8.1.1 PassiveTcpEstablishment). */
  passive: boolean;
  /** RFC 4271 §10 suggests 120 s; FRR and GoBGP use 120/30 s. Default 30. */
  connectRetryTime: number;
  /** First delay before an automatic restart after an error; doubles per consecutive failure up to maxIdleHoldTime. */
  idleHoldTime: number;
  maxIdleHoldTime: number;
  /**
   * RFC 4271 §10 jitter: a factor in [0.75, 1.0] applied to every ConnectRetry and idle-hold delay, so two
   * speakers that failed together do not retry in lock-step. Injected (fsmConfig() draws from Math.random),
   * so tests choose it; the FSM stays a pure function of its inputs.
   */
  jitter: () => number;
  /** Capabilities we announce (defaultCapabilities() builds the usual set). */
  capabilities: Capability[];
}
