// Moves the states share: starting, the common way down to Idle (RFC 4271 §8.2.2 "releases all BGP
// resources"), and the FSM error of a message a state does not allow.
import { NOTIFY, type NotificationMessage } from '../wire/types.js';
import { SUBCODE, notificationText } from '../wire/notification-text.js';
import { notification } from '../wire/messages/notification.js';
import type { DownReason, FsmAction, FsmConfig, FsmState, Transition } from './types.js';
import { NO_TIMERS, afterJittered } from './timers.js';

/** The state a neighbor starts in: Idle, stopped. */
export const initialState = (): FsmState => ({
  name: 'Idle', timers: NO_TIMERS, connectRetryCounter: 0, running: false, inbound: null, peer: null,
  establishedAt: null, lastError: null, lastDownReason: null,
});

/** ManualStart or the automatic restart: Connect (and dial) or, for passive neighbors, Active (RFC 4271 §8.2.2 Idle). */
export function start(s: FsmState, c: FsmConfig, now: number, manual: boolean): Transition {
  const timers = { ...NO_TIMERS, connectRetry: afterJittered(now, c.connectRetryTime, c.jitter) };
  const counter = manual ? 0 : s.connectRetryCounter;
  if (c.passive) return { state: { ...s, name: 'Active', timers, running: true, connectRetryCounter: counter }, actions: [] };
  return { state: { ...s, name: 'Connect', timers, running: true, connectRetryCounter: counter }, actions: [{ type: 'connect' }] };
}

/**
 * AutomaticStart_with_PassiveTcpEstablishment (RFC 4271 §8.1.1, Event 5): listen for the peer, as Active,
 * for a connection the peer opened; the session layer confirms it (Event 17) right after.
 */
export const passiveStart = (s: FsmState): FsmState => ({ ...s, name: 'Active', timers: NO_TIMERS, running: true });

/** Nominal seconds before the automatic restart: idleHoldTime doubling per consecutive failure, capped (jitter comes on top). */
export const idleHoldSeconds = (c: FsmConfig, failures: number): number =>
  Math.min(c.idleHoldTime * 2 ** Math.max(0, failures - 1), c.maxIdleHoldTime);

export interface DownOptions {
  reason: DownReason;
  detail: string;
  /** NOTIFICATION to send before closing. */
  notify?: NotificationMessage;
  /** A failure (counts toward the idle hold back-off); false for ManualStop. */
  failure: boolean;
  /** ManualStop: no automatic restart. */
  stop?: boolean;
}

/** Everything down to Idle: optional NOTIFICATION, close, session-down if it was up, idle hold to restart. */
export function toIdle(s: FsmState, c: FsmConfig, now: number, o: DownOptions): Transition {
  const actions: FsmAction[] = [];
  if (o.notify) actions.push({ type: 'send', message: o.notify });
  // A connection exists once one was confirmed; in Connect a dial is in flight and must be abandoned too.
  if (s.inbound !== null || s.name === 'Connect') actions.push({ type: 'close' });
  if (s.name === 'Established') actions.push({ type: 'session-down', reason: o.reason, detail: o.detail });
  const counter = o.stop ? 0 : o.failure ? s.connectRetryCounter + 1 : s.connectRetryCounter;
  const running = s.running && !o.stop;
  const timers = running ? { ...NO_TIMERS, idleHold: afterJittered(now, idleHoldSeconds(c, Math.max(1, counter)), c.jitter) } : NO_TIMERS;
  return {
    state: {
      ...s, name: 'Idle', timers, connectRetryCounter: counter, running, inbound: null, peer: null, establishedAt: null,
      lastError: o.detail, lastDownReason: o.reason,
    },
    actions,
  };
}

/** A NOTIFICATION as text for lastError, with its direction. */
export const describeNotification = (n: NotificationMessage, sent: boolean): string =>
  `${sent ? 'sent' : 'received'} ${notificationText(n.code, n.subcode)}`;

const FSM_SUBCODE: Partial<Record<FsmState['name'], number>> = {
  OpenSent: SUBCODE.FSM_UNEXPECTED_IN_OPENSENT,
  OpenConfirm: SUBCODE.FSM_UNEXPECTED_IN_OPENCONFIRM,
  Established: SUBCODE.FSM_UNEXPECTED_IN_ESTABLISHED,
};

/** RFC 4271 §8.2.2 "any other event" once a connection exists: Finite State Machine Error (RFC 6608 subcodes). */
export function fsmError(s: FsmState, c: FsmConfig, now: number, event: string): Transition {
  const n = notification(NOTIFY.FSM, FSM_SUBCODE[s.name] ?? SUBCODE.FSM_UNSPECIFIC);
  return toIdle(s, c, now, { reason: 'fsm-error', detail: `${describeNotification(n, true)}: ${event} in ${s.name}`, notify: n, failure: true });
}

/** Cease with a subcode (RFC 4486), e.g. Administrative Shutdown for ManualStop. */
export const cease = (subcode: number): NotificationMessage => notification(NOTIFY.CEASE, subcode);

/** Hold Timer Expired (RFC 4271 §6.5). */
export const holdExpired = (): NotificationMessage => notification(NOTIFY.HOLD_TIMER_EXPIRED, 0);
