// The daemon's log as journald and log shippers read it: the real `evpnctl daemon` with its stderr on a
// file whose device:inode is in JOURNAL_STREAM (what systemd does for StandardError=journal) writes a
// syslog priority before every line; with --log-format json every line is one JSON object.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, evpnctl, requireBuild, waitForSocket } from '../../support/evpnctl.js';
import { journalRecord } from '../../support/journal.js';

const dir = mkdtempSync(join(tmpdir(), 'evpnctl-journal-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the daemon (debug level) until its socket answers `status`, stops it with SIGTERM; its stderr lines. */
async function daemonLog(name: string, args: string[], journal: 'matching' | 'other' | 'none'): Promise<string[]> {
  requireBuild();
  const base = join(dir, name);
  const file = `${base}.stderr`;
  const fd = openSync(file, 'w');
  const st = statSync(file, { bigint: true });
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.JOURNAL_STREAM;
  if (journal === 'matching') env.JOURNAL_STREAM = `${st.dev}:${st.ino}`;
  if (journal === 'other') env.JOURNAL_STREAM = `${st.dev}:${st.ino + 1n}`;
  const socket = `${base}.sock`;
  const p = spawn('node', [BIN, 'daemon', '--socket', socket, '--state-dir', `${base}-state`, '--ovs-db', `unix:${base}-no-ovs.sock`,
    '--ovn-nb-db', `unix:${base}-no-nb.sock`, '--log-level', 'debug', ...args], { stdio: ['ignore', 'ignore', fd], env });
  closeSync(fd);
  try {
    await waitForSocket(socket);
    expect((await evpnctl(['--socket', socket, 'status'])).exitCode).toBeOneOf([0, 6]); // it answers (6: unhealthy)
  } finally {
    const exited = new Promise((r) => p.once('exit', r));
    p.kill('SIGTERM');
    await exited;
  }
  return readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
}

describe('daemon log under journald', () => {
  it('starts every line with <N> when stderr is the journal stream, matching the level', async () => {
    const lines = await daemonLog('text', [], 'matching');
    expect(lines.length).toBeGreaterThan(1);
    const recs = lines.map(journalRecord);
    expect(lines.every((l) => /^<[3467]>/.test(l)), lines.join('\n')).toBe(true);
    const level = { 3: 'ERROR', 4: 'WARN', 6: 'INFO', 7: 'DEBUG' } as Record<number, string>;
    for (const r of recs) expect(r.message.startsWith(level[r.priority]!), r.message).toBe(true);
    // No timestamp of ours: the journal stamps each entry itself.
    expect(recs.some((r) => /^\d{4}-\d\d-\d\dT/.test(r.message))).toBe(false);
  });

  it('writes no priorities when JOURNAL_STREAM names another stream (stderr was redirected)', async () => {
    const lines = await daemonLog('other', [], 'other');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.filter((l) => l.startsWith('<'))).toEqual([]);
    expect(lines.every((l) => /^\d{4}-\d\d-\d\dT\S+ (ERROR|WARN |INFO |DEBUG) /.test(l)), lines.join('\n')).toBe(true);
  });

  it('--log-format json: one object per line (time, level, msg, fields), behind the priority', async () => {
    const recs = (await daemonLog('json', ['--log-format', 'json'], 'matching')).map(journalRecord);
    const prio = { error: 3, warn: 4, info: 6, debug: 7 } as Record<string, number>;
    for (const r of recs) {
      const o = JSON.parse(r.message) as { time: string; level: string; msg: string; fields: object };
      expect(Object.keys(o)).toEqual(['time', 'level', 'msg', 'fields']);
      expect(prio[o.level]).toBe(r.priority);
    }
    expect(recs.map((r) => (JSON.parse(r.message) as { msg: string }).msg).join('\n')).toMatch(/listening|control socket/);
  });

  it('refuses an unknown log format as a usage error', async () => {
    const r = await evpnctl(['daemon', '--log-format', 'xml', '--socket', join(dir, 'x.sock')]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/--log-format/);
  });
});
