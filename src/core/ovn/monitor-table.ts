// One table's rows as `ovsdb-client --format=json monitor` reports them (ovsdb-client(1)): every update is
// {"headings": ["row", "action", cols...], "data": [[uuid, action, values...], ...]}, with action
// "initial", "insert", "delete", or an "old"/"new" pair for a modification (the "new" line has an empty
// uuid and belongs to the "old" line before it). `monitor-cond` prints the update2 form instead (ovsdb-server(7)
// "Update2 notification"): one "modify" line whose cells are differences, null for a column that did not change:
// a new value for a scalar column, the elements to toggle for a set column, and for a map the pairs to add,
// remove (same key and value) or change (same key, another value).
import { rowsOf, type JsonTable, type Row } from './ovsdb-json.js';

/** The current rows of a monitored table, by uuid. */
export class MonitorTable {
  readonly rows = new Map<string, Record<string, unknown>>();

  /** setColumns: the set-typed columns (optional scalars included), whose "modify" cells are toggles. */
  constructor(private readonly setColumns: ReadonlySet<string> = new Set()) {}

  /** Applies one update. Throws TypeError on a shape ovsdb-client does not print. */
  apply(update: JsonTable): void {
    let lastOld: string | null = null;
    for (const r of rowsOf(update)) {
      const uuid = typeof r.row === 'string' ? r.row : '';
      switch (r.action) {
        case 'initial':
        case 'insert':
          this.rows.set(uuid, columnsOf(r));
          break;
        case 'delete':
          this.rows.delete(uuid);
          break;
        case 'old':
          lastOld = uuid;
          break;
        case 'modify': {
          const row = this.rows.get(uuid);
          if (row === undefined) throw new TypeError(`expected a known row for a "modify" monitor update, got ${uuid}`);
          this.rows.set(uuid, this.applyDiff(row, columnsOf(r)));
          break;
        }
        case 'new': {
          const id = uuid !== '' ? uuid : lastOld;
          if (id === null) throw new TypeError('expected an "old" row before a "new" row in a monitor update, got none');
          this.rows.set(id, { ...this.rows.get(id), ...columnsOf(r) });
          lastOld = null;
          break;
        }
        default:
          throw new TypeError(`expected a monitor action (initial, insert, delete, old, new), got ${JSON.stringify(r.action)}`);
      }
    }
  }

  private applyDiff(row: Record<string, unknown>, diff: Record<string, unknown>): Record<string, unknown> {
    return modified(row, diff, this.setColumns);
  }

  /** Drops every row (before a fresh initial snapshot). */
  clear(): void {
    this.rows.clear();
  }
}

/** A row with an update2 "modify" applied. */
function modified(row: Record<string, unknown>, diff: Record<string, unknown>, setColumns: ReadonlySet<string>): Record<string, unknown> {
  const out = { ...row };
  for (const [col, d] of Object.entries(diff)) {
    if (isTagged(d, 'map') || isTagged(row[col], 'map')) out[col] = toggledMap(row[col], d);
    else if (setColumns.has(col)) out[col] = toggledSet(row[col], d);
    else out[col] = d;
  }
  return out;
}

const isTagged = (v: unknown, tag: string): v is [string, unknown[]] => Array.isArray(v) && v.length === 2 && v[0] === tag && Array.isArray(v[1]);

/** The atoms of a set cell (a bare atom is a one-element set, null an empty one). */
const atomsOf = (v: unknown): unknown[] => (v === null || v === undefined ? [] : isTagged(v, 'set') ? v[1] : [v]);

function toggledSet(current: unknown, diff: unknown): unknown {
  const have = new Map(atomsOf(current).map((a) => [JSON.stringify(a), a]));
  for (const a of atomsOf(diff)) {
    const k = JSON.stringify(a);
    if (have.has(k)) have.delete(k);
    else have.set(k, a);
  }
  return ['set', [...have.values()]];
}

function toggledMap(current: unknown, diff: unknown): unknown {
  const have = new Map((isTagged(current, 'map') ? current[1] : []) as [unknown, unknown][]);
  for (const [k, v] of (isTagged(diff, 'map') ? diff[1] : []) as [unknown, unknown][]) {
    if (have.has(k) && JSON.stringify(have.get(k)) === JSON.stringify(v)) have.delete(k);
    else have.set(k, v);
  }
  return ['map', [...have]];
}

/** The column cells of a monitor row, without "row"/"action" and without the nulls of partial rows. */
function columnsOf(r: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (k !== 'row' && k !== 'action' && v !== null) out[k] = v;
  return out;
}
