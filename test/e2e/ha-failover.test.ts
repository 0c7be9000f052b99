// Issue 10's two-gateway lab: G1 and G2 run evpnctl in HA group "gw" against a 3-member clustered NB; vm1
// lives on compute chassis C and reaches the active gateway over OVN's Geneve; FRR site X has h1. The standby
// keeps its BGP session but advertises nothing (X floods to the active only); a kill -9 of the active under a
// 0.1 s ping both ways hands the group to G2, which pins the EVPN port to itself and advertises.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusView } from '../../src/core/model/views.js';
import { startEvpnctlDaemon, type EvpnctlDaemon } from '../../src/demo/daemon-process.js';
import { waitEstablished } from '../../src/demo/convergence.js';
import { run } from '../../src/lab/exec.js';
import { ping } from '../../src/lab/hosts.js';
import { floodVteps } from '../../src/lab/kernel-vtep.js';
import { ip } from '../../src/lab/netns.js';
import { assertLabPrerequisites } from '../../src/lab/prereqs.js';
import { sleep, waitUntil } from '../../src/lab/wait.js';
import { learnHost } from '../../src/lab/topology/kernel-site.js';
import { buildHaLab, type ChassisSite, type HaLab } from '../../src/lab/topology/ha-lab.js';
import { waitReachable } from '../../src/lab/topology/verify.js';
import { downAndVerify, keepLabLogs } from '../support/lab-teardown.js';

const X_VTEP = '192.168.100.1';
const HOLD_S = 6;

describe('two gateways in one HA group, clustered NB, compute chassis over Geneve', () => {
  let lab: HaLab | undefined;
  const daemons: Partial<Record<'g1' | 'g2', EvpnctlDaemon>> = {};

  const need = (): HaLab => {
    if (!lab) throw new Error('lab not built');
    return lab;
  };
  const daemon = (g: 'g1' | 'g2'): EvpnctlDaemon => {
    const d = daemons[g];
    if (!d) throw new Error(`daemon ${g} not started`);
    return d;
  };
  const ha = async (g: 'g1' | 'g2') => (await daemon(g).cli.json<StatusView>(['status'])).ha;
  const start = async (g: 'g1' | 'g2', site: ChassisSite): Promise<void> => {
    const d = await startEvpnctlDaemon(need().run, site, { name: g, logLevel: 'debug', extraArgs: ['--ha-group', 'gw'] });
    daemons[g] = d;
    for (const args of [
      ['speaker', 'add', '--as', '65000', '--router-id', site.plan.vtepIp],
      ['neighbor', 'add', X_VTEP, '--remote-as', '65000', '--hold-time', String(HOLD_S)],
      ['network', 'add', '--vni', '10', '--logical-switch', need().logicalSwitch],
    ]) await d.cli.run(args);
  };
  const roleIs = (g: 'g1' | 'g2', role: string) => waitUntil(`${g} to be ${role}`, async () => {
    const h = await ha(g);
    return { ok: h.role === role, seen: h };
  }, { timeoutMs: 20_000, intervalMs: 50 });

  beforeAll(async () => {
    await assertLabPrerequisites();
    lab = await buildHaLab({ frrNeighbor: { keepaliveS: 2, holdS: HOLD_S }, runOptions: { description: 'e2e ha failover', keepDir: keepLabLogs } });
    await learnHost(lab.x, lab.hosts.h1);
    await start('g1', lab.g1);
    await roleIs('g1', 'active');
    await start('g2', lab.g2);
    await roleIs('g2', 'standby');
  });
  afterAll(async () => {
    for (const d of Object.values(daemons)) await d?.stop();
    await downAndVerify(lab);
  });

  it('the standby keeps BGP up but advertises nothing; traffic flows through the active', async () => {
    const l = need();
    await waitEstablished(daemon('g1').cli, 60_000);
    await waitEstablished(daemon('g2').cli, 60_000);
    await waitUntil('X to flood to the active gateway only', async () => {
      const f = await floodVteps(l.x.vtep);
      return { ok: f.join(',') === l.g1.plan.vtepIp, seen: f };
    }, { timeoutMs: 30_000 });
    const ms = await waitReachable(l.hosts.h1, l.hosts.vm1.ip, 30_000);
    await waitReachable(l.hosts.vm1, l.hosts.h1.ip, 30_000);
    console.log(`h1 -> vm1 through G1 and Geneve after ${Math.round(ms)} ms`);
    expect((await l.cluster.nbctl('get', 'Logical_Switch_Port', `evpn-10-${X_VTEP}`, 'options:requested-chassis')).trim()).toBe('gw1');
    // The standby learned the table (X's routes may follow its Established by a moment).
    await waitUntil('the standby to have learned X\'s routes', async () => {
      const g2 = await daemon('g2').cli.json<StatusView>(['status']);
      return { ok: g2.ha.role === 'standby' && g2.ha.holder === 'gw1' && g2.routes.remote > 0, seen: { ha: g2.ha, routes: g2.routes } };
    }, { timeoutMs: 20_000 });
  });

  it('with both daemons up the EVPN port binding never moves, and only the active has objects for the pair', async () => {
    const l = need();
    const soakS = Number(process.env.EVPNCTL_HA_SOAK_S ?? 20);
    const binding = async () => (await run(['ovn-sbctl', `--db=${l.cluster.sbUnixRemote}`, '--bare', '--columns=chassis', 'find', 'Port_Binding',
      `logical_port=evpn-10-${X_VTEP}`], { env: l.g1.env })).stdout.trim();
    const first = await binding();
    expect(first).not.toBe('');
    let changes = 0;
    let last = first;
    const end = performance.now() + soakS * 1000;
    while (performance.now() < end) {
      const now = await binding();
      if (now !== last) changes++;
      last = now;
      await sleep(200);
    }
    const lsps = (await l.cluster.nbctl('--bare', '--columns=external_ids', 'find', 'Logical_Switch_Port', `external_ids:evpnctl-vtep=${X_VTEP}`)).trim().split('\n').filter(Boolean);
    const vxlan = async (site: ChassisSite) => (await site.ovs.vsctl('--bare', '--columns=name', 'find', 'Interface', 'type=vxlan', 'external_ids:"evpnctl-managed"="true"')).trim();
    console.log(`${soakS} s with both daemons up: ${changes} Port_Binding chassis changes; ${lsps.length} LSP(s) for (10, ${X_VTEP})`);
    expect(changes).toBe(0);
    expect(lsps).toHaveLength(1);
    expect(lsps[0]).toContain('evpnctl-chassis=gw1');
    expect(await vxlan(l.g1)).not.toBe('');
    expect(await vxlan(l.g2)).toBe('');
  });

  it('kill -9 of the active under a 0.1 s ping both ways: G2 takes over, at most 10 echoes lost each way', async () => {
    const l = need();
    const count = 150;
    const pings = Promise.all([ping(l.hosts.h1, l.hosts.vm1.ip, { count, intervalS: 0.1, waitS: 1 }), ping(l.hosts.vm1, l.hosts.h1.ip, { count, intervalS: 0.1, waitS: 1 })]);
    await sleep(1000);
    const t0 = performance.now();
    await daemon('g1').kill9();
    await roleIs('g2', 'active');
    const tActive = Math.round(performance.now() - t0);
    await waitUntil('X to flood to G2', async () => {
      const f = await floodVteps(l.x.vtep);
      return { ok: f.join(',') === l.g2.plan.vtepIp, seen: f };
    }, { timeoutMs: 20_000 });
    const tFlood = Math.round(performance.now() - t0);
    const [a, b] = await pings;
    const lost = { h1ToVm1: a.transmitted - a.received, vm1ToH1: b.transmitted - b.received };
    console.log(`kill -9 of G1's daemon: G2 active after ${tActive} ms, X floods to G2 after ${tFlood} ms; echoes lost: h1->vm1 ${lost.h1ToVm1}/${a.transmitted}, vm1->h1 ${lost.vm1ToH1}/${b.transmitted}`);
    expect((await l.cluster.nbctl('get', 'Logical_Switch_Port', `evpn-10-${X_VTEP}`, 'options:requested-chassis')).trim()).toBe('gw2');
    expect(lost.h1ToVm1).toBeLessThanOrEqual(10);
    expect(lost.vm1ToH1).toBeLessThanOrEqual(10);
  });

  it('fencing: a paused active loses the group; after SIGCONT it writes nothing, is standby and removes its tunnels within 2 s', async () => {
    const l = need();
    // G1 comes back (same state) as the standby of G2.
    await daemon('g1').restart();
    await roleIs('g1', 'standby');
    const g2pid = daemon('g2').process.pid;
    const lspChassis = async () => (await l.cluster.nbctl('--bare', '--columns=external_ids,options', 'find', 'Logical_Switch_Port', `name=evpn-10-${X_VTEP}`)).trim();
    const managedVxlan = async (site: ChassisSite) =>
      (await site.ovs.vsctl('--bare', '--columns=name', 'find', 'Interface', 'type=vxlan', 'external_ids:"evpnctl-managed"="true"')).trim();
    process.kill(g2pid, 'SIGSTOP');
    const t0 = performance.now();
    try {
      // The NB drops the silent connection after its inactivity probe (5 s, twice); then G1 gets the lock.
      await roleIs('g1', 'active');
      console.log(`SIGSTOP of G2's daemon: G1 active after ${Math.round(performance.now() - t0)} ms`);
      await waitUntil('the EVPN port to be pinned to gw1', async () => {
        const v = await lspChassis();
        return { ok: v.includes('requested-chassis=gw1') && v.includes('evpnctl-chassis=gw1'), seen: v };
      }, { timeoutMs: 10_000 });
    } finally {
      process.kill(g2pid, 'SIGCONT');
    }
    const before = await lspChassis();
    const t1 = performance.now();
    await roleIs('g2', 'standby');
    await waitUntil('G2 to remove its VXLAN ports', async () => {
      const v = await managedVxlan(l.g2);
      return { ok: v === '', seen: v };
    }, { timeoutMs: 2000, intervalMs: 50 });
    const tClean = Math.round(performance.now() - t1);
    console.log(`SIGCONT: G2 standby with no tunnels after ${tClean} ms`);
    expect(tClean).toBeLessThanOrEqual(2000);
    expect((await ha('g2')).lastChange?.reason).toMatch(/^lock lost/);
    await sleep(1000);
    expect(await lspChassis()).toBe(before); // the old active wrote nothing over G1's objects
    expect(await managedVxlan(l.g1)).not.toBe('');
    await waitReachable(l.hosts.h1, l.hosts.vm1.ip, 30_000);
  });

  it('NB leader loss while pinging: the daemons follow the new leader, the active stays active, no echo is lost', async () => {
    const l = need();
    const leader = await l.cluster.waitLeader();
    const activeBefore = [await ha('g1'), await ha('g2')].find((r) => r.role === 'active')?.chassis;
    const count = 100;
    const pings = Promise.all([ping(l.hosts.h1, l.hosts.vm1.ip, { count, intervalS: 0.1, waitS: 1 }), ping(l.hosts.vm1, l.hosts.h1.ip, { count, intervalS: 0.1, waitS: 1 })]);
    let sampling = true;
    let bothActive = 0;
    let samples = 0;
    const sampler = (async () => {
      while (sampling) {
        const [a, b] = await Promise.all([ha('g1'), ha('g2')]);
        samples++;
        if (a.role === 'active' && b.role === 'active') bothActive++;
        await sleep(50);
      }
    })();
    await sleep(1000);
    await l.cluster.kill(leader);
    const next = await l.cluster.waitLeader();
    const [a, b] = await pings;
    sampling = false;
    await sampler;
    const roles = [await ha('g1'), await ha('g2')];
    const lost = { h1ToVm1: a.transmitted - a.received, vm1ToH1: b.transmitted - b.received };
    console.log(`NB leader nb${leader.index} killed, nb${next.index} leads; roles after: ${roles.map((r) => `${r.chassis} ${r.role} via ${r.lock?.remote}`).join(', ')}; `
      + `echoes lost: h1->vm1 ${lost.h1ToVm1}/${a.transmitted}, vm1->h1 ${lost.vm1ToH1}/${b.transmitted}; ${samples} role samples, ${bothActive} with two actives`);
    expect(bothActive).toBe(0);
    expect(roles.filter((r) => r.role === 'active')).toHaveLength(1);
    for (const r of roles) expect(r.lock?.remote).toBe(next.tcpRemote);
    // The active's lock went with the old leader; it kept forwarding and won the lock back on the new one
    // (the standby yields after a reconnect), so the group never changed hands.
    expect(roles.find((r) => r.role === 'active')?.chassis).toBe(activeBefore);
    expect(lost).toEqual({ h1ToVm1: 0, vm1ToH1: 0 });
    await l.cluster.restart(leader);
  });

  it('chassis death: with the active gateway\'s underlay pulled, traffic flows through the other within the NB probe bound', async () => {
    const l = need();
    const roles = { g1: await ha('g1'), g2: await ha('g2') };
    const [activeName, standbyName] = roles.g1.role === 'active' ? ['g1', 'g2'] as const : ['g2', 'g1'] as const;
    const active = activeName === 'g1' ? l.g1 : l.g2;
    await waitReachable(l.hosts.h1, l.hosts.vm1.ip, 30_000);
    const t0 = performance.now();
    await ip(active.netns, 'link', 'set', active.plan.underlayIface, 'down');
    await roleIs(standbyName, 'active');
    const tActive = Math.round(performance.now() - t0);
    await waitReachable(l.hosts.h1, l.hosts.vm1.ip, 30_000);
    await waitReachable(l.hosts.vm1, l.hosts.h1.ip, 30_000);
    const tTraffic = Math.round(performance.now() - t0);
    console.log(`${active.plan.systemId}'s underlay pulled: ${standbyName} active after ${tActive} ms, h1 <-> vm1 again after ${tTraffic} ms `
      + '(the NB drops a silent TCP client after two 5 s inactivity probes; X drops the dead session after its 6 s hold time)');
    // ovsdb-server's default inactivity probe on its TCP remotes is 5 s, and it waits one more probe interval.
    expect(tActive).toBeLessThan(2 * 5000 + 2000);
    expect(tTraffic).toBeLessThan(2 * 5000 + 3000);
    expect((await l.cluster.nbctl('get', 'Logical_Switch_Port', `evpn-10-${X_VTEP}`, 'options:requested-chassis')).trim()).toBe(standbyName === 'g1' ? 'gw1' : 'gw2');
  });
});
