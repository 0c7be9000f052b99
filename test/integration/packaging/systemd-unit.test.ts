// The shipped systemd unit: `systemd-analyze verify` accepts it (with the binary and man pages of this
// checkout where the unit names the installed ones), it is ordered after OVS/OVN and restarts on
// failure, and its readiness check really waits for the control socket of a running daemon.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, ROOT, TestDaemon, requireBuild } from '../../support/evpnctl.js';

const UNIT = readFileSync(join(ROOT, 'packaging/evpnctl.service'), 'utf8');
const INSTALLED = '/usr/local/bin/evpnctl';
const dir = mkdtempSync(join(tmpdir(), 'evpnctl-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The unit's values for one key, in order. */
const values = (key: string): string[] => UNIT.split('\n').filter((l) => l.startsWith(`${key}=`)).map((l) => l.slice(key.length + 1));

describe('packaging/evpnctl.service', () => {
  it('passes systemd-analyze verify', async () => {
    requireBuild();
    const unit = join(dir, 'evpnctl.service');
    writeFileSync(unit, UNIT.replaceAll(INSTALLED, BIN));
    const r = await execa('systemd-analyze', ['verify', unit], { reject: false, env: { MANPATH: `${join(ROOT, 'man')}:` } });
    expect(`${r.stdout}${r.stderr}`).toBe('');
    expect(r.exitCode).toBe(0);
    // systemd-analyze does check (so the clean pass above means something): a bad value is reported, a
    // missing binary fails.
    writeFileSync(unit, UNIT.replaceAll(INSTALLED, BIN).replace('Type=exec', 'Type=sometimes'));
    expect((await execa('systemd-analyze', ['verify', unit], { reject: false, env: { MANPATH: `${join(ROOT, 'man')}:` } })).stderr).toMatch(/Failed to parse service type/);
    writeFileSync(unit, UNIT.replaceAll(INSTALLED, join(dir, 'missing/evpnctl')));
    const missing = await execa('systemd-analyze', ['verify', unit], { reject: false, env: { MANPATH: `${join(ROOT, 'man')}:` } });
    expect(missing.exitCode).not.toBe(0);
    expect(missing.stderr).toMatch(/is not executable/);
  });

  it('starts after OVS and OVN, restarts on failure, and keeps state and socket in systemd-managed directories', () => {
    const after = values('After').join(' ').split(/\s+/);
    expect(after).toEqual(expect.arrayContaining(['ovsdb-server.service', 'ovs-vswitchd.service', 'ovn-controller.service', 'network-online.target']));
    expect(values('Restart')).toEqual(['on-failure']);
    expect(values('RuntimeDirectory')).toEqual(['evpnctl']);
    expect(values('StateDirectory')).toEqual(['evpnctl']);
    expect(values('ExecStart')[0]).toMatch(/^\/usr\/local\/bin\/evpnctl daemon --socket \/run\/evpnctl\/evpnctl\.sock --state-dir \/var\/lib\/evpnctl /);
  });

  it('is ready once the control socket answers (the ExecStartPost check, run against a real daemon)', async () => {
    const post = values('ExecStartPost')[0]!.match(/^\/bin\/sh -c '(.*)'$/)?.[1];
    expect(post).toBeDefined();
    const d = await new TestDaemon([], { isolated: false }).start();
    try {
      const t0 = Date.now();
      const r = await execa('/bin/sh', ['-c', post!.replaceAll(INSTALLED, BIN)], { reject: false, env: { EVPNCTL_SOCKET: d.socket } });
      expect(r.exitCode, r.stderr).toBe(0);
      expect(Date.now() - t0).toBeLessThan(10_000);
    } finally {
      await d.dispose();
    }
  });
});
