// One daemon per state dir and per socket, decided by kernel locks (flock) that die with their holder,
// never by whether some pid is alive: after a reboot daemon.pid names whatever process got that pid.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { TestDaemon, evpnctl, requireBuild } from '../../support/evpnctl.js';

describe('daemon exclusion by flock', () => {
  const daemons: TestDaemon[] = [];
  const others: ChildProcess[] = [];
  const daemon = (): TestDaemon => {
    const d = new TestDaemon([], { isolated: false });
    daemons.push(d);
    return d;
  };
  afterEach(async () => {
    for (const p of others.splice(0)) p.kill('SIGKILL');
    for (const d of daemons.splice(0)) await d.dispose();
  });

  it('starts when daemon.pid and the socket lock name an unrelated live process', async () => {
    requireBuild();
    // An unrelated live process, as after a reboot that gave the old daemon's pid to something else.
    const unrelated = spawn('sleep', ['600'], { stdio: 'ignore' });
    others.push(unrelated);
    const d = daemon();
    mkdirSync(d.stateDir, { recursive: true });
    writeFileSync(`${d.stateDir}/daemon.pid`, `${unrelated.pid}\n`);
    writeFileSync(`${d.socket}.lock`, `${unrelated.pid}\n`);
    await d.start();
    expect((await d.cli('status')).exitCode).toBeOneOf([0, 6]); // it answers (6: unhealthy)
    expect(Number.parseInt((await import('node:fs')).readFileSync(`${d.stateDir}/daemon.pid`, 'utf8'), 10)).toBe(d.proc?.pid);
  });

  it('two daemons still cannot share a state dir or a socket, and a kill -9 frees both at once', async () => {
    requireBuild();
    const first = daemon();
    await first.start();
    const other = daemon();
    const sameState = await evpnctl(['daemon', '--socket', other.socket, '--state-dir', first.stateDir]);
    expect(sameState.exitCode, sameState.stderr).toBe(5);
    expect(sameState.stderr).toMatch(new RegExp(`another evpnctl daemon \\(pid ${first.proc?.pid}\\) holds the lock`));
    const sameSocket = await evpnctl(['daemon', '--socket', first.socket, '--state-dir', other.stateDir]);
    expect(sameSocket.exitCode, sameSocket.stderr).toBe(5);
    expect(sameSocket.stderr).toMatch(/another evpnctl daemon is listening on/);
    expect((await first.cli('status')).exitCode).toBeOneOf([0, 6]); // it answers (6: unhealthy)
    expect(statSync(first.socket).isSocket()).toBe(true);

    // kill -9 leaves daemon.pid, the lock files and the socket file behind; none of them blocks the next start.
    await first.kill('SIGKILL');
    expect(existsSync(first.socket)).toBe(true);
    await first.start();
    expect((await first.cli('status')).exitCode).toBeOneOf([0, 6]); // it answers (6: unhealthy)
  });
});
