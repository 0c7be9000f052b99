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

/**
 * One timer for a deadline that keeps changing. A timer already armed for the same or an earlier time
 * stays: it may fire early, and whoever it wakes computes the deadline again and re-arms. Deadlines that
 * move forward with every message (a hold timer, a check after each batch) would otherwise cancel and
 * re-arm a Node timer per socket read, which costs more than reading the routes in it.
 */
export class Wakeup {
  private handle: TimerHandle | null = null;
  private at = 0;

  constructor(private readonly clock: Clock, private readonly fire: () => void) {}

  /** Wake up at `at` (clock time) or earlier; null cancels. */
  arm(at: number | null): void {
    if (at !== null && this.handle !== null && this.at <= at) return;
    this.cancel();
    if (at === null) return;
    this.at = at;
    this.handle = this.clock.setTimer(Math.max(0, at - this.clock.now()), () => {
      this.handle = null;
      this.fire();
    });
  }

  cancel(): void {
    if (this.handle !== null) this.clock.clearTimer(this.handle);
    this.handle = null;
  }
}
