// Retry spacing after a failure: exponential, capped, so a database that is down for long is asked
// about every maxMs and one that blinks is back within initialMs.

/** Backoff settings in milliseconds. */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
}

/** The default: 100 ms, doubling, at most 10 s. */
export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 100, maxMs: 10_000 };

/** Delay before retry number `attempt` (1 for the first retry). */
export function backoffDelay(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const n = Math.max(1, Math.floor(attempt));
  return Math.min(policy.maxMs, policy.initialMs * 2 ** Math.min(n - 1, 30));
}
