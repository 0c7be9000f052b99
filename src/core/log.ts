// A leveled logger writing one line per event to stderr, systemd style: under journald (JOURNAL_STREAM
// set) the journal adds the timestamp, elsewhere we do.
import type { LogLevel } from './model/validate.js';

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

export interface Logger {
  error(msg: string): void;
  warn(msg: string): void;
  info(msg: string): void;
  debug(msg: string): void;
  enabled(level: LogLevel): boolean;
}

/** A logger at `level` writing to `out`. */
export function createLogger(level: LogLevel, out: (line: string) => void, timestamps: boolean): Logger {
  const emit = (l: LogLevel) => (msg: string) => {
    if (RANK[l] > RANK[level]) return;
    out(`${timestamps ? `${new Date().toISOString()} ` : ''}${l.toUpperCase().padEnd(5)} ${msg}`);
  };
  return { error: emit('error'), warn: emit('warn'), info: emit('info'), debug: emit('debug'), enabled: (l) => RANK[l] <= RANK[level] };
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {}, enabled: () => false };
