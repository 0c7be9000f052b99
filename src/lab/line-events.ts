// A log of JSON events read line by line from a child's stdout, with waiters. Used for the os-ken runner's
// line protocol; keeps every event so a test can assert on history and wait for future ones alike.
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { LabTimeoutError } from './errors.js';

/** One event line: always has `event`, the rest depends on it. */
export interface LineEvent {
  event: string;
  [key: string]: unknown;
}

interface Waiter {
  match: (e: LineEvent) => boolean;
  resolve: (e: LineEvent) => void;
}

/** Collects events from a stream of JSON lines; non-JSON lines are kept as `{event: 'text', text}`. */
export class LineEventLog {
  readonly events: LineEvent[] = [];
  #waiters: Waiter[] = [];
  #closed = false;
  #onClose: (() => void)[] = [];

  /** Starts reading the stream; the log closes when the stream ends. */
  constructor(stream: Readable) {
    const rl = createInterface({ input: stream, crlfDelay: Infinity });
    rl.on('line', (line) => this.push(parseLine(line)));
    rl.on('close', () => {
      this.#closed = true;
      for (const f of this.#onClose.splice(0)) f();
    });
  }

  /** Adds an event and wakes the waiters it satisfies. */
  push(e: LineEvent): void {
    this.events.push(e);
    const still: Waiter[] = [];
    for (const w of this.#waiters) if (w.match(e)) w.resolve(e); else still.push(w);
    this.#waiters = still;
  }

  /** True once the stream has ended. */
  get closed(): boolean {
    return this.#closed;
  }

  /** The first event (past or future) matching; rejects on timeout or when the stream ends first. */
  waitFor(what: string, match: (e: LineEvent) => boolean, timeoutMs = 15_000, fromIndex = 0): Promise<LineEvent> {
    const past = this.events.slice(fromIndex).find(match);
    if (past) return Promise.resolve(past);
    return new Promise((resolve, reject) => {
      const fail = (why: string): void => {
        this.#waiters = this.#waiters.filter((w) => w !== waiter);
        reject(new LabTimeoutError(what, timeoutMs, `${why}; last events: ${JSON.stringify(this.events.slice(-5))}`));
      };
      const timer = setTimeout(() => fail('no matching event'), timeoutMs);
      const waiter: Waiter = { match, resolve: (e) => { clearTimeout(timer); resolve(e); } };
      this.#waiters.push(waiter);
      if (this.#closed) fail('the event stream had already ended');
      else this.#onClose.push(() => { clearTimeout(timer); if (this.#waiters.includes(waiter)) fail('the event stream ended'); });
    });
  }
}

/** Parses one line; a line that is not a JSON object with an `event` string becomes a text event. */
export function parseLine(line: string): LineEvent {
  try {
    const v = JSON.parse(line) as unknown;
    if (v !== null && typeof v === 'object' && typeof (v as { event?: unknown }).event === 'string') return v as LineEvent;
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
  }
  return { event: 'text', text: line };
}
