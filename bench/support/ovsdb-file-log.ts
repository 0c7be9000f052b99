// When each row of a table was written, read once from a standalone OVSDB database file after a run: the file is
// the server's transaction log, one record per committed transaction, each stamped with the server's wall clock
// at commit ("_date", ms since the epoch) and, from OVS 2.15 on, written as a difference ("_is_diff": a row's
// changed columns only; in a map column, a pair whose key holds the same value is removed, any other pair is
// set). So "when did the last of our rows reach the database" is a lookup in a file, not a poll of a server
// while it works. A compacted file (ovsdb-server snapshots at the earliest 10 min after it opened a file, and
// only once it grew 4× and past 10 MB) has lost the history before the snapshot: compactedAt says so.
import { readFile } from 'node:fs/promises';

/** What happened to one row, from the records read. */
export interface RowTimeline {
  /** The commit that inserted it (the first record naming its uuid). */
  insertedAt: number;
  deletedAt: number | null;
  /** external_ids after the last record. */
  externalIds: Map<string, string>;
  /** When external_ids first held each watched key=value pair (keys of `watch`). */
  firstSeen: Map<string, number>;
  /** The last commit that wrote a column other than the ignored ones (the insert included). */
  lastWriteAt: number;
}

/** The rows of one table, and whether the file was compacted (history before that point lost). */
export interface TableTimeline {
  rows: Map<string, RowTimeline>;
  compactedAt: number | null;
  records: number;
}

type Cell = unknown;
type MapCell = ['map', [string, string][]];

const isMap = (c: Cell): c is MapCell => Array.isArray(c) && c[0] === 'map' && Array.isArray(c[1]);

/** The records of a standalone database file: `OVSDB JSON <length> <sha1>\n<json>\n`, the first one the schema. */
export function* fileRecords(buf: Buffer): Generator<Record<string, unknown>> {
  let pos = 0;
  let first = true;
  while (pos < buf.length) {
    const nl = buf.indexOf(0x0a, pos);
    if (nl < 0) break;
    const header = buf.toString('latin1', pos, nl);
    const m = /^OVSDB JSON (\d+) [0-9a-f]+$/.exec(header);
    if (m === null) throw new Error(`expected an "OVSDB JSON <length> <sha1>" record header at byte ${pos}, got ${JSON.stringify(header.slice(0, 80))}`);
    const len = Number(m[1]);
    const body = buf.toString('utf8', nl + 1, nl + 1 + len);
    pos = nl + 1 + len;
    if (buf[pos] === 0x0a) pos++;
    if (first) {
      first = false;
      continue; // the schema
    }
    yield JSON.parse(body) as Record<string, unknown>;
  }
}

/**
 * The timeline of every row of `table` in the database file: inserts, deletes, when each watched external_ids
 * pair ("key=value") first appeared, and the last write of any column outside `ignoreColumns`.
 */
export async function tableTimeline(file: string, table: string, o: { watch?: readonly string[]; ignoreColumns?: readonly string[] } = {}): Promise<TableTimeline> {
  const watch = new Set(o.watch ?? []);
  const ignore = new Set(o.ignoreColumns ?? []);
  const rows = new Map<string, RowTimeline>();
  let compactedAt: number | null = null;
  let records = 0;
  for (const rec of fileRecords(await readFile(file))) {
    records++;
    const date = typeof rec._date === 'number' ? rec._date : Number.NaN;
    const isDiff = rec._is_diff === true;
    if (!isDiff && records > 1) compactedAt = date; // a snapshot: every row again, in full
    const changes = rec[table] as Record<string, Record<string, Cell> | null> | undefined;
    if (changes === undefined) continue;
    for (const [uuid, cols] of Object.entries(changes)) {
      let row = rows.get(uuid);
      if (cols === null) {
        if (row !== undefined) row.deletedAt = date;
        continue;
      }
      if (row === undefined || row.deletedAt !== null) {
        row = { insertedAt: date, deletedAt: null, externalIds: new Map(), firstSeen: new Map(), lastWriteAt: date };
        rows.set(uuid, row);
      } else if (Object.keys(cols).some((c) => !ignore.has(c))) {
        row.lastWriteAt = date;
      }
      const ids = cols.external_ids;
      if (ids !== undefined && isMap(ids)) {
        if (!isDiff) row.externalIds = new Map();
        for (const [k, v] of ids[1]) {
          if (isDiff && row.externalIds.get(k) === v) row.externalIds.delete(k);
          else row.externalIds.set(k, v);
        }
        for (const [k, v] of row.externalIds) {
          const pair = `${k}=${v}`;
          if (watch.has(pair) && !row.firstSeen.has(pair)) row.firstSeen.set(pair, date);
        }
      }
    }
  }
  return { rows, compactedAt, records };
}
