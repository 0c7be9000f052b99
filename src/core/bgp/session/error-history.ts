// What `neighbor show` calls the last error. While a session is coming up, it is the latest failure
// (ECONNREFUSED, a NOTIFICATION, a closed connection). Once a session is Established, the failures of the
// attempts before it are history and no longer shown; what stays is why the previous session ended, with
// its age, as FRR's "Last reset <time ago>, due to ..." does.
import type { MonotonicClock } from '../../clock.js';

interface ErrorRecord {
  readonly text: string;
  /** Clock time (ms) it happened. */
  readonly at: number;
}

/** The neighbor's error as shown: text and age in whole seconds, both null when there is none. */
export interface ErrorView {
  lastError: string | null;
  lastErrorAge: number | null;
}

/** A neighbor's last error and last session-ending error. */
export class ErrorHistory {
  private last: ErrorRecord | null = null;
  private lastReset: ErrorRecord | null = null;

  /** A connection or session ended with `text`; `endedSession` when it was Established. */
  record(text: string, at: number, endedSession: boolean): void {
    const r = { text, at };
    this.last = r;
    if (endedSession) this.lastReset = r;
  }

  /** A session reached Established: the failed attempts before it stop being the neighbor's error. */
  sessionUp(): void {
    this.last = this.lastReset;
  }

  view(clock: MonotonicClock): ErrorView {
    const r = this.last;
    return r === null ? { lastError: null, lastErrorAge: null } : { lastError: r.text, lastErrorAge: Math.max(0, Math.floor((clock.now() - r.at) / 1000)) };
  }
}
