// How results reach the user: JSON for scripts (--json), tables for people, color only on a TTY
// without NO_COLOR. Every command prints through one Output.
import { Chalk, type ChalkInstance } from 'chalk';
import Table from 'cli-table3';
import { renderTable, type Column } from './table.js';

export interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
  isTTY: boolean;
  /** The terminal's width when stdout is one; tables fit 80 columns otherwise. */
  columns?: number;
}

const BORDERLESS = {
  top: '', 'top-mid': '', 'top-left': '', 'top-right': '', bottom: '', 'bottom-mid': '', 'bottom-left': '', 'bottom-right': '',
  left: '', 'left-mid': '', mid: '', 'mid-mid': '', right: '', 'right-mid': '', middle: '  ',
};

/** Formatting helpers bound to one color decision. */
export class Output {
  readonly c: ChalkInstance;

  constructor(readonly io: Io, readonly json: boolean, color: boolean, readonly wide = false) {
    this.c = new Chalk({ level: color ? 1 : 0 });
  }

  /** Prints `data` as JSON (scripts) or the human rendering (people). */
  emit(data: unknown, human: () => string): void {
    this.io.stdout(this.json ? `${JSON.stringify(data, null, 2)}\n` : ensureNewline(human()));
  }

  /**
   * A borderless column table with a bold header, like `gobgp neighbor`, linear in its size. Unless
   * --wide: columns blank in every row are left out, and ranked ones are dropped to fit the terminal.
   */
  table(head: (Column | string)[], rows: (string | number)[][]): string {
    return renderTable(head, rows, { wide: this.wide, width: this.io.columns ?? 80, bold: (s) => this.c.bold(s), dim: (s) => this.c.dim(s) });
  }

  /** A two-column key/value table for `show` commands. */
  details(pairs: [string, string | number | null | undefined][]): string {
    const t = new Table({ chars: BORDERLESS, style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 } });
    for (const [k, v] of pairs) t.push([this.c.bold(`${k}:`), v === null || v === undefined || v === '' ? '-' : String(v)]);
    return trimEnds(t.toString());
  }
}

/** cli-table3 pads the last column; trailing blanks only get in the way of grep and diff. */
function trimEnds(s: string): string {
  return s.replace(/[ \t]+$/gm, '');
}

function ensureNewline(s: string): string {
  return s.endsWith('\n') ? s : `${s}\n`;
}

/** Color unless NO_COLOR is set, --no-color was given, or stdout is not a terminal (https://no-color.org). */
export function wantColor(io: Io, flag: boolean | undefined, pref: 'auto' | 'always' | 'never' | undefined): boolean {
  if (flag === false || pref === 'never' || (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== '')) return false;
  if (pref === 'always') return true;
  return io.isTTY;
}
