// Polling for real-world conditions (a socket appears, a session comes up, a ping succeeds).
// The lab drives real daemons, so there is no clock to inject: we poll with a deadline and report
// what was seen last, which is what makes a timeout debuggable.
import { setTimeout as delay } from 'node:timers/promises';
import { LabTimeoutError } from './errors.js';

/** Resolves after ms milliseconds. */
export const sleep = (ms: number): Promise<void> => delay(ms);

/** How long and how often to poll. */
export interface PollOptions {
  timeoutMs?: number;
  intervalMs?: number;
}

/**
 * Calls probe until it returns something other than undefined, and returns that.
 * A probe that throws counts as "not yet"; its error becomes the `last` of the timeout error.
 */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, options: PollOptions = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 10_000;
  const intervalMs = options.intervalMs ?? 50;
  const deadline = Date.now() + timeoutMs;
  let last: unknown = 'nothing yet';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
      last = 'undefined (condition not met)';
    } catch (err) {
      last = err;
    }
    if (Date.now() >= deadline) throw new LabTimeoutError(what, timeoutMs, last, last instanceof Error ? { cause: last } : undefined);
    await sleep(intervalMs);
  }
}

/** Like waitFor, for a probe that answers with a boolean plus what it saw (reported on timeout). */
export async function waitUntil(what: string, probe: () => Promise<{ ok: boolean; seen: unknown }>, options: PollOptions = {}): Promise<void> {
  let seen: unknown = 'nothing yet';
  try {
    await waitFor(what, async () => {
      try {
        const r = await probe();
        seen = r.seen;
        return r.ok ? true : undefined;
      } catch (err) {
        seen = err;
        throw err;
      }
    }, options);
  } catch (err) {
    if (err instanceof LabTimeoutError) throw new LabTimeoutError(what, err.timeoutMs, seen, { cause: err });
    throw err;
  }
}
