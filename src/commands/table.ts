// A linear, borderless column table for listings of any size (100k routes): one pass over the cells for
// the column widths, one to write the lines. cli-table3 lays cells out superlinearly (67 s for 10k
// routes), so it only draws the small key/value views.

/** A column: its header, and when it may be left out of the default (non --wide) view. */
export interface Column {
  head: string;
  /**
   * Dropped to fit the width, lowest first; a column without it is always shown. Columns whose
   * cells are all blank ('-' or '') are left out whatever their rank.
   */
  drop?: number;
}

export interface TableOptions {
  /** Show every column, blank or not, whatever the width. */
  wide: boolean;
  /** The width to fit (the terminal's, 80 when not a terminal). */
  width: number;
  bold: (s: string) => string;
  dim: (s: string) => string;
}

const GAP = '  ';
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Printed width of a cell: its length without color escapes (every cell is ASCII). */
const visible = (s: string): number => (s.includes('\x1b') ? s.replace(ANSI, '').length : s.length);
const isBlank = (s: string): boolean => s === '-' || s === '';

/** Renders `rows` under `columns`; an empty listing prints the header and "(none)". */
export function renderTable(columns: (Column | string)[], rows: (string | number)[][], o: TableOptions): string {
  const cols = columns.map((c): Column => (typeof c === 'string' ? { head: c } : c));
  const n = cols.length;
  const widths = cols.map((c) => c.head.length);
  const blank = cols.map(() => rows.length > 0);
  const cells: string[][] = new Array<string[]>(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    const line = new Array<string>(n);
    for (let i = 0; i < n; i++) {
      const s = String(row[i] ?? '');
      line[i] = s;
      const w = visible(s);
      if (w > widths[i]!) widths[i] = w;
      if (blank[i] && !isBlank(s)) blank[i] = false;
    }
    cells[r] = line;
  }
  let shown = cols.map((_c, i) => i);
  const hidden: number[] = [];
  if (!o.wide) {
    shown = shown.filter((i) => !blank[i]);
    const total = () => shown.reduce((sum, i) => sum + widths[i]!, 0) + GAP.length * Math.max(0, shown.length - 1);
    const droppable = shown.filter((i) => cols[i]!.drop !== undefined).sort((a, b) => cols[a]!.drop! - cols[b]!.drop!);
    while (total() > o.width && droppable.length > 0) {
      const i = droppable.shift()!;
      shown = shown.filter((j) => j !== i);
      hidden.push(i);
    }
    // Dropping a wide column may leave room for narrower ones dropped before it: take back what fits,
    // highest rank first.
    for (const i of [...hidden].reverse()) {
      const back = [...shown, i].sort((a, b) => a - b);
      const width = back.reduce((sum, j) => sum + widths[j]!, 0) + GAP.length * (back.length - 1);
      if (width <= o.width) {
        shown = back;
        hidden.splice(hidden.indexOf(i), 1);
      }
    }
  }
  const last = shown.length - 1;
  const line = (cell: (i: number) => string, plain: (i: number) => number): string => {
    let s = '';
    for (let k = 0; k <= last; k++) {
      const i = shown[k]!;
      const v = cell(i);
      s += k === last ? v : v + ' '.repeat(widths[i]! - plain(i)) + GAP;
    }
    return s.trimEnd();
  };
  const out = new Array<string>(cells.length + 2);
  out[0] = line((i) => o.bold(cols[i]!.head), (i) => cols[i]!.head.length);
  for (let r = 0; r < cells.length; r++) {
    const row = cells[r]!;
    out[r + 1] = line((i) => row[i]!, (i) => visible(row[i]!));
  }
  out.length = cells.length + 1;
  if (rows.length === 0) out.push(o.dim('(none)'));
  // Left out to fit the width: say which, briefly (the note must fit too).
  if (hidden.length > 0) out.push(o.dim(`(--wide shows ${hidden.sort((a, b) => a - b).map((i) => cols[i]!.head).join(', ')})`));
  return out.join('\n');
}
