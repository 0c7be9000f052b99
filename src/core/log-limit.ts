// Keeping what a misbehaving peer can make us log small: lines cut to a bound, hex dumps cut to a few
// hundred bytes, and repeats of one kind of event rate-limited, with a count of what was left out. A peer
// sending 100k malformed UPDATEs must not fill the disk (issue 9: 288 MB of log for 135 MB of UPDATEs).
import type { MonotonicClock } from './clock.js';
import type { Logger } from './log.js';

/** Longest line of free text (problem lists, error details) we put into one log line. */
export const MAX_TEXT_CHARS = 400;
/** Most bytes of a message shown in hex in one log line. */
export const MAX_HEX_BYTES = 128;

/** `text` cut to `max` characters, saying how much was cut. */
export function bounded(text: string, max = MAX_TEXT_CHARS): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** The first `max` bytes in hex, saying how many were left out. */
export function hexExcerpt(bytes: Uint8Array, max = MAX_HEX_BYTES): string {
  const shown = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, max)).toString('hex');
  return bytes.length <= max ? shown : `${shown}… (${bytes.length} bytes, first ${max} shown)`;
}

interface Window {
  start: number;
  passed: number;
  suppressed: number;
}

/** Per kind of event: the first `burst` lines in each window are logged, the rest counted. */
export interface RateLimit {
  burst: number;
  windowMs: number;
}

/** 10 lines per kind per minute: enough to see what a peer does wrong, and a count for the rest. */
export const DEFAULT_RATE_LIMIT: RateLimit = { burst: 10, windowMs: 60_000 };

/**
 * Rate-limits log lines by key (e.g. "bad UPDATE from 192.168.100.1"). A line over the limit is only counted;
 * the first line let through in a later window carries the count of those left out since the last one.
 */
export class RateLimitedLog {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly clock: MonotonicClock, private readonly limit: RateLimit = DEFAULT_RATE_LIMIT) {}

  /** Logs `line` at `level` unless `key` is over its limit. True when it was written. */
  write(log: Logger, level: 'error' | 'warn' | 'info', key: string, line: string): boolean {
    const now = this.clock.now();
    let w = this.windows.get(key);
    if (w === undefined || now - w.start >= this.limit.windowMs) {
      const carried = w?.suppressed ?? 0;
      w = { start: now, passed: 0, suppressed: 0 };
      this.windows.set(key, w);
      if (carried > 0) line = `${line} [${carried} more like this not logged before]`;
    }
    if (w.passed >= this.limit.burst) {
      w.suppressed++;
      return false;
    }
    w.passed++;
    const note = w.passed === this.limit.burst ? ` [rate limit: further ones are counted, not logged, for ${Math.round(this.limit.windowMs / 1000)} s]` : '';
    log[level](`${line}${note}`);
    return true;
  }

  /** Lines counted and not written for `key` in its current window. */
  suppressed(key: string): number {
    return this.windows.get(key)?.suppressed ?? 0;
  }

  /** Forgets a key (a removed neighbor), so the map stays as small as the configuration. */
  forget(key: string): void {
    this.windows.delete(key);
  }
}
