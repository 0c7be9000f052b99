// The benchmark's reader of OVSDB database files (bench/support/ovsdb-file-log.ts): records as ovsdb-server
// 3.1 writes them (a schema record, then one "_is_diff" record per commit), built here byte for byte.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tableTimeline } from '../../../../bench/support/ovsdb-file-log.js';

const dir = mkdtempSync(join(tmpdir(), `ovsdb-file-log-${process.pid}-`));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A database file of these records after a schema record (the sha1 is not checked by the reader). */
function dbFile(records: object[]): string {
  const text = [{ name: 'Open_vSwitch', tables: {} }, ...records].map((r) => {
    const json = JSON.stringify(r);
    return `OVSDB JSON ${Buffer.byteLength(json)} 0000000000000000000000000000000000000000\n${json}\n`;
  }).join('');
  const file = join(dir, `db-${Math.random().toString(36).slice(2)}.db`);
  writeFileSync(file, text);
  return file;
}

const ids = (pairs: [string, string][]): ['map', [string, string][]] => ['map', pairs];

describe('tableTimeline', () => {
  it('finds inserts, the first commit of a watched external_ids pair (map diffs applied) and the last write outside ignored columns', async () => {
    const file = dbFile([
      { _date: 1000, _is_diff: true, Interface: { a: { name: 'v1', external_ids: ids([['evpnctl-managed', 'true']]) } } },
      { _date: 2000, _is_diff: true, Interface: { a: { ofport: 5 }, b: { name: 'v2', external_ids: ids([['evpnctl-managed', 'true']]) } } },
      // ovn-installed set on a, then removed (same pair again = remove) and set again: first seen stays 3000
      { _date: 3000, _is_diff: true, Interface: { a: { external_ids: ids([['ovn-installed', 'true']]) } } },
      { _date: 4000, _is_diff: true, Interface: { a: { external_ids: ids([['ovn-installed', 'true']]), up: true } } },
      { _date: 5000, _is_diff: true, Interface: { a: { up: true }, b: null } },
    ]);
    const t = await tableTimeline(file, 'Interface', { watch: ['ovn-installed=true'], ignoreColumns: ['up'] });
    expect(t.records).toBe(5);
    expect(t.compactedAt).toBeNull();
    const a = t.rows.get('a')!;
    expect(a.insertedAt).toBe(1000);
    expect(a.firstSeen.get('ovn-installed=true')).toBe(3000);
    expect(a.externalIds.has('ovn-installed')).toBe(false); // removed by the second toggle
    expect(a.lastWriteAt).toBe(4000); // 5000 wrote only `up`
    expect(t.rows.get('b')!.deletedAt).toBe(5000);
  });

  it('says when a snapshot (a record that is not a diff) replaced the history', async () => {
    const file = dbFile([
      { _date: 1000, _is_diff: true, Interface: { a: { name: 'v1' } } },
      { _date: 9000, Interface: { a: { name: 'v1', external_ids: ids([['k', 'v']]) } } },
    ]);
    const t = await tableTimeline(file, 'Interface', { watch: ['k=v'] });
    expect(t.compactedAt).toBe(9000);
    expect(t.rows.get('a')!.externalIds.get('k')).toBe('v');
  });

  it('refuses a file that is not a sequence of OVSDB JSON records, saying where', async () => {
    const file = join(dir, 'bad.db');
    writeFileSync(file, 'not a database\n');
    await expect(tableTimeline(file, 'Interface')).rejects.toThrow(/expected an "OVSDB JSON <length> <sha1>" record header at byte 0/);
  });
});
