// SIGTERM stops the daemon cleanly however its child processes came and went. execa's child cleanup
// (signal-exit) listens for SIGTERM only while children run, and re-raises a signal that no other listener
// handles. When its listener was registered after the daemon's own (children spawned after startup), a
// handler that removed itself on the first SIGTERM left signal-exit alone, which killed the daemon mid-stop.
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../../src/lab/wait.js';
import { OvsSandbox } from '../../support/ovs-sandbox.js';
import { TestDaemon, requireBuild } from '../../support/evpnctl.js';

describe('daemon signals', () => {
  let d: TestDaemon | undefined;
  let sb: OvsSandbox | undefined;
  afterEach(async () => {
    await d?.dispose();
    await sb?.stop();
  });

  it('stops cleanly on SIGTERM when its children were respawned after startup', async () => {
    requireBuild();
    sb = await OvsSandbox.start();
    const sandbox = sb;
    d = new TestDaemon(['--ovs-db', sandbox.ovsDb, '--ovn-nb-db', sandbox.nbDb, '--log-level', 'debug'], { isolated: false });
    await d.start();
    const daemon = d;
    const seen = (re: RegExp) => waitFor(`daemon log to match ${re}`, async () => (re.test(daemon.stderr) ? true : undefined), { timeoutMs: 15_000 });
    // The NB monitors are long-running children. Take the NB away so they all end (signal-exit lets go of
    // SIGTERM), then bring it back: the monitors respawn after the daemon's own handler was registered.
    await sandbox.killNb();
    await seen(/monitor ended, restarting/);
    await sandbox.startNb();
    const restarts = (daemon.stderr.match(/monitor ended, restarting/g) ?? []).length;
    await waitFor('the NB monitors to run again', async () => {
      await new Promise((r) => setTimeout(r, 300));
      return (daemon.stderr.match(/monitor ended, restarting/g) ?? []).length === restarts ? true : undefined;
    }, { timeoutMs: 15_000 });
    const proc = daemon.proc;
    if (!proc) throw new Error('expected the daemon process');
    proc.kill('SIGTERM');
    const r = await proc;
    expect(r.exitCode, daemon.stderr).toBe(0);
    expect(daemon.stderr).toContain('SIGTERM received, stopping');
    expect(daemon.stderr).toMatch(/INFO +stopped/);
  });
});
