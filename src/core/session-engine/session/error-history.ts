// What `neighbor show` calls the last error, and the neighbor's recent ups and downs. While a session is
// coming up for the first time, the last error is the latest failure (ECONNREFUSED, a NOTIFICATION, a
// closed connection). Once a session has ended, the reason it ended stays the last error, as FRR's
// "Last reset <time ago>, due to ..." does: the failed reconnects after a peer's Cease (the peer closing
// or refusing our dials) must not hide the Cease. The latest failure is kept beside it (lastAttemptError).
import type { MonotonicClock } from '../../clock.js';

interface ErrorRecord {
  readonly text: string;
  /** Clock time (ms) it happened. */
  readonly at: number;
}

/** One up or down of the session, for `neighbor show`. */
export interface TransitionRecord {
  readonly event: 'up' | 'down';
  /** Clock time (ms). */
  readonly at: number;
  /** Why a session went down (null for an up). */
  readonly reason: string | null;
}

/** How many ups and downs a neighbor keeps (bgpctl and FRR show the last one; the issue asks for 10). */
export const HISTORY_LENGTH = 10;

/** The neighbor's error and history as shown: ages in whole seconds, null when there is none. */
export interface ErrorView {
  lastError: string | null;
  lastErrorAge: number | null;
  /** The latest failure of any connection attempt, when it is not lastError. */
  lastAttemptError: string | null;
  /** Seconds since the last session ended; null when none has ended. */
  downtime: number | null;
  /** The last ups and downs, newest first. */
  history: { event: 'up' | 'down'; age: number; reason: string | null }[];
}

/** The history as plain data (to hand it to another process; times on the sender's clock). */
export interface ErrorHistoryData {
  readonly last: ErrorRecord | null;
  readonly lastReset: ErrorRecord | null;
  readonly transitions: readonly TransitionRecord[];
}

/** A neighbor's last error, last session-ending error and recent transitions. */
export class ErrorHistory {
  private last: ErrorRecord | null = null;
  private lastReset: ErrorRecord | null = null;
  private readonly transitions: TransitionRecord[] = [];

  /** A connection or session ended with `text`; `endedSession` when it was Established. */
  record(text: string, at: number, endedSession: boolean): void {
    const r = { text, at };
    this.last = r;
    if (!endedSession) return;
    this.lastReset = r;
    this.push({ event: 'down', at, reason: text });
  }

  /** A session reached Established at `at`: the failed attempts before it stop being the neighbor's error. */
  sessionUp(at: number): void {
    this.last = this.lastReset;
    this.push({ event: 'up', at, reason: null });
  }

  view(clock: MonotonicClock): ErrorView {
    const now = clock.now();
    const age = (at: number): number => Math.max(0, Math.floor((now - at) / 1000));
    const shown = this.lastReset ?? this.last;
    const attempt = this.last !== null && this.last !== shown ? this.last.text : null;
    return {
      lastError: shown?.text ?? null,
      lastErrorAge: shown === null ? null : age(shown.at),
      lastAttemptError: attempt,
      downtime: this.lastReset === null ? null : age(this.lastReset.at),
      history: this.transitions.map((t) => ({ event: t.event, age: age(t.at), reason: t.reason })).reverse(),
    };
  }

  /** The history as data, its clock times moved by `shift` ms (from the sender's clock to the receiver's). */
  toData(shift = 0): ErrorHistoryData {
    const move = <T extends { at: number }>(r: T): T => ({ ...r, at: r.at + shift });
    return { last: this.last && move(this.last), lastReset: this.lastReset && move(this.lastReset), transitions: this.transitions.map(move) };
  }

  /** A history rebuilt from data, its times moved by `shift` ms. */
  static fromData(d: ErrorHistoryData, shift = 0): ErrorHistory {
    const h = new ErrorHistory();
    h.restore(d, shift);
    return h;
  }

  /** Replaces this history with `d`, its times moved by `shift` ms. */
  restore(d: ErrorHistoryData, shift = 0): void {
    const move = <T extends { at: number }>(r: T): T => ({ ...r, at: r.at + shift });
    this.last = d.last && move(d.last);
    this.lastReset = d.lastReset && move(d.lastReset);
    this.transitions.length = 0;
    for (const t of d.transitions) this.push(move(t));
  }

  private push(t: TransitionRecord): void {
    this.transitions.push(t);
    if (this.transitions.length > HISTORY_LENGTH) this.transitions.shift();
  }
}
