// Issue 14 (1): a child that outlived its daemon (PR_SET_PDEATHSIG set too late, or an older evpnctl) is
// stopped by the next daemon on the same state dir, which proves it is one of its own by the owner mark in
// the child's environment: same state dir, and an owner (pid + start time) that no longer runs. Processes
// of other state dirs, of a live owner, or without the mark are never touched.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, realpathSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { OWNER_ENV, startTicksOf } from '../../../src/core/daemon/leftovers.js';
import { waitFor } from '../../../src/lab/wait.js';
import { TestDaemon, requireBuild } from '../../support/evpnctl.js';
import { running } from '../../support/proc-children.js';

describe('leftover children of an earlier daemon', () => {
  const procs: ChildProcess[] = [];
  let d: TestDaemon | undefined;
  afterEach(async () => {
    for (const p of procs.splice(0)) p.kill('SIGKILL');
    await d?.dispose();
  });
  const sleeper = (env: Record<string, string>): ChildProcess => {
    const p = spawn('sleep', ['600'], { stdio: 'ignore', env: { ...process.env, ...env } });
    procs.push(p);
    return p;
  };

  it('stops the ones marked with its state dir and a dead owner, and nothing else', async () => {
    requireBuild();
    d = new TestDaemon([], { isolated: false });
    mkdirSync(d.stateDir, { recursive: true });
    const stateDir = realpathSync(d.stateDir);
    // An owner that is gone: a process we started and ended, with its start time.
    const owner = sleeper({});
    await waitFor('the owner to start', async () => (startTicksOf(owner.pid ?? 0) !== null ? true : undefined), { timeoutMs: 5000 });
    const ownerTicks = startTicksOf(owner.pid ?? 0);
    owner.kill('SIGKILL');
    await waitFor('the owner to end', async () => (!(await running(owner.pid ?? 0)) ? true : undefined), { timeoutMs: 5000 });

    const leftover = sleeper({ [OWNER_ENV]: `${owner.pid} ${ownerTicks} ${stateDir}` });
    const otherDir = sleeper({ [OWNER_ENV]: `${owner.pid} ${ownerTicks} ${stateDir}-other` });
    const liveOwner = sleeper({ [OWNER_ENV]: `${process.pid} ${startTicksOf(process.pid)} ${stateDir}` });
    // A reused pid: the mark names a live pid (ours) but another start time, so its owner is gone.
    const reusedPid = sleeper({ [OWNER_ENV]: `${process.pid} ${(startTicksOf(process.pid) ?? 0) + 1} ${stateDir}` });
    const unmarked = sleeper({});
    await new Promise((r) => setTimeout(r, 100));

    await d.start();
    await waitFor('the leftovers to end', async () => (!(await running(leftover.pid ?? 0)) && !(await running(reusedPid.pid ?? 0)) ? true : undefined), { timeoutMs: 5000 });
    for (const p of [otherDir, liveOwner, unmarked]) expect(await running(p.pid ?? 0)).toBe(true);
    expect(d.stderr).toMatch(new RegExp(`WARN +stopped pid ${leftover.pid} \\(sleep 600…\\), a leftover child of an earlier daemon \\(pid ${owner.pid}\\) on this state dir`));
    expect(d.stderr).toMatch(new RegExp(`WARN +stopped pid ${reusedPid.pid} \\(sleep 600…\\), a leftover child of an earlier daemon \\(pid ${process.pid}\\)`));
  });
});
