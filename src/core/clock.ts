// Time as a dependency: the FSM, the RIB, the OVN programmer and the monitor take a clock so unit tests
// drive time by hand and never wait on real timers. Only systemClock touches the real ones.
import { performance } from 'node:perf_hooks';

/** An opaque timer handle returned by Clock.setTimer. */
export type TimerHandle = unknown;

/** Monotonic milliseconds: what pure logic (RIB, FSM callers) needs. */
export interface MonotonicClock {
  /** Milliseconds on a monotonic scale; only differences are meaningful. */
  now(): number;
}

/** Monotonic milliseconds and one-shot timers. */
export interface Clock extends MonotonicClock {
  /** Calls fn once after ms milliseconds. */
  setTimer(ms: number, fn: () => void): TimerHandle;
  /** Cancels a timer; cancelling a fired or cancelled timer does nothing. */
  clearTimer(handle: TimerHandle): void;
}

/**
 * The real clock: performance.now() and Node's timers. Timers stay ref'd: pending programming or a retry
 * is work that should keep the process alive until stop() cancels it.
 */
export const systemClock: Clock = {
  now: () => performance.now(),
  setTimer: (ms, fn) => setTimeout(fn, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
