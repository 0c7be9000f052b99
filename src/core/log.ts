// A leveled logger writing one line per event to stderr, systemd style. Under journald (stderr is the
// stream named by JOURNAL_STREAM) each line starts with its syslog priority, `<3>` error .. `<7>` debug
// (sd-daemon(3)), so `journalctl -p warning` finds the warnings, and the journal adds the timestamp;
// elsewhere we add it. `--log-format json` writes one JSON object per line: time, level, msg, fields.
import { fstatSync } from 'node:fs';
import type { LogLevel } from './model/validate.js';

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };
/** syslog(3) priorities: LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG. */
const PRIORITY: Record<LogLevel, number> = { error: 3, warn: 4, info: 6, debug: 7 };

export const LOG_FORMATS = ['text', 'json'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Structured context of one event (JSON format: its `fields`; text: key=value after the message). */
export type LogFields = Record<string, string | number | boolean | null>;

export interface Logger {
  error(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  debug(msg: string, fields?: LogFields): void;
  enabled(level: LogLevel): boolean;
}

export interface LogStyle {
  format: LogFormat;
  /** Prefix each line with `<N>` for journald. */
  priorities: boolean;
  /** Start each text line with an ISO time (not under journald: it stamps lines itself). */
  timestamps: boolean;
}

const textFields = (f: LogFields | undefined): string =>
  f === undefined ? '' : Object.entries(f).map(([k, v]) => ` ${k}=${typeof v === 'string' && /[\s"=]/.test(v) ? JSON.stringify(v) : String(v)}`).join('');

/** A logger at `level` writing to `out`; `style` true/false is the older form: text, timestamps or not. */
export function createLogger(level: LogLevel, out: (line: string) => void, style: boolean | LogStyle): Logger {
  const s: LogStyle = typeof style === 'boolean' ? { format: 'text', priorities: false, timestamps: style } : style;
  const emit = (l: LogLevel) => (msg: string, fields?: LogFields) => {
    if (RANK[l] > RANK[level]) return;
    const prefix = s.priorities ? `<${PRIORITY[l]}>` : '';
    if (s.format === 'json') {
      out(`${prefix}${JSON.stringify({ time: new Date().toISOString(), level: l, msg, fields: fields ?? {} })}`);
    } else {
      out(`${prefix}${s.timestamps ? `${new Date().toISOString()} ` : ''}${l.toUpperCase().padEnd(5)} ${msg}${textFields(fields)}`);
    }
  };
  return { error: emit('error'), warn: emit('warn'), info: emit('info'), debug: emit('debug'), enabled: (l) => RANK[l] <= RANK[level] };
}

/**
 * True when stderr is the journal stream systemd connected: JOURNAL_STREAM holds its "device:inode"
 * (systemd.exec(5)), and a process whose stderr was redirected elsewhere must not write priorities.
 */
export function stderrIsJournal(env: NodeJS.ProcessEnv, stderrFd = 2): boolean {
  const m = /^(\d+):(\d+)$/.exec(env.JOURNAL_STREAM ?? '');
  if (m === null) return false;
  const st = fstatSync(stderrFd, { bigint: true });
  return st.dev === BigInt(m[1]!) && st.ino === BigInt(m[2]!);
}

/** The daemon's log style: priorities and no timestamps under journald, `format` either way. */
export function logStyleFor(format: LogFormat, env: NodeJS.ProcessEnv): LogStyle {
  const journal = stderrIsJournal(env);
  return { format, priorities: journal, timestamps: !journal };
}

/** A logger that drops everything (tests, benchmarks). */
export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {}, enabled: () => false };
