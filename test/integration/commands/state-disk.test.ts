// Issue 14 (8): a full or read-only disk under the state dir is an operator's problem: one clear line that
// names it, never "internal error" and never a stack, and nothing half-applied. The state dir is a small
// tmpfs in a mount namespace of the daemon's own (unshare -m), so nothing outside the test sees it.
import { execa, type ResultPromise } from 'execa';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BIN, evpnctl, requireBuild, waitForSocket } from '../../support/evpnctl.js';

/** The one line of an error the CLI printed, checked to be exactly one line and no internal error. */
function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/internal error|\n\s+at /);
  return lines[0] ?? '';
}

describe('the state dir on a full or read-only disk', () => {
  let dir: string;
  let proc: ResultPromise | undefined;
  beforeAll(() => requireBuild());
  afterEach(async () => {
    proc?.kill('SIGKILL');
    await proc?.catch(() => undefined);
    proc = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** `evpnctl daemon` with its state dir on a fresh tmpfs (mount options `opts`) in its own mount namespace. */
  const daemonArgv = (opts: string) => {
    dir = mkdtempSync(join(tmpdir(), `evpnctl-disk-${process.pid}-`));
    const stateDir = join(dir, 'state');
    mkdirSync(stateDir);
    const socket = join(dir, 'evpnctl.sock');
    const argv = ['--mount', '--propagation', 'private', 'sh', '-c', `mount -t tmpfs -o ${opts} evpnctl-test "$0" && exec "$@"`, stateDir,
      'node', BIN, 'daemon', '--socket', socket, '--state-dir', stateDir, '--ovs-db', `unix:${join(dir, 'no-ovs.sock')}`, '--ovn-nb-db', `unix:${join(dir, 'no-nb.sock')}`];
    return { stateDir, socket, argv };
  };
  /** Runs a shell command in the daemon's mount namespace. */
  const inDaemonNs = (pid: number, script: string) => execa('nsenter', ['-t', String(pid), '-m', '--', 'sh', '-c', script]);

  it('ENOSPC and EROFS on a running daemon: one line each, the change not applied, the daemon serving on', async () => {
    const { stateDir, socket, argv } = daemonArgv('size=256k,mode=0750');
    proc = execa('unshare', argv, { reject: false, stdin: 'ignore', env: { NO_COLOR: '1' } });
    await waitForSocket(socket);
    const pid = proc.pid ?? 0;
    const cli = (...args: string[]) => evpnctl(['--socket', socket, ...args]);
    expect((await cli('speaker', 'add', '--as', '65000', '--router-id', '10.0.0.1')).exitCode).toBe(0);

    await inDaemonNs(pid, `dd if=/dev/zero of=${stateDir}/fill bs=4k 2>/dev/null || true`);
    const full = await cli('neighbor', 'add', '10.0.0.2', '--remote-as', '65000');
    expect(full.exitCode).toBe(1);
    expect(oneLine(full.stderr)).toBe(`evpnctl: cannot save the state file ${stateDir}/state.json: no space left on the device (ENOSPC); the change was not applied (the daemon keeps running with the previous state)`);
    expect(JSON.parse((await cli('--json', 'neighbor', 'list')).stdout)).toEqual([]);

    await inDaemonNs(pid, `rm ${stateDir}/fill && mount -o remount,ro ${stateDir}`);
    const ro = await cli('neighbor', 'add', '10.0.0.2', '--remote-as', '65000');
    expect(ro.exitCode).toBe(1);
    expect(oneLine(ro.stderr)).toBe(`evpnctl: cannot save the state file ${stateDir}/state.json: the file system is read-only (EROFS); the change was not applied (the daemon keeps running with the previous state)`);
    expect((await cli('status')).exitCode).toBeOneOf([0, 6]); // it answers (6: unhealthy)

    await inDaemonNs(pid, `mount -o remount,rw ${stateDir}`);
    expect((await cli('neighbor', 'add', '10.0.0.2', '--remote-as', '65000')).exitCode).toBe(0);
  });

  it('a read-only state dir at start: exit 1 with one line', async () => {
    const { stateDir, argv } = daemonArgv('ro,size=64k');
    const r = await execa('unshare', argv, { reject: false, stdin: 'ignore', env: { NO_COLOR: '1' }, timeout: 30_000 });
    expect(r.exitCode).toBe(1);
    expect(oneLine(r.stderr)).toBe(`evpnctl: cannot use the state dir ${stateDir}: the file system is read-only (EROFS); the daemon keeps its state there, so give it a writable --state-dir`);
  });

  it('duplicate neighbors in state.json: refused at start with one line, the file untouched', async () => {
    dir = mkdtempSync(join(tmpdir(), `evpnctl-disk-${process.pid}-`));
    const stateDir = join(dir, 'state');
    mkdirSync(stateDir);
    const n = { address: '10.0.0.2', remoteAs: 65000, port: 179, passive: false, holdTime: 90 };
    const text = JSON.stringify({ version: 1, speaker: { asn: 65000, routerId: '10.0.0.1', listenPort: 179 }, neighbors: [n, { ...n, remoteAs: 65001 }], networks: [], clients: [] });
    writeFileSync(join(stateDir, 'state.json'), text);
    const r = await evpnctl(['daemon', '--socket', join(dir, 's.sock'), '--state-dir', stateDir]);
    expect(r.exitCode).toBe(1);
    expect(oneLine(r.stderr)).toMatch(/^evpnctl: state file .*state\.json is unusable: expected each neighbor once, got 10\.0\.0\.2 twice\. It was left untouched/);
  });
});
