// Issue 10's two-gateway lab: G1 and G2 run evpnctl in HA group "gw" against a 3-member clustered NB; vm1
// lives on compute chassis C and reaches the active gateway over OVN's Geneve; FRR site X has h1. The standby
// keeps its BGP session but advertises nothing (X floods to the active only); a kill -9 of the active under a
// 0.1 s ping both ways hands the group to the other gateway, which pins the EVPN port to itself and advertises
// (five runs, alternating). The NB cluster probes its TCP clients every PROBE_MS (its Connection table), which
// bounds the takeover after a chassis goes silent.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatusView } from '../../src/core/model/views.js';
import { waitEstablished } from '../../src/demo/convergence.js';
import { run } from '../../src/lab/exec.js';
import { ping } from '../../src/lab/hosts.js';
import { longestLossRun, type PingResult } from '../../src/lab/icmp-ping.js';
import { ip } from '../../src/lab/netns.js';
import { assertLabPrerequisites } from '../../src/lab/prereqs.js';
import { sleep, waitFor, waitUntil } from '../../src/lab/wait.js';
import { learnHost } from '../../src/lab/topology/kernel-site.js';
import { buildHaLab, type ChassisSite, type HaLab } from '../../src/lab/topology/ha-lab.js';
import { waitReachable } from '../../src/lab/topology/verify.js';
import { HaGateways, otherGw as other, X_VTEP, type Gw } from '../support/ha-gateways.js';
import { downAndVerify, keepLabLogs } from '../support/lab-teardown.js';
import { allPids, processesOf } from '../support/daemon-processes.js';

const HOLD_S = 6;
/** The NB's inactivity probe: an echo after 2 s of silence from a client, the client dropped 2 s later. */
const PROBE_MS = 2000;
/** Pings at 0.1 s, sent on schedule whatever comes back (iputils `ping -i 0.1`): a lost echo is 100 ms of outage. */
const PING_INTERVAL_MS = 100;

/** Loss of both directions of a paced ping run, and the longest outage in ms. */
function losses(a: PingResult, b: PingResult): { h1ToVm1: number; vm1ToH1: number; outageMs: number } {
  const run = Math.max(longestLossRun(a.lostSeqs ?? []), longestLossRun(b.lostSeqs ?? []));
  return { h1ToVm1: a.transmitted - a.received, vm1ToH1: b.transmitted - b.received, outageMs: run * PING_INTERVAL_MS };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((x, y) => x - y);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

describe('two gateways in one HA group, clustered NB, compute chassis over Geneve', () => {
  let lab: HaLab | undefined;

  const need = (): HaLab => {
    if (!lab) throw new Error('lab not built');
    return lab;
  };
  const gws = new HaGateways(need, { group: 'gw', holdS: HOLD_S, roleTimeoutMs: 20_000 });
  const site = (g: Gw): ChassisSite => gws.site(g);
  const daemon = (g: Gw) => gws.daemon(g);
  const ha = (g: Gw) => gws.ha(g);
  const roleIs = (g: Gw, role: 'active' | 'standby') => gws.roleIs(g, role);
  const xFloodsTo = (g: Gw) => gws.xFloodsTo(g, 20_000);
  const pingBothWays = (count: number) => {
    const p = Promise.all([
      ping(need().hosts.h1, need().hosts.vm1.ip, { count, intervalS: PING_INTERVAL_MS / 1000, waitS: 1, paced: true }),
      ping(need().hosts.vm1, need().hosts.h1.ip, { count, intervalS: PING_INTERVAL_MS / 1000, waitS: 1, paced: true }),
    ]);
    // Awaited later; when a step in between fails, teardown ends the pings and that rejection is not news.
    p.catch(() => undefined);
    return p;
  };
  const requestedChassis = async () => (await need().cluster.nbctl('get', 'Logical_Switch_Port', `evpn-10-${X_VTEP}`, 'options:requested-chassis')).trim();
  /** The one active gateway; waits while a cut-off old active still calls itself active (it cannot write). */
  const activeNow = (): Promise<Gw> => waitFor('exactly one active gateway', async () => {
    const [a, b] = [await ha('g1'), await ha('g2')];
    if (a.role === 'active' && b.role !== 'active') return 'g1';
    if (b.role === 'active' && a.role !== 'active') return 'g2';
    throw new Error(`g1 ${a.role}, g2 ${b.role}`);
  }, { timeoutMs: 30_000, intervalMs: 100 });
  /** A standby that can take over at once: the other chassis holds the group, BGP is up and X's routes are in. */
  const readyStandby = async (g: Gw): Promise<void> => {
    await roleIs(g, 'standby');
    await waitEstablished(daemon(g).cli, 60_000);
    await waitUntil(`${g} to be a ready standby`, async () => {
      const st = await daemon(g).cli.json<StatusView>(['status']);
      return { ok: st.ha.role === 'standby' && st.ha.holder === site(other(g)).plan.systemId && st.routes.remote > 0, seen: { ha: st.ha, routes: st.routes } };
    }, { timeoutMs: 20_000 });
  };
  const managedVxlanCount = async (g: ChassisSite) => (await g.ovs.vsctl('--bare', '--columns=name', 'find', 'Interface', 'type=vxlan', 'external_ids:"evpnctl-managed"="true"'))
    .trim().split('\n').filter(Boolean).length;

  beforeAll(async () => {
    await assertLabPrerequisites();
    lab = await buildHaLab({
      frrNeighbor: { keepaliveS: 2, holdS: HOLD_S }, nbInactivityProbeMs: PROBE_MS, runOptions: { description: 'e2e ha failover', keepDir: keepLabLogs },
    });
    await learnHost(lab.x, lab.hosts.h1);
    await gws.startActiveStandby();
  });
  afterAll(async () => {
    await gws.stopAll();
    await downAndVerify(lab);
  });

  it('the standby keeps BGP up but advertises nothing; traffic flows through the active', async () => {
    const l = need();
    await waitEstablished(daemon('g1').cli, 60_000);
    await waitEstablished(daemon('g2').cli, 60_000);
    await gws.xFloodsTo('g1');
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

  it('only the active has objects for the pair: one LSP owned by it, VXLAN ports on its chassis only', async () => {
    // The 10-minute version, watching every change, is test/soak/ha-soak.test.ts.
    const l = need();
    const lsps = (await l.cluster.nbctl('--bare', '--columns=external_ids', 'find', 'Logical_Switch_Port', `external_ids:evpnctl-vtep=${X_VTEP}`)).trim().split('\n').filter(Boolean);
    expect(lsps).toHaveLength(1);
    expect(lsps[0]).toContain('evpnctl-chassis=gw1');
    expect(await managedVxlanCount(l.g1)).toBeGreaterThan(0);
    expect(await managedVxlanCount(l.g2)).toBe(0);
  });

  it('kill -9 of the active under a 0.1 s ping both ways, 5 runs alternating: the other takes over, at most 10 echoes lost each way', async () => {
    const runs: { killed: Gw; lost: ReturnType<typeof losses>; tActive: number; tFlood: number }[] = [];
    for (let i = 1; i <= 5; i++) {
      const killed = await activeNow();
      const next = other(killed);
      await readyStandby(next);
      const pings = pingBothWays(100);
      await sleep(1000);
      const t0 = performance.now();
      await daemon(killed).kill9();
      await roleIs(next, 'active');
      const tActive = Math.round(performance.now() - t0);
      await xFloodsTo(next);
      const tFlood = Math.round(performance.now() - t0);
      const [a, b] = await pings;
      const lost = losses(a, b);
      runs.push({ killed, lost, tActive, tFlood });
      console.log(`run ${i}: kill -9 of ${killed}'s daemon: ${next} active after ${tActive} ms, X floods to ${next} after ${tFlood} ms; `
        + `echoes lost: h1->vm1 ${lost.h1ToVm1}/${a.transmitted}, vm1->h1 ${lost.vm1ToH1}/${b.transmitted} (longest gap ${lost.outageMs} ms)`);
      expect(await requestedChassis()).toBe(site(next).plan.systemId);
      // The killed daemon comes back (same state) as the standby of the next run.
      await daemon(killed).restart();
      await readyStandby(killed);
    }
    const stats = (xs: number[]) => `min ${Math.min(...xs)} / median ${median(xs)} / max ${Math.max(...xs)}`;
    console.log(`kill -9 of the active, ${runs.length} runs: echoes lost h1->vm1 ${stats(runs.map((r) => r.lost.h1ToVm1))}, `
      + `vm1->h1 ${stats(runs.map((r) => r.lost.vm1ToH1))}; takeover ms ${stats(runs.map((r) => r.tActive))}`);
    for (const r of runs) {
      expect(r.lost.h1ToVm1).toBeLessThanOrEqual(10);
      expect(r.lost.vm1ToH1).toBeLessThanOrEqual(10);
    }
  });

  it('fencing: a paused active loses the group; after SIGCONT it writes nothing, is standby and removes its tunnels within 2 s', async () => {
    const l = need();
    const paused = await activeNow();
    const taker = other(paused);
    await readyStandby(taker);
    // The whole daemon is paused, as a hung gateway would be: supervisor, session engine and route engine.
    const pausedPids = allPids(processesOf(await daemon(paused).cli.json<StatusView>(['status'])));
    const lspChassis = async () => (await l.cluster.nbctl('--bare', '--columns=external_ids,options', 'find', 'Logical_Switch_Port', `name=evpn-10-${X_VTEP}`)).trim();
    const managedVxlan = async (site: ChassisSite) =>
      (await site.ovs.vsctl('--bare', '--columns=name', 'find', 'Interface', 'type=vxlan', 'external_ids:"evpnctl-managed"="true"')).trim();
    const takerId = site(taker).plan.systemId;
    for (const pid of pausedPids) process.kill(pid, 'SIGSTOP');
    const t0 = performance.now();
    try {
      // The NB drops the silent connection once its inactivity probe (PROBE_MS of silence, then PROBE_MS
      // without an answer to its echo) runs out; then the standby gets the lock.
      await roleIs(taker, 'active');
      console.log(`SIGSTOP of ${paused}'s daemon: ${taker} active after ${Math.round(performance.now() - t0)} ms (NB probe ${PROBE_MS} ms)`);
      await waitUntil(`the EVPN port to be pinned to ${takerId}`, async () => {
        const v = await lspChassis();
        return { ok: v.includes(`requested-chassis=${takerId}`) && v.includes(`evpnctl-chassis=${takerId}`), seen: v };
      }, { timeoutMs: 10_000 });
    } finally {
      for (const pid of pausedPids) process.kill(pid, 'SIGCONT');
    }
    const before = await lspChassis();
    const t1 = performance.now();
    await roleIs(paused, 'standby');
    await waitUntil(`${paused} to remove its VXLAN ports`, async () => {
      const v = await managedVxlan(site(paused));
      return { ok: v === '', seen: v };
    }, { timeoutMs: 2000, intervalMs: 50 });
    const tClean = Math.round(performance.now() - t1);
    console.log(`SIGCONT: ${paused} standby with no tunnels after ${tClean} ms`);
    expect(tClean).toBeLessThanOrEqual(2000);
    expect((await ha(paused)).lastChange?.reason).toMatch(/^lock lost/);
    await sleep(1000);
    expect(await lspChassis()).toBe(before); // the old active wrote nothing over the new active's objects
    expect(await managedVxlan(site(taker))).not.toBe('');
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

  // Chassis death, two ways. ovsdb-server keeps a client while it hears from it: after PROBE_MS of silence it
  // sends an echo, and PROBE_MS later without a message it drops the client (lib/reconnect.c: ACTIVE -> IDLE
  // -> disconnect). A live client answers every echo, so at any moment the NB heard from it within the last
  // PROBE_MS: a client that falls silent is dropped between PROBE_MS and 2 x PROBE_MS later, and its lock
  // goes with it. A client whose host closes its sockets (process death) is dropped at once.

  it('chassis death, underlay pulled: the NB drops the silent active within 2 probes; traffic flows through the other within 2 probes + 1 s', async () => {
    const dead = await activeNow();
    const next = other(dead);
    await readyStandby(next);
    const iface = site(dead).plan.underlayIface;
    const pings = pingBothWays(150);
    await sleep(1000);
    const t0 = performance.now();
    await ip(site(dead).netns, 'link', 'set', iface, 'down');
    try {
      await roleIs(next, 'active');
      const tActive = Math.round(performance.now() - t0);
      const [a, b] = await pings;
      const lost = losses(a, b);
      console.log(`${site(dead).plan.systemId}'s underlay pulled: ${next} active after ${tActive} ms; h1 <-> vm1 through ${next} after a gap of ${lost.outageMs} ms `
        + `(echoes lost: h1->vm1 ${lost.h1ToVm1}, vm1->h1 ${lost.vm1ToH1}; NB probe ${PROBE_MS} ms, X's hold time ${HOLD_S} s)`);
      expect(await requestedChassis()).toBe(site(next).plan.systemId);
      // The NB side: dropped within 2 x PROBE_MS of the pull, then one lock grant, a token write and a reconcile.
      expect(tActive).toBeLessThanOrEqual(2 * PROBE_MS + 1000);
      // The data plane: X still has the silent gateway's MAC routes until its BGP hold timer, unless the new
      // active outbids them (MAC mobility sequence = highest seen + 1 on takeover, RFC 7432 §15, with X
      // reflecting the old active's routes to the standby). With that, traffic follows the NB takeover.
      // Without it the gap was X's hold expiry for the old session, 4-6 s after the pull with keepalive 2 s /
      // hold 6 s, and this failed whenever it fell after 5 s.
      expect(lost.outageMs).toBeLessThanOrEqual(2 * PROBE_MS + 1000);
    } finally {
      // The pulled gateway comes back as the standby (its lock session reconnects and finds the other's
      // token), also when an assertion failed, so the next test starts from one active and a ready standby.
      await ip(site(dead).netns, 'link', 'set', iface, 'up');
      await readyStandby(dead);
    }
    expect(await managedVxlanCount(site(dead))).toBe(0);
  });

  it('chassis death, every process of the active killed: traffic flows through the other within the NB probe + 1 s', async () => {
    const l = need();
    const dead = await activeNow();
    const next = other(dead);
    await readyStandby(next);
    const s = site(dead);
    const pings = pingBothWays(100);
    await sleep(1000);
    const t0 = performance.now();
    // SIGKILL by the PIDs the lab started, the daemon first. Here the VTEP address (and with it the daemon's
    // BGP and NB sessions) lives on br-phy, a netdev internal port that only ovs-vswitchd forwards, whereas on
    // a real gateway the host's kernel would still send a dead process's FINs. Killed at the same moment as
    // the daemon, the OVS side was seen to hold those FINs back for good; so the rest of the chassis dies
    // once the kernel has sent them (no socket of the daemon left in FIN-WAIT-1).
    await daemon(dead).kill9();
    await waitUntil(`${dead}'s kernel to have sent the dead daemon's FINs`, async () => {
      const out = (await run(['ss', '-Htn', 'state', 'fin-wait-1'], { netns: s.netns })).stdout.trim();
      return { ok: out === '', seen: out };
    }, { timeoutMs: 2000, intervalMs: 10 });
    await Promise.all([l.run.killProcess(s.ovnController.identity), l.run.killProcess(s.ovs.processes.db.identity), l.run.killProcess(s.ovs.processes.vswitchd.identity)]);
    const tKilled = Math.round(performance.now() - t0);
    await roleIs(next, 'active');
    const tActive = Math.round(performance.now() - t0);
    const [a, b] = await pings;
    const lost = losses(a, b);
    console.log(`every process of ${s.plan.systemId} killed (the last after ${tKilled} ms): ${next} active after ${tActive} ms; `
      + `h1 <-> vm1 through ${next} after a gap of ${lost.outageMs} ms (echoes lost: h1->vm1 ${lost.h1ToVm1}, vm1->h1 ${lost.vm1ToH1}; NB probe ${PROBE_MS} ms)`);
    expect(await requestedChassis()).toBe(site(next).plan.systemId);
    expect(lost.outageMs).toBeLessThanOrEqual(PROBE_MS + 1000);
    expect(a.received).toBeGreaterThan(0);
    expect(b.received).toBeGreaterThan(0);
  });
});
