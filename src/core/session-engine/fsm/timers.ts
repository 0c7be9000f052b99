// Timers as data: deadlines on the injected monotonic clock inside the state. The session layer sleeps
// until nextDeadline(state) and feeds dueEvents(state, now) back in; `neighbor show` reads timerView.
import type { FsmEvent, FsmState, FsmTimers, TimerName } from './types.js';

/** No timer running. */
export const NO_TIMERS: FsmTimers = Object.freeze({ connectRetry: null, hold: null, keepalive: null, idleHold: null });

/** A deadline `seconds` after now (ms). */
export const after = (now: number, seconds: number): number => now + seconds * 1000;

/**
 * A jittered deadline (RFC 4271 §10): `seconds` times the config's factor, clamped to [0.75, 1.0] so a
 * bad jitter source can neither fire a retry at once nor delay it past its nominal time.
 */
export const afterJittered = (now: number, seconds: number, jitter: () => number): number =>
  after(now, seconds * Math.min(1, Math.max(0.75, jitter())));

/** The earliest running deadline, or null when nothing is running. */
export function nextDeadline(state: FsmState): number | null {
  let min: number | null = null;
  for (const d of Object.values(state.timers) as (number | null)[]) if (d !== null && (min === null || d < min)) min = d;
  return min;
}

const EVENT_OF: Record<TimerName, FsmEvent> = {
  hold: { type: 'HoldTimerExpires' },
  keepalive: { type: 'KeepaliveTimerExpires' },
  connectRetry: { type: 'ConnectRetryTimerExpires' },
  idleHold: { type: 'IdleHoldTimerExpires' },
};
// Hold first: if both expired while the process slept, the session is dead and a keepalive would be moot.
const ORDER: readonly TimerName[] = ['hold', 'keepalive', 'connectRetry', 'idleHold'];

/** Events of the timers whose deadline is at or before now, most decisive first. Feed them one at a time. */
export function dueEvents(state: FsmState, now: number): FsmEvent[] {
  return ORDER.filter((t) => state.timers[t] !== null && state.timers[t] <= now).map((t) => EVENT_OF[t]);
}

/** Whole seconds left on each running timer, for display. */
export function timerView(state: FsmState, now: number): Partial<Record<TimerName, number>> {
  const out: Partial<Record<TimerName, number>> = {};
  for (const t of ORDER) {
    const d = state.timers[t];
    if (d !== null) out[t] = Math.max(0, Math.ceil((d - now) / 1000));
  }
  return out;
}
