// Two OVN clouds on one VNI, each with its own `evpnctl daemon`, built by the code behind
// `npm run demo -- --ovn-ovn --three`: site Y (vm1, VTEP .2) and site Y2 (vm2, VTEP .4), each configured only
// with evpnctl (speaker add, neighbor add <the other>, network add; neither side passive), plus site X (FRR
// kernel VTEP, h1, VTEP .1) as a third VTEP both peer with. Proves: the two daemons peer with each other,
// vm1 <-> vm2 across VXLAN both ways, ARP suppression as in the FRR lab (default: the remote cloud answers;
// --no-flood-unknown: the local cloud answers), and split horizon in both OVN sites.
// The tests run in order and each restores what it changed, so sharing the lab is sound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NeighborView, RouteView } from '../../src/core/model/views.js';
import { startCapture } from '../../src/lab/capture.js';
import type { Host } from '../../src/lab/hosts.js';
import { ping } from '../../src/lab/hosts.js';
import { ip } from '../../src/lab/netns.js';
import { captureVxlan, waitReachable } from '../../src/lab/topology/verify.js';
import { waitVtepInOvn } from '../../src/demo/convergence.js';
import { runOvnOvnChecks } from '../../src/demo/ovn-ovn-checks.js';
import { buildOvnOvnDemo, remoteVtepsOf, type DemoCloud, type OvnOvnDemo } from '../../src/demo/ovn-ovn-lab.js';
import { lspOf, readEvpnObjects } from '../../src/demo/site-y-state.js';
import { countBroadcast, type UnderlayTap } from '../support/broadcast-count.js';
import { arpPackets, failedSteps, setUpDemoWith, type LabFixture } from '../support/demo-fixture.js';
import { downAndVerify } from '../support/lab-teardown.js';

const [Y, Y2, X] = ['192.168.100.2', '192.168.100.4', '192.168.100.1'];
let fx: LabFixture<OvnOvnDemo> | undefined;

function need(): LabFixture<OvnOvnDemo> {
  if (!fx) throw new Error('the OVN-OVN lab was not built (see beforeAll)');
  return fx;
}

/** Each cloud with its VM and the other cloud. */
function sides(demo: OvnOvnDemo): { cloud: DemoCloud; vm: Host; other: DemoCloud; otherVm: Host }[] {
  const [cy, cy2] = demo.clouds;
  const [vm1, vm2] = [demo.host('vm1'), demo.host('vm2')];
  return [{ cloud: cy, vm: vm1, other: cy2, otherVm: vm2 }, { cloud: cy2, vm: vm2, other: cy, otherVm: vm1 }];
}

/** Site ends of the underlay (a bridge in its own netns: three sites). */
function taps(demo: OvnOvnDemo): UnderlayTap[] {
  const { lab } = demo;
  const x = lab.x;
  if (!x) throw new Error('expected site X in this lab');
  return [
    { name: 'y', netns: lab.y.netns, iface: lab.y.plan.underlayIface },
    { name: 'y2', netns: lab.y2.netns, iface: lab.y2.plan.underlayIface },
    { name: 'x', netns: x.netns, iface: x.plan.underlayIface },
  ];
}

/** Re-maps VNI 10 on both clouds (network del + add) with or without --no-flood-unknown, and waits until each knows every remote VTEP again. */
async function remapNetworks(demo: OvnOvnDemo, floodUnknown: boolean): Promise<void> {
  for (const cloud of demo.clouds) {
    await cloud.cli.run(['network', 'del', '10']);
    await cloud.cli.run(['network', 'add', '--vni', '10', '--network-id', cloud.networkId, ...(floodUnknown ? [] : ['--no-flood-unknown'])]);
  }
  for (const cloud of demo.clouds) for (const remote of remoteVtepsOf(demo, cloud)) await waitVtepInOvn(cloud.site, 10, remote);
}

beforeAll(async () => {
  fx = await setUpDemoWith('e2e OVN-OVN (+ FRR site X)', (steps, run) => buildOvnOvnDemo(steps, run, { thirdSite: true }));
});
afterAll(() => downAndVerify(fx?.demo.lab));

describe('two OVN sites, each driven by its own evpnctl daemon (and FRR site X)', () => {
  it('sessions: each daemon, configured only with evpnctl and not passive, is Established with the other cloud and with X', async () => {
    const { demo, steps } = need();
    expect(failedSteps(steps)).toEqual([]);
    for (const { cloud, other } of sides(demo)) {
      const neighbors = await cloud.cli.json<NeighborView[]>(['neighbor', 'list']);
      expect(neighbors.map((n) => [n.address, n.state, n.passive]).sort()).toEqual([[X, 'established', false], [other.site.vtepIp, 'established', false]].sort());
    }
    // Issue 9 asks for Established within 3 s of the second `neighbor add`; the waits start right after
    // Y2's last step, and 15 s leaves headroom for a loaded machine while still catching a retry-timer wait.
    const established = steps.results.filter((r) => r.name.endsWith('BGP sessions Established (evpnctl neighbor list)')).map((r) => Math.round(r.ms));
    console.info(`OVN-OVN: sessions Established (Y, then Y2) ${established.join(' ms, ')} ms after Y2's last evpnctl step`);
    expect(established).toHaveLength(2);
    expect(established.reduce((a, b) => a + b, 0)).toBeLessThan(15_000);
  });

  it('ping: vm1 <-> vm2 (and h1 <-> both) answer both ways; VXLAN VNI 10 carries the echoes between Y and Y2; each cloud programmed the other', async () => {
    const { demo, steps, log } = need();
    const { packets } = await runOvnOvnChecks(steps, demo, (line) => log.push(line), 3);
    expect(failedSteps(steps)).toEqual([]);
    const icmp = (src: string, dst: string) => packets.filter((p) => p.src === src && p.dst === dst && p.inner === 'icmp' && p.vni === 10);
    // 3 echoes each way plus their replies, plus the first-reply probe(s).
    expect(icmp(Y, Y2).length).toBeGreaterThanOrEqual(6);
    expect(icmp(Y2, Y).length).toBeGreaterThanOrEqual(6);
    expect(new Set(packets.map((p) => p.vni))).toEqual(new Set([10]));
    for (const { cloud, vm, other, otherVm } of sides(demo)) {
      const routes = await cloud.cli.json<RouteView[]>(['route', 'list']);
      expect(routes).toEqual(expect.arrayContaining([
        expect.objectContaining({ type: 2, mac: otherVm.mac, ip: otherVm.ip, nextHop: other.site.vtepIp, vni: 10, from: other.site.vtepIp }),
        expect.objectContaining({ type: 3, originatorIp: other.site.vtepIp, vni: 10, from: other.site.vtepIp }),
        expect.objectContaining({ type: 2, mac: vm.mac, ip: vm.ip, from: 'local' }),
      ]));
      const objects = await readEvpnObjects(cloud.site);
      expect(lspOf(objects, 10, other.site.vtepIp)?.addresses).toEqual([`${otherVm.mac} ${otherVm.ip}`, 'unknown']);
      expect(objects.vxlanPorts.filter((p) => p.remoteIp === other.site.vtepIp).map((p) => p.key)).toEqual(['10']);
    }
  });

  it("ARP suppression: vm1's ARP for vm2 crosses to Y2, whose OVN answers it; vm2 never sees it (and the same from vm2)", async () => {
    const { demo } = need();
    const { lab } = demo;
    for (const { cloud, vm, other, otherVm } of sides(demo)) {
      await ip(vm.netns, 'neigh', 'flush', 'dev', vm.iface);
      const atVm = await startCapture(lab.run, { netns: vm.netns, iface: vm.iface, filter: 'arp', name: `arp-${vm.name}.pcap` });
      const atOther = await startCapture(lab.run, { netns: otherVm.netns, iface: otherVm.iface, filter: 'arp', name: `arp-at-${otherVm.name}.pcap` });
      const under = await startCapture(lab.run, { netns: cloud.site.netns, iface: cloud.site.plan.underlayIface, filter: 'udp port 4789', name: `arp-under-${cloud.site.plan.role}.pcap` });
      const r = await ping(vm, otherVm.ip, { count: 1, waitS: 2 });
      for (const c of [atVm, atOther, under]) await c.stop();
      expect(r.received).toBe(1);
      const forOther = (p: { op: string; targetIp: string; senderIp: string }) => p.op === 'request' && p.targetIp === otherVm.ip && p.senderIp === vm.ip;
      const vmSaw = await arpPackets(atVm.pcap);
      expect(vmSaw.filter(forOther)).toHaveLength(1);
      expect(vmSaw.filter((p) => p.op === 'reply' && p.senderIp === otherVm.ip && p.senderMac === otherVm.mac)).toHaveLength(1);
      // With "unknown" on the EVPN ports OVN has no responder for remote IPs, so the request is flooded
      // (ingress replication to Y2 and X) ...
      const crossed = (await arpPackets(under.pcap)).filter(forOther).map((p) => `${p.outerSrc}->${p.outerDst} vni ${p.vni}`).sort();
      expect(crossed).toEqual([`${cloud.site.vtepIp}->${X} vni 10`, `${cloud.site.vtepIp}->${other.site.vtepIp} vni 10`].sort());
      // ... and the other cloud's OVN answers it from its VM's LSP addresses: the VM itself never sees it.
      expect((await arpPackets(atOther.pcap)).filter(forOther)).toEqual([]);
    }
  });

  // The sender's VTEP replicates to the two others (ingress replication); each receives one copy and relays
  // it to no one, so every site's underlay port shows only copies from the sender.
  const broadcasts = [
    { what: 'from h1 (X) reaches vm1 and vm2 once each; neither OVN site relays it', from: 'h1', to: ['vm1', 'vm2'],
      encapsulated: { x: [`${X}->${Y}`, `${X}->${Y2}`], y: [`${X}->${Y}`], y2: [`${X}->${Y2}`] } },
    { what: 'from vm1 (Y) reaches vm2 and h1 once each; Y2 relays nothing to X', from: 'vm1', to: ['vm2', 'h1'],
      encapsulated: { y: [`${Y}->${X}`, `${Y}->${Y2}`], y2: [`${Y}->${Y2}`], x: [`${Y}->${X}`] } },
  ];
  for (const { what, from, to, encapsulated } of broadcasts) {
    it(`split horizon: a broadcast ${what}`, async () => {
      const { demo } = need();
      const seen = await countBroadcast(demo.lab.run, demo.host(from), to.map((n) => demo.host(n)), taps(demo));
      expect(seen.atHosts).toEqual(Object.fromEntries(to.map((n) => [n, 1])));
      expect(seen.encapsulated).toEqual(encapsulated);
    });
  }

  it('ARP suppression with --no-flood-unknown on both sites: each OVN answers ARP for the other cloud\'s VM itself; no ARP crosses VXLAN', async () => {
    const { demo } = need();
    const { lab } = demo;
    await remapNetworks(demo, false);
    try {
      for (const { cloud, vm, other, otherVm } of sides(demo)) {
        expect(lspOf(await readEvpnObjects(cloud.site), 10, other.site.vtepIp)?.addresses).toEqual([`${otherVm.mac} ${otherVm.ip}`]);
        await waitReachable(vm, otherVm.ip);
        await ip(vm.netns, 'neigh', 'flush', 'dev', vm.iface);
        const atVm = await startCapture(lab.run, { netns: vm.netns, iface: vm.iface, filter: 'arp', name: `nfu-arp-${vm.name}.pcap` });
        const { value: r, packets, pcap } = await captureVxlan(lab.run, cloud.site.netns, cloud.site.plan.underlayIface, `nfu-under-${cloud.site.plan.role}.pcap`,
          () => ping(vm, otherVm.ip, { count: 1, waitS: 2 }));
        await atVm.stop();
        expect(r.received).toBe(1);
        const vmSaw = await arpPackets(atVm.pcap);
        expect(vmSaw.filter((p) => p.op === 'request' && p.targetIp === otherVm.ip && p.senderIp === vm.ip)).toHaveLength(1);
        expect(vmSaw.filter((p) => p.op === 'reply' && p.senderIp === otherVm.ip && p.senderMac === otherVm.mac)).toHaveLength(1);
        expect(packets.filter((p) => p.inner === 'icmp' && p.src === cloud.site.vtepIp && p.dst === other.site.vtepIp).length).toBeGreaterThanOrEqual(1); // the capture did run
        expect((await arpPackets(pcap)).filter((p) => p.targetIp === otherVm.ip)).toEqual([]);
      }
      // Without "unknown" only unknown unicast stays home: a broadcast still reaches every remote VTEP, once.
      const [h1, vm1, vm2] = [demo.host('h1'), demo.host('vm1'), demo.host('vm2')];
      expect((await countBroadcast(lab.run, vm2, [vm1, h1], [])).atHosts).toEqual({ vm1: 1, h1: 1 });
    } finally {
      await remapNetworks(demo, true);
    }
    for (const { cloud, other, otherVm } of sides(demo)) {
      expect(lspOf(await readEvpnObjects(cloud.site), 10, other.site.vtepIp)?.addresses).toEqual([`${otherVm.mac} ${otherVm.ip}`, 'unknown']);
    }
  });
});
