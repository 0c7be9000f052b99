// Three sites on one VNI, built by the demo code with a second FRR VTEP (X2, host h1b) as a second
// neighbor; step 3 maps a plain logical switch (--logical-switch) and step 4 is left to auto-advertise.
// Proves: any-to-any reachability, split horizon (no BUM copy relayed between remote VTEPs through OVN),
// and MAC mobility (a host moving from X to X2 is followed by OVN and evpnctl).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RouteView } from '../../src/core/model/views.js';
import { ping } from '../../src/lab/hosts.js';
import { waitFor, waitUntil } from '../../src/lab/wait.js';
import { moveHost } from '../../src/lab/topology/move-host.js';
import { waitReachable } from '../../src/lab/topology/verify.js';
import { runDemoChecks } from '../../src/demo/demo-checks.js';
import { lspOf, readEvpnObjects } from '../../src/demo/site-y-state.js';
import { countBroadcast } from '../support/broadcast-count.js';
import { failedSteps, setUpDemo, type DemoFixture } from '../support/demo-fixture.js';
import { downAndVerify } from '../support/lab-teardown.js';

let fx: DemoFixture | undefined;

function need(): DemoFixture {
  if (!fx) throw new Error('the demo lab was not built (see beforeAll)');
  return fx;
}

beforeAll(async () => {
  fx = await setUpDemo('e2e demo (three sites)', { thirdSite: true, switchMode: 'logical-switch', explicitClient: false });
});
afterAll(() => downAndVerify(fx?.demo.lab));

describe('three sites: FRR X and X2, OVN Y driven by evpnctl', () => {
  it('h1, h1b and vm1 all ping each other', async () => {
    const { demo, steps, log } = need();
    await runDemoChecks(steps, demo, (line) => log.push(line), 3);
    expect(failedSteps(steps)).toEqual([]);
    const [h1, h1b, vm1] = [demo.host('h1'), demo.host('h1b'), demo.host('vm1')];
    expect(await ping(h1b, h1.ip)).toMatchObject({ transmitted: 3, received: 3 });
    const objects = await readEvpnObjects(demo.lab.y);
    expect(objects.vxlanPorts.map((p) => p.remoteIp).sort()).toEqual(['192.168.100.1', '192.168.100.3']);
    expect(lspOf(objects, 10, '192.168.100.3')?.addresses).toContain(`${h1b.mac} ${h1b.ip}`);
    expect((await demo.lab.frr.x2?.evpnMacs(10))?.[vm1.mac]).toMatchObject({ type: 'remote', remoteVtep: '192.168.100.2' });
  });

  it('split horizon: one broadcast from h1 reaches vm1 once and h1b once', async () => {
    const { demo } = need();
    const { lab } = demo;
    const [h1, h1b, vm1] = [demo.host('h1'), demo.host('h1b'), demo.host('vm1')];
    // Bridged frames are not seen on a Linux bridge device, so the underlay is watched at X's and Y's ends.
    const seen = await countBroadcast(lab.run, h1, [vm1, h1b], [
      { name: 'ux', netns: lab.x.netns, iface: lab.x.plan.underlayIface },
      { name: 'uy', netns: lab.y.netns, iface: lab.y.plan.underlayIface },
    ]);
    expect(seen.atHosts).toEqual({ vm1: 1, h1b: 1 });
    // X replicates to Y and X2 (ingress replication); Y receives one copy and relays it to no one.
    expect(seen.encapsulated).toEqual({ ux: ['192.168.100.1->192.168.100.2', '192.168.100.1->192.168.100.3'], uy: ['192.168.100.1->192.168.100.2'] });
  });

  it('MAC move: h1 moves from X to X2, X2 advertises a higher MAC mobility sequence, and vm1 reaches h1 at X2', async () => {
    const { demo } = need();
    const { lab, cli } = demo;
    const [h1, vm1] = [demo.host('h1'), demo.host('vm1')];
    const x2 = lab.x2;
    const frrX2 = lab.frr.x2;
    if (!x2 || !frrX2) throw new Error('expected site X2 with FRR');
    const t0 = performance.now();
    await moveHost(h1, lab.x, x2, {
      afterAttach: () => waitUntil("X2's FRR to take h1's MAC as local with sequence >= 1", async () => {
        const m = (await frrX2.evpnMacs(10))[h1.mac];
        return { ok: m?.type === 'local' && Number(m.localSequence) >= 1, seen: m };
      }, { timeoutMs: 15_000, intervalMs: 50 }),
    });
    const route = await waitFor('evpnctl to pick X2 as the best path for h1', async () => {
      const routes = await cli.json<RouteView[]>(['route', 'list', '--type', '2']);
      return routes.find((r) => r.mac === h1.mac && r.ip === h1.ip && r.best && r.used && r.nextHop === x2.vtepIp);
    }, { timeoutMs: 15_000, intervalMs: 100 });
    expect(route.seq).toBeGreaterThanOrEqual(1);
    // Whatever X still advertises for h1 (until its FRR withdraws), it is not what OVN uses.
    const fromX = (await cli.json<RouteView[]>(['route', 'list', '--type', '2'])).filter((r) => r.mac === h1.mac && r.nextHop === lab.x.vtepIp);
    expect(fromX.filter((r) => r.used)).toEqual([]);
    await waitUntil('OVN to move h1 from the LSP of X to that of X2', async () => {
      const o = await readEvpnObjects(lab.y);
      const atX = lspOf(o, 10, lab.x.vtepIp)?.addresses ?? [];
      const atX2 = lspOf(o, 10, x2.vtepIp)?.addresses ?? [];
      return { ok: atX2.includes(`${h1.mac} ${h1.ip}`) && !atX.some((a) => a.startsWith(h1.mac)), seen: { atX, atX2 } };
    }, { timeoutMs: 15_000, intervalMs: 100 });
    const movedMs = performance.now() - t0;
    await waitReachable(vm1, h1.ip);
    expect(await ping(vm1, h1.ip)).toMatchObject({ transmitted: 3, received: 3 });
    expect(await ping(demo.host('h1b'), h1.ip)).toMatchObject({ transmitted: 3, received: 3 });
    console.info(`MAC move: OVN followed h1 to X2 (seq ${route.seq}) ${Math.round(movedMs)} ms after the move started`);
  });
});
