// Issue 10's takeover, MAC Mobility part: FRR X reflects G1's routes to G2 and G2's to G1 (X is their route
// reflector, as spines are). A member's routes are the group's own: shown, never imported. When the active
// is paused (SIGSTOP) its BGP session to X stays up for X's hold time (30 s here), and with it its route for
// vm1; the new active advertises vm1 with that route's MAC Mobility sequence + 1 (RFC 7432 §15.1), so X moves
// vm1 to it at once, not when the hold timer ends. Without the higher sequence X would keep G1's route: on
// equal sequences the lower VTEP IP wins, and G1's (.2) is lower than G2's (.5).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkView, RouteView } from '../../src/core/model/views.js';
import { waitEstablished } from '../../src/demo/convergence.js';
import { ping } from '../../src/lab/hosts.js';
import type { PingResult } from '../../src/lab/icmp-ping.js';
import { fdbShow } from '../../src/lab/kernel-vtep.js';
import { assertLabPrerequisites } from '../../src/lab/prereqs.js';
import { sleep, waitUntil } from '../../src/lab/wait.js';
import { learnHost } from '../../src/lab/topology/kernel-site.js';
import { buildHaLab, type ChassisSite, type HaLab } from '../../src/lab/topology/ha-lab.js';
import { waitReachable } from '../../src/lab/topology/verify.js';
import { HaGateways, X_VTEP, type Gw as G } from '../support/ha-gateways.js';
import { downAndVerify, keepLabLogs } from '../support/lab-teardown.js';
import { allPids, processesOf } from '../support/daemon-processes.js';

/** Long on purpose: a move that waited for the paused active's session to time out would take 30 s. */
const HOLD_S = 30;

/** One path of a MAC/IP route in FRR's `show bgp l2vpn evpn route type macip json`: its VTEP and MAC Mobility sequence. */
interface FrrMacPath {
  prefix: string;
  nextHop: string;
  seq: number;
}

/** The paths FRR holds for a MAC (every RD, MAC-only and MAC+IP); the sequence is 0 without a MAC Mobility EC. */
function frrMacPaths(json: unknown, mac: string): FrrMacPath[] {
  const out: FrrMacPath[] = [];
  for (const rd of Object.values(json as Record<string, unknown>)) {
    if (typeof rd !== 'object' || rd === null) continue;
    for (const [prefix, route] of Object.entries(rd as Record<string, unknown>)) {
      if (!prefix.includes(`[${mac}]`)) continue;
      const paths = ((route as { paths?: unknown[] }).paths ?? []).flat() as { extendedCommunity?: { string?: string }; nexthops?: { ip?: string }[] }[];
      for (const p of paths) {
        const mm = /MM:(?:Sticky)?(\d+)/.exec(p.extendedCommunity?.string ?? '');
        out.push({ prefix, nextHop: p.nexthops?.[0]?.ip ?? '?', seq: mm ? Number(mm[1]) : 0 });
      }
    }
  }
  return out;
}

/**
 * h1 <-> vm1 pings at 0.1 s both ways, in one-second runs so the losses have a time line; each echo waits
 * 0.1 s for its reply (the RTT here is ~1 ms), so a lost echo does not slow the cadence down.
 */
function pingTimeline(l: HaLab): { mark(t0: number): void; stop(): Promise<{ a: PingResult; b: PingResult; lossAt: string[] }> } {
  let running = true;
  let t0 = performance.now();
  const a: PingResult = { transmitted: 0, received: 0, rttsMs: [], errors: [] };
  const b: PingResult = { transmitted: 0, received: 0, rttsMs: [], errors: [] };
  const lossAt: string[] = [];
  const add = (sum: PingResult, r: PingResult) => {
    sum.transmitted += r.transmitted;
    sum.received += r.received;
  };
  const loop = (async () => {
    while (running) {
      const at = Math.round(performance.now() - t0);
      const o = { count: 10, intervalS: 0.1, waitS: 0.1 };
      const [ra, rb] = await Promise.all([ping(l.hosts.h1, l.hosts.vm1.ip, o), ping(l.hosts.vm1, l.hosts.h1.ip, o)]);
      add(a, ra);
      add(b, rb);
      if (ra.received < ra.transmitted || rb.received < rb.transmitted) lossAt.push(`${at}: ${ra.transmitted - ra.received}/${rb.transmitted - rb.received}`);
    }
  })();
  return {
    mark: (t) => { t0 = t; },
    stop: async () => {
      running = false;
      await loop;
      return { a, b, lossAt };
    },
  };
}

describe('HA takeover with a route reflector: group routes are not imported, the new active moves vm1 by sequence', () => {
  let lab: HaLab | undefined;

  const need = (): HaLab => {
    if (!lab) throw new Error('lab not built');
    return lab;
  };
  const gws = new HaGateways(need, { group: 'gw', holdS: HOLD_S });
  const daemon = (g: G) => gws.daemon(g);
  const site = (g: G): ChassisSite => gws.site(g);
  const roleIs = (g: G, role: 'active' | 'standby') => gws.roleIs(g, role);
  const routes = (g: G) => daemon(g).cli.json<RouteView[]>(['route', 'list']);
  /** Where X's kernel sends vm1's MAC (the vxlan FDB entry FRR's zebra installs from the winning route). */
  const xFdbVm1 = async (): Promise<string | null> => {
    const l = need();
    return (await fdbShow(l.x.netns, l.x.vtep.vxlanDev)).find((e) => e.mac === l.hosts.vm1.mac && e.dst !== undefined)?.dst ?? null;
  };
  const frrVm1 = async () => frrMacPaths(await need().frr.vtyshJson('show bgp l2vpn evpn route type macip json'), need().hosts.vm1.mac);
  /** Waits until FRR holds a path for vm1 from this VTEP, and returns its sequence. */
  const frrSeqOf = async (vtep: string): Promise<number> => {
    let seq = -1;
    await waitUntil(`FRR to hold vm1's route from ${vtep}`, async () => {
      const paths = await frrVm1();
      const mine = paths.filter((p) => p.nextHop === vtep);
      seq = mine.length === 0 ? -1 : Math.max(...mine.map((p) => p.seq));
      return { ok: mine.length > 0, seen: paths };
    }, { timeoutMs: 20_000 });
    return seq;
  };
  /** Nothing of a group member's in our import: no port or LSP towards its VTEP, not in the network's VTEPs. */
  const importsNothingOf = async (g: G, member: ChassisSite): Promise<void> => {
    const l = need();
    const vtep = member.plan.vtepIp;
    const net = await daemon(g).cli.json<NetworkView>(['network', 'show', '10']);
    expect(net.remoteVteps, `${g}'s remote VTEPs`).not.toContain(vtep);
    expect((await l.cluster.nbctl('--bare', '--columns=name', 'find', 'Logical_Switch_Port', `external_ids:evpnctl-vtep=${vtep}`)).trim(), `LSPs towards ${vtep}`).toBe('');
    const ports = (await site(g).ovs.vsctl('--bare', '--columns=name', 'find', 'Interface', 'type=vxlan', `options:remote_ip=${vtep}`)).trim();
    expect(ports, `${g}'s VXLAN ports towards ${vtep}`).toBe('');
  };

  beforeAll(async () => {
    await assertLabPrerequisites();
    lab = await buildHaLab({ frrNeighbor: { keepaliveS: 10, holdS: HOLD_S }, runOptions: { description: 'e2e ha mobility', keepDir: keepLabLogs } });
    await learnHost(lab.x, lab.hosts.h1);
    await gws.startActiveStandby();
  });
  afterAll(async () => {
    await gws.stopAll();
    await downAndVerify(lab);
  });

  it('the standby lists the active\'s reflected routes as the group\'s and imports none of them', async () => {
    const l = need();
    await waitEstablished(daemon('g1').cli, 60_000);
    await waitEstablished(daemon('g2').cli, 60_000);
    await gws.xFloodsTo('g1');
    await waitReachable(l.hosts.h1, l.hosts.vm1.ip, 30_000);
    let group: RouteView[] = [];
    await waitUntil('G2 to list G1\'s type 2 and type 3 as group routes', async () => {
      group = (await routes('g2')).filter((r) => r.group !== null);
      return { ok: group.some((r) => r.type === 2 && r.mac === l.hosts.vm1.mac) && group.some((r) => r.type === 3), seen: group };
    }, { timeoutMs: 20_000 });
    console.log(`G2 holds ${group.length} route(s) of G1 reflected by X, none imported: ${group.map((r) => `type ${r.type} ${r.mac ?? r.originatorIp} seq ${r.seq}`).join(', ')}`);
    expect(group.every((r) => r.group === 'gw1' && r.from === X_VTEP && r.vni === null && !r.used && !r.reflected)).toBe(true);
    expect(group.every((r) => r.nextHop === l.g1.plan.vtepIp)).toBe(true);
    await importsNothingOf('g2', l.g1);
    // The table marks them too.
    expect((await daemon('g2').cli.run(['route', 'list', '--wide'])).result.stdout).toContain(`${X_VTEP} (group member gw1)`);
  });

  it('SIGSTOP of the active: G2 takes over and X moves vm1 to it by MAC Mobility sequence, far inside the 30 s hold time', async () => {
    const l = need();
    const g1Seq = await frrSeqOf(l.g1.plan.vtepIp);
    expect(await xFdbVm1()).toBe(l.g1.plan.vtepIp);
    const pinger = pingTimeline(l);
    await sleep(1000);
    // The whole daemon is paused (supervisor, session engine, route engine): its BGP session too, so X keeps G1's
    // route until its hold time ends.
    const g1pids = allPids(processesOf(await daemon('g1').cli.json<Record<string, unknown>>(['status'])));
    for (const pid of g1pids) process.kill(pid, 'SIGSTOP');
    const t0 = performance.now();
    pinger.mark(t0);
    let tActive = 0;
    let tMoved = 0;
    let g2Seq = -1;
    let g1Session = '';
    try {
      // The NB drops the silent lock connection after two inactivity probes (5 s each); then G2 gets the lock.
      await roleIs('g2', 'active');
      tActive = performance.now() - t0;
      await waitUntil('X\'s FDB to send vm1 to G2', async () => {
        const dst = await xFdbVm1();
        return { ok: dst === l.g2.plan.vtepIp, seen: dst };
      }, { timeoutMs: 20_000, intervalMs: 50 });
      tMoved = performance.now() - t0;
      g2Seq = await frrSeqOf(l.g2.plan.vtepIp);
      // G1's session is still up: its route is still there, it lost on the sequence, not to the hold timer.
      g1Session = (await l.frr.neighbors())[l.g1.plan.vtepIp]?.bgpState ?? 'none';
    } finally {
      for (const pid of g1pids) process.kill(pid, 'SIGCONT');
    }
    const tCont = performance.now() - t0;
    // Go on pinging while G1 turns standby, withdraws and removes its tunnels.
    await roleIs('g1', 'standby');
    await sleep(3000);
    const { a, b, lossAt } = await pinger.stop();
    const lost = { h1ToVm1: a.transmitted - a.received, vm1ToH1: b.transmitted - b.received };
    console.log(`SIGCONT at ${Math.round(tCont)} ms; echoes lost per second (ms after SIGSTOP: h1->vm1/vm1->h1): ${lossAt.length === 0 ? 'none' : lossAt.join(', ')}`);
    console.log(`SIGSTOP of G1's daemon: G2 active after ${Math.round(tActive)} ms; X's FDB sends vm1 to G2 after ${Math.round(tMoved)} ms `
      + `(${Math.round(tMoved - tActive)} ms after the takeover; hold time ${HOLD_S} s); FRR: G1's vm1 seq ${g1Seq}, G2's seq ${g2Seq}; `
      + `X's session to G1 ${g1Session} meanwhile; echoes lost: h1->vm1 ${lost.h1ToVm1}/${a.transmitted}, vm1->h1 ${lost.vm1ToH1}/${b.transmitted}`);
    expect(g1Session).toBe('Established');
    expect(g2Seq).toBe(g1Seq + 1);
    expect(tMoved - tActive).toBeLessThan(5000);
    expect(tMoved).toBeLessThan(HOLD_S * 1000);
    expect(lost.h1ToVm1).toBeLessThanOrEqual(10);
    expect(lost.vm1ToH1).toBeLessThanOrEqual(10);
    await importsNothingOf('g2', l.g1);
  });

  it('G1, back as standby, withdraws and lists G2\'s routes as the group\'s; a kill -9 of G2 hands vm1 back with sequence 2', async () => {
    const l = need();
    await roleIs('g1', 'standby');
    await waitUntil('X to hold no route of G1 for vm1', async () => {
      const paths = await frrVm1();
      return { ok: !paths.some((p) => p.nextHop === l.g1.plan.vtepIp), seen: paths };
    }, { timeoutMs: 20_000 });
    await waitUntil('G1 to list G2\'s vm1 route as the group\'s', async () => {
      const group = (await routes('g1')).filter((r) => r.group !== null);
      return { ok: group.some((r) => r.group === 'gw2' && r.type === 2 && r.mac === l.hosts.vm1.mac && r.seq === 1), seen: group };
    }, { timeoutMs: 20_000 });
    await importsNothingOf('g1', l.g2);
    const t0 = performance.now();
    await daemon('g2').kill9();
    await roleIs('g1', 'active');
    const tActive = performance.now() - t0;
    const g1Seq = await frrSeqOf(l.g1.plan.vtepIp);
    await waitUntil('X\'s FDB to send vm1 to G1', async () => {
      const dst = await xFdbVm1();
      return { ok: dst === l.g1.plan.vtepIp, seen: dst };
    }, { timeoutMs: 20_000, intervalMs: 50 });
    console.log(`kill -9 of G2's daemon: G1 active after ${Math.round(tActive)} ms, advertising vm1 with seq ${g1Seq}; `
      + `X's FDB sends vm1 to G1 after ${Math.round(performance.now() - t0)} ms`);
    expect(g1Seq).toBe(2);
    await importsNothingOf('g1', l.g2);
    await waitReachable(l.hosts.h1, l.hosts.vm1.ip, 30_000);
  });
});
