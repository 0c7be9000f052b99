// Two real `evpnctl daemon`s in one HA group on one NB (issue 10), each with its own OVS (own system-id):
// exactly one is active and writes the group's objects; the other stands by and shows who is active. A kill -9
// of the active hands the lock, and with it the objects, to the standby; a paused active (SIGSTOP) loses the
// lock when the NB drops its silent connection, and after SIGCONT it is standby, not a second writer.
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusView } from '../../../src/core/model/views.js';
import { eventually } from '../../support/eventually.js';
import { requireBuild, TestDaemon } from '../../support/evpnctl.js';
import { allPgs } from '../../support/ovn-inspect.js';
import { OvsSandbox } from '../../support/ovs-sandbox.js';

type Ha = StatusView['ha'];

describe('an HA group of two daemons on one NB', () => {
  let nb: OvsSandbox;
  let ovsB: OvsSandbox;
  /** A TCP remote of the NB: ovsdb-server probes TCP clients (5 s by default), never unix-socket ones. */
  let nbTcp: string;
  const daemons: Record<'a' | 'b', TestDaemon | undefined> = { a: undefined, b: undefined };

  const start = async (which: 'a' | 'b'): Promise<TestDaemon> => {
    const sb = which === 'a' ? nb : ovsB;
    // In the host netns (isolated: false) to reach the NB's loopback TCP remote; no neighbors, so no BGP leaves.
    const d = new TestDaemon(['--ovs-db', sb.ovsDb, '--ovn-nb-db', nbTcp, '--ha-group', 'gw', '--log-level', 'debug'], { isolated: false });
    daemons[which] = d;
    await d.start();
    return d;
  };
  const ha = async (d: TestDaemon | undefined): Promise<Ha> => {
    if (!d) throw new Error('daemon not started');
    const r = await d.cli('--json', 'status');
    if (r.exitCode !== 0) throw new Error(`status failed: ${r.stderr}`);
    return (JSON.parse(r.stdout) as StatusView).ha;
  };
  const configure = async (d: TestDaemon, routerId: string): Promise<void> => {
    const port = String(randomInt(20_000, 60_000));
    for (const args of [['speaker', 'add', '--as', '65000', '--router-id', routerId, '--listen-address', '127.0.0.1', '--listen-port', port], ['network', 'add', '--vni', '10', '--logical-switch', 'ls0']]) {
      const r = await d.cli(...args);
      if (r.exitCode !== 0) throw new Error(`${args.join(' ')}: ${r.stderr}`);
    }
  };
  const group = async () => (await allPgs(nb)).find((g) => g.name === 'evpn_vni_10');
  /** The value of the group's fencing token of an epoch, as ovn-nbctl prints it. */
  const token = async (epoch: number) => (await nb.nbctl('get', 'NB_Global', '.', `external_ids:"evpnctl-fence.gw.${epoch}"`)).trim();

  beforeAll(async () => {
    requireBuild();
    nb = await OvsSandbox.start({ bridge: 'br-int' });
    ovsB = await OvsSandbox.start({ bridge: 'br-int' });
    await nb.vsctl('set', 'Open_vSwitch', '.', 'external_ids:system-id=gw-a');
    await ovsB.vsctl('set', 'Open_vSwitch', '.', 'external_ids:system-id=gw-b');
    await nb.nbctl('ls-add', 'ls0');
    const port = randomInt(20_000, 60_000);
    nbTcp = `tcp:127.0.0.1:${port}`;
    await execa('ovs-appctl', ['-t', join(nb.dir, 'nb.ctl'), 'ovsdb-server/add-remote', `ptcp:${port}:127.0.0.1`]);
    await configure(await start('a'), '192.168.100.2');
    await eventually(async () => expect((await ha(daemons.a)).role, daemons.a?.stderr).toBe('active'), 15_000);
    await configure(await start('b'), '192.168.100.4');
  });
  afterAll(async () => {
    for (const d of Object.values(daemons)) await d?.dispose();
    await nb?.stop();
    await ovsB?.stop();
  });

  it('has one active that owns the group\'s objects, and a standby that shows it', async () => {
    const a = await ha(daemons.a);
    expect(a).toMatchObject({ role: 'active', group: 'gw', chassis: 'gw-a', holder: 'gw-a', epoch: 1, takeovers: 1 });
    expect(a.lastChange?.reason).toBe('lock acquired, fencing epoch 1');
    await eventually(async () => expect(await ha(daemons.b)).toMatchObject({ role: 'standby', chassis: 'gw-b', holder: 'gw-a', takeovers: 0 }));
    await eventually(async () => expect((await group())?.ids).toMatchObject({ 'evpnctl-chassis': 'gw-a', 'evpnctl-group': 'gw' }));
    const text = (await daemons.b?.cli('status'))?.stdout ?? '';
    expect(text).toMatch(/HA:\s+standby in group gw \(chassis gw-b, active: gw-a, epoch 1, 0 takeover\(s\)\)/);
    // A claimed the lock before its speaker was configured; the token then got its BGP identity, in place.
    await eventually(async () => expect(await token(1)).toBe('"gw-a router-id=192.168.100.2 vtep=192.168.100.2"'));
  });

  it('after a kill -9 of the active, the standby takes the lock and the group\'s objects within a second or so', async () => {
    const t0 = performance.now();
    await daemons.a?.kill('SIGKILL');
    await eventually(async () => expect(await ha(daemons.b)).toMatchObject({ role: 'active', holder: 'gw-b', epoch: 2, takeovers: 1 }), 10_000, 20);
    const ms = Math.round(performance.now() - t0);
    console.log(`kill -9 of the active: standby active after ${ms} ms`);
    expect(ms).toBeLessThan(3000);
    await eventually(async () => expect((await group())?.ids).toMatchObject({ 'evpnctl-chassis': 'gw-b', 'evpnctl-group': 'gw' }));
    expect(await token(2)).toBe('"gw-b router-id=192.168.100.4 vtep=192.168.100.4"'); // configured before its claim
    // A tunnel left behind by the dead active (kill -9 removes nothing) on its own OVS.
    await nb.vsctl('add-port', 'br-int', 'vx-left', '--', 'set', 'Port', 'vx-left', 'external_ids:evpnctl-managed=true', 'external_ids:evpnctl-vni=10',
      'external_ids:evpnctl-vtep=192.168.100.9', 'external_ids:evpnctl-chassis=gw-a', 'external_ids:evpnctl-group=gw');
    // The old active comes back as a standby (with the same configuration: an active applies its own) and removes it.
    await configure(await start('a'), '192.168.100.2');
    await eventually(async () => expect(await ha(daemons.a)).toMatchObject({ role: 'standby', holder: 'gw-b', epoch: 2 }), 15_000);
    await eventually(async () => expect((await nb.vsctl('list-ports', 'br-int')).split('\n')).not.toContain('vx-left'));
  });

  it('a paused active loses the lock when the NB drops its silent connection, and after SIGCONT it is standby', async () => {
    const d = daemons.b;
    if (d === undefined) throw new Error('daemon b not started');
    // The route engine holds the NB lock connection (the supervisor and the session engine hold none).
    const r = await d.cli('--json', 'status');
    const b = (JSON.parse(r.stdout) as StatusView).processes.routeEngine;
    process.kill(b, 'SIGSTOP');
    const t0 = performance.now();
    try {
      // ovsdb-server probes a silent client after 5 s and drops it 5 s later (its default inactivity probe).
      await eventually(async () => expect(await ha(daemons.a)).toMatchObject({ role: 'active', holder: 'gw-a', epoch: 3 }), 30_000, 100);
      console.log(`SIGSTOP of the active: the standby took over after ${Math.round(performance.now() - t0)} ms`);
    } finally {
      process.kill(b, 'SIGCONT');
    }
    const t1 = performance.now();
    await eventually(async () => expect(await ha(daemons.b)).toMatchObject({ role: 'standby', holder: 'gw-a' }), 5000, 20);
    console.log(`after SIGCONT the old active was standby within ${Math.round(performance.now() - t1)} ms`);
    expect(performance.now() - t1).toBeLessThan(2000 + 1000);
    expect((await ha(daemons.b)).lastChange?.reason).toMatch(/^lock lost \((disconnected|fenced)\)/);
    await eventually(async () => expect((await group())?.ids).toMatchObject({ 'evpnctl-chassis': 'gw-a' }));
  });
});
