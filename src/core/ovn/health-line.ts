// A failure as `status` shows it: one line, the command and the first line the tool wrote to stderr
// (`ovn-nbctl lsp-add: ovn-nbctl: no-such-switch: switch name not found`). The full text (expected/got and
// the argv) stays available for `status --verbose` and the log.
import { toEvpnError } from '../errors.js';
import { OvnExecError, stderrSummary } from './exec-error.js';

/** At most this many characters of a health line; longer ones are cut with an ellipsis. */
const MAX_LINE = 160;

/** The command of an argv: the first word that is not an option or `--` (a chain's first step). */
function verbOf(argv: readonly string[]): string | null {
  return argv.find((a) => !a.startsWith('-')) ?? null;
}

/** One line and the full detail of a failure. */
export function healthText(err: unknown): { line: string; detail: string } {
  const e = toEvpnError(err);
  const detail = e.message;
  let line = detail.split('\n')[0] ?? '';
  if (e instanceof OvnExecError) {
    const verb = verbOf(e.argv);
    const why = stderrSummary(e.stderr) || (e.timedOut ? 'no answer before the timeout' : `exit code ${e.exitCode ?? 'none'}`);
    line = `${e.tool}${verb === null ? '' : ` ${verb}`}: ${why}`;
  }
  return { line: line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line, detail };
}
