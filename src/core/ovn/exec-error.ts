// The one error class of the OVS/OVN boundary: a tool did not do what we asked.
import { EvpnError } from '../errors.js';

/** The OVS/OVN tools we run. */
export type OvnTool = 'ovs-vsctl' | 'ovn-nbctl' | 'ovsdb-client';

const PREVIEW_ARGS = 24;
const PREVIEW_STDERR = 400;

/** A failed run of ovs-vsctl, ovn-nbctl or ovsdb-client; carries everything needed to reproduce it. */
export class OvnExecError extends EvpnError {
  readonly tool: OvnTool;
  readonly argv: readonly string[];
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stderr: string;
  readonly timedOut: boolean;

  constructor(fields: {
    tool: OvnTool; argv: readonly string[]; exitCode: number | null; signal: string | null;
    stderr: string; timedOut: boolean; expected: string; got: string; cause?: unknown;
  }) {
    // 'unreachable' when the database could not be reached, so the daemon reports it as such.
    const code = /connection (failed|refused)|No such file or directory|timed out|Connection reset/i.test(fields.stderr) || fields.timedOut
      ? 'unreachable' : 'error';
    super(code, `${fields.tool}: expected ${fields.expected}, got ${fields.got} (argv: ${preview(fields.argv)})`, { cause: fields.cause });
    this.tool = fields.tool;
    this.argv = fields.argv;
    this.exitCode = fields.exitCode;
    this.signal = fields.signal;
    this.stderr = fields.stderr;
    this.timedOut = fields.timedOut;
  }
}

/** The first stderr line that says something, shortened for a message. */
export function stderrSummary(stderr: string): string {
  const line = stderr.split('\n').map((l) => l.trim()).find((l) => l.length > 0) ?? '';
  return line.length > PREVIEW_STDERR ? `${line.slice(0, PREVIEW_STDERR)}…` : line;
}

/** Longest argument shown whole in a message (a prepared transaction is one argument of up to ~100 KiB). */
const PREVIEW_ARG = 300;

function preview(argv: readonly string[]): string {
  const cut = (a: string): string => (a.length > PREVIEW_ARG ? `${a.slice(0, PREVIEW_ARG)}…(${a.length} chars)` : a);
  const shown = argv.slice(0, PREVIEW_ARGS).map((a) => (/^[\w@:./=,+-]*$/.test(a) ? a : JSON.stringify(cut(a)))).join(' ');
  return argv.length > PREVIEW_ARGS ? `${shown} … (${argv.length} args)` : shown;
}
