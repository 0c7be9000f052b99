// The log line formats: journald priority prefixes (parsed the way journald does), JSON lines, and the
// check that stderr really is the journal stream before writing priorities.
import { closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, stderrIsJournal } from '../../../src/core/log.js';
import { journalRecord } from '../../support/journal.js';

const dir = mkdtempSync(join(tmpdir(), 'evpnctl-log-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(style: Parameters<typeof createLogger>[2], level: 'debug' | 'info' = 'debug'): string[] {
  const lines: string[] = [];
  const log = createLogger(level, (l) => lines.push(l), style);
  log.error('ovn-nbctl failed', { vni: 10 });
  log.warn('neighbor 192.168.100.1 down');
  log.info('listening');
  log.debug('batch of 3');
  return lines;
}

describe('log format', () => {
  it('prefixes every line with its syslog priority for journald, and journald reads it back', () => {
    const recs = capture({ format: 'text', priorities: true, timestamps: false }).map(journalRecord);
    expect(recs.map((r) => r.priority)).toEqual([3, 4, 6, 7]);
    expect(recs[0]?.message).toBe('ERROR ovn-nbctl failed vni=10');
    expect(recs.filter((r) => r.priority <= 4).map((r) => r.message)).toEqual(['ERROR ovn-nbctl failed vni=10', 'WARN  neighbor 192.168.100.1 down']);
  });

  it('writes one JSON object per line with time, level, msg and fields, also behind a priority', () => {
    const lines = capture({ format: 'json', priorities: false, timestamps: true });
    const objs = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objs.map((o) => [o.level, o.msg, o.fields])).toEqual([
      ['error', 'ovn-nbctl failed', { vni: 10 }], ['warn', 'neighbor 192.168.100.1 down', {}], ['info', 'listening', {}], ['debug', 'batch of 3', {}],
    ]);
    expect(Object.keys(objs[0]!)).toEqual(['time', 'level', 'msg', 'fields']);
    expect(Number.isNaN(Date.parse(String(objs[0]!.time)))).toBe(false);
    const rec = journalRecord(capture({ format: 'json', priorities: true, timestamps: false })[1]!);
    expect(rec.priority).toBe(4);
    expect(JSON.parse(rec.message)).toMatchObject({ level: 'warn' });
  });

  it('keeps the plain text form without journald: time first, no priority', () => {
    const lines = capture(true, 'info');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^\d{4}-\d\d-\d\dT\S+Z INFO {2}listening$/);
    expect(journalRecord(lines[2]!).priority).toBe(6); // journald's default priority for unprefixed lines
  });

  it('takes JOURNAL_STREAM only when it names the stream stderr really is (device:inode)', () => {
    const file = join(dir, 'stream');
    const fd = openSync(file, 'w');
    try {
      const st = statSync(file, { bigint: true });
      expect(stderrIsJournal({ JOURNAL_STREAM: `${st.dev}:${st.ino}` }, fd)).toBe(true);
      expect(stderrIsJournal({ JOURNAL_STREAM: `${st.dev}:${st.ino + 1n}` }, fd)).toBe(false);
      expect(stderrIsJournal({ JOURNAL_STREAM: 'garbage' }, fd)).toBe(false);
      expect(stderrIsJournal({}, fd)).toBe(false);
    } finally {
      closeSync(fd);
    }
  });
});
