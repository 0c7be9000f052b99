// One table's rows as `ovsdb-client --format=json monitor` reports them (ovsdb-client(1)): every update is
// {"headings": ["row", "action", cols...], "data": [[uuid, action, values...], ...]}, with action
// "initial", "insert", "delete", or an "old"/"new" pair for a modification (the "new" line has an empty
// uuid and belongs to the "old" line before it).
import { rowsOf, type JsonTable, type Row } from './ovsdb-json.js';

/** The current rows of a monitored table, by uuid. */
export class MonitorTable {
  readonly rows = new Map<string, Record<string, unknown>>();

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

  /** Drops every row (before a fresh initial snapshot). */
  clear(): void {
    this.rows.clear();
  }
}

/** The column cells of a monitor row, without "row"/"action" and without the nulls of partial rows. */
function columnsOf(r: Row): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) if (k !== 'row' && k !== 'action' && v !== null) out[k] = v;
  return out;
}
