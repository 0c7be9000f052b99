// The lab's error classes. They extend the project's EvpnError so a CLI can render them like any other,
// and carry what a reader needs to reproduce the failure (argv, stderr, the last value seen while waiting).
import { EvpnError } from '../core/errors.js';

/** A lab step failed for a reason that is not a failed command (bad option, missing tool, daemon died). */
export class LabError extends EvpnError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('error', message, options);
  }
}

/** A command exited non-zero, was killed, or could not be started. */
export class CommandError extends LabError {
  readonly argv: readonly string[];
  readonly exitCode: number | undefined;
  readonly stderr: string;
  constructor(argv: readonly string[], exitCode: number | undefined, stderr: string, detail: string, options?: { cause?: unknown }) {
    const tail = stderr.trim().split('\n').slice(-5).join('\n');
    super(`command \`${argv.join(' ')}\` ${detail}${tail ? `: ${tail}` : ''}`, options);
    this.argv = argv;
    this.exitCode = exitCode;
    this.stderr = stderr;
  }
}

/** A condition polled for did not become true in time; `last` is what was seen on the final attempt. */
export class LabTimeoutError extends LabError {
  readonly what: string;
  readonly timeoutMs: number;
  readonly last: unknown;
  constructor(what: string, timeoutMs: number, last: unknown, options?: { cause?: unknown }) {
    super(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${describe(last)}`, options);
    this.what = what;
    this.timeoutMs = timeoutMs;
    this.last = last;
  }
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message;
  if (typeof value === 'string') return value.length > 400 ? `${value.slice(0, 400)}…` : value;
  const json = JSON.stringify(value);
  if (json === undefined) return String(value);
  return json.length > 400 ? `${json.slice(0, 400)}…` : json;
}
