// Time comes in from outside so that tests drive it and never sleep on real timers.

/** A monotonic clock in milliseconds (the daemon passes performance.now or a hrtime-based one). */
export interface Clock {
  now(): number;
}
