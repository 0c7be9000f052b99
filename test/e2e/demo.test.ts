// The demo's acceptance points on one two-site lab, built once by the code behind `npm run demo`
// (src/demo): site X = FRR VTEP with h1, site Y = OVS/OVN with vm1, configured only with evpnctl.
// BGP hold time is 6 s on both sides (evpnctl --hold-time 6, FRR `timers 2 6`) so that the neighbor-down
// test is short. The tests run in order and each restores what it changed, so sharing the lab is sound.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientView, NeighborView, RouteView, StatusView } from '../../src/core/model/views.js';
import { readFields, startCapture } from '../../src/lab/capture.js';
import { createHost, ping } from '../../src/lab/hosts.js';
import { fdbShow } from '../../src/lab/kernel-vtep.js';
import { ip } from '../../src/lab/netns.js';
import { sendUdpBroadcast } from '../../src/lab/udp-broadcast.js';
import { sleep, waitFor, waitUntil } from '../../src/lab/wait.js';
import { captureVxlan, waitReachable } from '../../src/lab/topology/verify.js';
import { runDemoChecks } from '../../src/demo/demo-checks.js';
import { waitEstablished, waitOvnInSite, waitSiteInOvn } from '../../src/demo/convergence.js';
import { lspOf, readEvpnObjects } from '../../src/demo/site-y-state.js';
import { arpPackets, failedSteps, setUpDemo, type DemoFixture } from '../support/demo-fixture.js';
import { downAndVerify } from '../support/lab-teardown.js';

const HOLD_S = 6;
let fx: DemoFixture | undefined;

function need(): DemoFixture {
  if (!fx) throw new Error('the demo lab was not built (see beforeAll)');
  return fx;
}

beforeAll(async () => {
  fx = await setUpDemo('e2e demo (two sites)', { holdTimeS: HOLD_S });
});
afterAll(() => downAndVerify(fx?.demo.lab));

describe('two sites, site Y driven by evpnctl (the demo)', () => {
  it('ping: after the five steps h1 <-> vm1 answer both ways, and the underlay carries VXLAN VNI 10 both ways', async () => {
    const { demo, steps, log } = need();
    const { packets } = await runDemoChecks(steps, demo, (line) => log.push(line));
    expect(failedSteps(steps)).toEqual([]);
    const icmp = (src: string, dst: string) => packets.filter((p) => p.src === src && p.dst === dst && p.inner === 'icmp' && p.vni === 10);
    // 5 echoes each way plus their replies, plus the first-reply probe(s).
    expect(icmp('192.168.100.1', '192.168.100.2').length).toBeGreaterThanOrEqual(10);
    expect(icmp('192.168.100.2', '192.168.100.1').length).toBeGreaterThanOrEqual(10);
    expect(new Set(packets.map((p) => p.vni))).toEqual(new Set([10]));
    const routes = await demo.cli.json<RouteView[]>(['route', 'list']);
    expect(routes).toEqual(expect.arrayContaining([
      expect.objectContaining({ type: 2, mac: '02:ac:10:ff:00:11', ip: '10.0.0.11', nextHop: '192.168.100.1', vni: 10, from: '192.168.100.1' }),
      expect.objectContaining({ type: 3, originatorIp: '192.168.100.1', vni: 10 }),
      expect.objectContaining({ type: 2, mac: '02:ac:10:ff:00:22', ip: '10.0.0.22', from: 'local' }),
      expect.objectContaining({ type: 3, originatorIp: '192.168.100.2', from: 'local' }),
    ]));
  });

  it("ARP suppression: h1's ARP request for vm1 is answered by OVN on site Y, vm1 never sees it", async () => {
    const { demo } = need();
    const { lab } = demo;
    const h1 = demo.host('h1');
    const vm1 = demo.host('vm1');
    await ip(h1.netns, 'neigh', 'flush', 'dev', h1.iface);
    const atH1 = await startCapture(lab.run, { netns: h1.netns, iface: h1.iface, filter: 'arp', name: 'arp-h1.pcap' });
    const atVm1 = await startCapture(lab.run, { netns: vm1.netns, iface: vm1.iface, filter: 'arp', name: 'arp-vm1.pcap' });
    const under = await startCapture(lab.run, { netns: lab.x.netns, iface: 'ux0', filter: 'udp port 4789', name: 'arp-underlay.pcap' });
    const r = await ping(h1, vm1.ip, { count: 1, waitS: 2 });
    for (const c of [atH1, atVm1, under]) await c.stop();
    expect(r.received).toBe(1);
    const forVm1 = (p: { op: string; targetIp: string; senderIp: string }) => p.op === 'request' && p.targetIp === vm1.ip && p.senderIp === h1.ip;
    const h1Saw = await arpPackets(atH1.pcap);
    expect(h1Saw.filter(forVm1)).toHaveLength(1);
    expect(h1Saw.filter((p) => p.op === 'reply' && p.senderIp === vm1.ip && p.senderMac === vm1.mac)).toHaveLength(1);
    // The request did travel to Y (X floods it, as any BUM frame) ...
    const crossed = (await arpPackets(under.pcap)).filter(forVm1);
    expect(crossed.map((p) => `${p.outerSrc}->${p.outerDst} vni ${p.vni}`)).toEqual([`${lab.x.vtepIp}->${lab.y.vtepIp} vni 10`]);
    // ... where OVN's ARP responder answered it from vm1's LSP addresses: vm1 itself never saw it.
    expect((await arpPackets(atVm1.pcap)).filter(forVm1)).toEqual([]);
  });

  it("ARP suppression with --no-flood-unknown: OVN answers vm1's ARP for h1 from the EVPN LSP, nothing crosses VXLAN", async () => {
    const { demo } = need();
    const { lab, cli } = demo;
    const h1 = demo.host('h1');
    const vm1 = demo.host('vm1');
    const network = demo.networkId === null ? ['--logical-switch', demo.logicalSwitch] : ['--network-id', demo.networkId];
    // OVN (23.03) installs no ARP responder flows for a port whose addresses include "unknown", so the
    // default EVPN ports (MACs + unknown) cannot answer for remote IPs; with --no-flood-unknown they can.
    await cli.run(['network', 'del', '10']);
    await cli.run(['network', 'add', '--vni', '10', ...network, '--no-flood-unknown']);
    try {
      await waitSiteInOvn(demo, lab.x);
      const lsp = lspOf(await readEvpnObjects(lab.y), 10, lab.x.vtepIp);
      expect(lsp?.addresses).toEqual([`${h1.mac} ${h1.ip}`]);
      await waitReachable(vm1, h1.ip);
      await ip(vm1.netns, 'neigh', 'flush', 'dev', vm1.iface);
      const atVm1 = await startCapture(lab.run, { netns: vm1.netns, iface: vm1.iface, filter: 'arp', name: 'arp2-vm1.pcap' });
      const { value: r, packets, pcap } = await captureVxlan(lab.run, lab.x.netns, 'ux0', 'arp2-underlay.pcap', () => ping(vm1, h1.ip, { count: 1, waitS: 2 }));
      await atVm1.stop();
      expect(r.received).toBe(1);
      const vm1Saw = await arpPackets(atVm1.pcap);
      expect(vm1Saw.filter((p) => p.op === 'request' && p.targetIp === h1.ip && p.senderIp === vm1.ip)).toHaveLength(1);
      expect(vm1Saw.filter((p) => p.op === 'reply' && p.senderIp === h1.ip && p.senderMac === h1.mac)).toHaveLength(1);
      expect(packets.filter((p) => p.inner === 'icmp').length).toBeGreaterThanOrEqual(2); // the capture did run
      expect((await arpPackets(pcap)).filter((p) => p.targetIp === h1.ip)).toEqual([]);
      // Without "unknown" only unknown unicast stays home: broadcast still reaches the remote VTEP.
      const port = 40_000 + Math.floor(Math.random() * 20_000);
      const atH1 = await startCapture(lab.run, { netns: h1.netns, iface: h1.iface, filter: `udp port ${port}`, name: 'nfu-bcast-h1.pcap' });
      await sendUdpBroadcast(vm1, port, `no-flood-unknown-${port}`);
      await waitFor('the broadcast from vm1 to reach h1', async () => ((await readFields(atH1.pcap, ['ip.src'])).length > 0 ? true : undefined), { timeoutMs: 10_000, intervalMs: 100 });
      await atH1.stop();
    } finally {
      await cli.run(['network', 'del', '10']);
      await cli.run(['network', 'add', '--vni', '10', ...network]);
      await waitSiteInOvn(demo, lab.x);
    }
    expect(lspOf(await readEvpnObjects(lab.y), 10, lab.x.vtepIp)?.addresses).toEqual([`${h1.mac} ${h1.ip}`, 'unknown']);
  });

  it('auto-advertise: a VM port added with plain ovn-nbctl/ovs-vsctl is reachable from h1 with no evpnctl command; deleting it removes its MAC from FRR', async () => {
    const { demo } = need();
    const { lab } = demo;
    const { y } = lab;
    const h1 = demo.host('h1');
    const vm2 = await createHost(lab.run, { name: 'vm2', ip: '10.0.0.23', mac: '02:ac:10:ff:00:23' }, { peer: { netns: y.netns, name: 'vm2-p' } });
    const nbctl = (...args: string[]) => y.run(['ovn-nbctl', `--db=${y.nbRemote}`, ...args]);
    const t0 = performance.now();
    await nbctl('lsp-add', demo.logicalSwitch, 'vm2', '--', 'lsp-set-addresses', 'vm2', `${vm2.mac} ${vm2.ip}`);
    await y.run(['ovs-vsctl', `--db=${y.ovsDbRemote}`, 'add-port', 'br-int', 'vm2-p', '--', 'set', 'Interface', 'vm2-p', 'external_ids:iface-id=vm2']);
    await waitReachable(h1, vm2.ip);
    const reachableMs = performance.now() - t0;
    expect(await ping(h1, vm2.ip)).toMatchObject({ transmitted: 3, received: 3 });
    expect((await lab.frr.x?.evpnMacs(10))?.[vm2.mac]).toMatchObject({ type: 'remote', remoteVtep: y.vtepIp });
    const clients = await demo.cli.json<ClientView[]>(['client', 'list', '--vni', '10']);
    expect(clients).toContainEqual(expect.objectContaining({ mac: vm2.mac, ip: vm2.ip, source: 'ovn', port: 'vm2' }));
    const t1 = performance.now();
    await nbctl('lsp-del', 'vm2');
    await waitUntil(`vm2's MAC to leave FRR's FDB on site X`, async () => {
      const fdb = await fdbShow(lab.x.netns, lab.x.vtep.vxlanDev);
      return { ok: !fdb.some((e) => e.mac === vm2.mac), seen: fdb.filter((e) => e.mac === vm2.mac) };
    }, { timeoutMs: 15_000, intervalMs: 50 });
    const goneMs = performance.now() - t1;
    await y.run(['ovs-vsctl', `--db=${y.ovsDbRemote}`, 'del-port', 'br-int', 'vm2-p']);
    expect((await lab.frr.x?.evpnMacs(10))?.[vm2.mac]).toBeUndefined();
    console.info(`auto-advertise: vm2 reachable from h1 ${Math.round(reachableMs)} ms after lsp-add; MAC gone from X's FDB ${Math.round(goneMs)} ms after lsp-del`);
  });

  it('daemon restart: kill -9 and start again under a 0.1 s ping both ways: OVN forwards every packet, objects untouched', async () => {
    const { demo } = need();
    const { lab, daemon, cli } = demo;
    const frr = lab.frr.x;
    if (!frr) throw new Error('expected FRR on site X');
    const h1 = demo.host('h1');
    const vm1 = demo.host('vm1');
    await waitReachable(h1, vm1.ip);
    await waitReachable(vm1, h1.ip);
    const identity = async () => JSON.stringify([
      await lab.y.ovs.vsctl('--format=json', '--columns=_uuid,name,ofport,options', 'find', 'Interface', 'type=vxlan'),
      await lab.y.ovn.nbctl('--format=json', '--columns=_uuid,name,addresses', 'find', 'Logical_Switch_Port', 'external_ids:"evpnctl-managed"="true"'),
    ]);
    const objectsBefore = await identity();
    const dropped = async () => Number((await frr.neighbors())[lab.y.vtepIp]?.connectionsDropped ?? -1);
    const droppedBefore = await dropped();
    const count = 200; // 20 s at 0.1 s: the restart below must complete well inside it
    let tKilled = 0;
    let tSynced = 0;
    const t0 = performance.now();
    const { value: [a, b], packets } = await captureVxlan(lab.run, lab.x.netns, 'ux0', 'restart-underlay.pcap', async () => {
      const pings = Promise.all([ping(h1, vm1.ip, { count, intervalS: 0.1, waitS: 1 }), ping(vm1, h1.ip, { count, intervalS: 0.1, waitS: 1 })]);
      await sleep(1000); // let both pings run before the crash
      const oldPid = daemon.process.pid;
      await daemon.kill9();
      tKilled = performance.now() - t0;
      const status = await daemon.restart();
      expect(daemon.process.pid).not.toBe(oldPid);
      expect(status.neighbors.configured).toBe(1);
      await waitEstablished(cli, 30_000);
      // OVN programming resumes only once BGP relearned its routes (BgpService.initialSync).
      await waitUntil('the restarted daemon to leave the OVN start gate', async () => {
        const s = await cli.json<StatusView>(['status']);
        return { ok: s.ovn.state === 'ok', seen: s.ovn };
      }, { timeoutMs: 30_000, intervalMs: 100 });
      tSynced = performance.now() - t0;
      return pings;
    });
    const tEnd = performance.now() - t0;
    expect(tSynced).toBeLessThan(tEnd - 2000); // the pings covered the whole restart, with 2 s to spare
    expect(await dropped()).toBe(droppedBefore + 1); // the session did go down
    expect(await identity()).toBe(objectsBefore); // same vxlan interface (uuid, ofport) and LSPs: nothing re-created
    // On the wire between X and Y: what site Y (OVS/OVN, held by the daemon) sent must be complete.
    const echo = (src: string, type: 'icmp-req' | 'icmp-rep') => packets.filter((p) => p.src === src && p.vni === 10 && p.inner === 'icmp' && p.icmpType === (type === 'icmp-req' ? 8 : 0)).length;
    const fromY = { vm1Requests: echo(lab.y.vtepIp, 'icmp-req'), vm1Replies: echo(lab.y.vtepIp, 'icmp-rep') };
    const fromX = { h1Requests: echo(lab.x.vtepIp, 'icmp-req'), h1Replies: echo(lab.x.vtepIp, 'icmp-rep') };
    expect(fromY).toEqual({ vm1Requests: count, vm1Replies: fromX.h1Requests });
    // FRR 8.4 keeps no EVPN route of a peer whose session drops (its graceful-restart helper covers only
    // unicast/multicast/VPN SAFIs), so site X stops sending to Y until the new daemon re-advertised: bounded here.
    const lostAtX = { h1Requests: count - fromX.h1Requests, h1Replies: count - fromX.h1Replies };
    expect(lostAtX.h1Requests).toBeLessThanOrEqual(10);
    expect(lostAtX.h1Replies).toBeLessThanOrEqual(10);
    expect({ h1ToVm1: a.received, vm1ToH1: b.received }).toEqual({ h1ToVm1: count - lostAtX.h1Requests, vm1ToH1: count - lostAtX.h1Replies });
    await waitOvnInSite(demo, lab.x);
    console.info(`daemon restart: killed at ${Math.round(tKilled)} ms, re-synced at ${Math.round(tSynced)} ms; replies ${a.received}/${count} h1→vm1, `
      + `${b.received}/${count} vm1→h1; site Y forwarded everything, site X (FRR) dropped ${lostAtX.h1Requests}+${lostAtX.h1Replies} while it had no route`);
  });

  it(`neighbor down: with bgpd frozen the remote MACs and ports leave OVN within the ${HOLD_S} s hold time; bgpd restarted, they come back`, async () => {
    const { demo } = need();
    const { lab, cli } = demo;
    const frr = lab.frr.x;
    if (!frr) throw new Error('expected FRR on site X');
    await waitSiteInOvn(demo, lab.x);
    const fromX = async () => {
      const o = await readEvpnObjects(lab.y);
      return { lsp: lspOf(o, 10, lab.x.vtepIp), ports: o.vxlanPorts.filter((p) => p.remoteIp === lab.x.vtepIp) };
    };
    expect((await fromX()).ports).toHaveLength(1);
    // Frozen, bgpd neither sends a NOTIFICATION nor closes TCP: only our hold timer can notice.
    const t0 = performance.now();
    process.kill(frr.bgpd.pid, 'SIGSTOP');
    try {
      await waitUntil("site X's LSP and vxlan port to leave site Y", async () => {
        const now = await fromX();
        return { ok: now.lsp === undefined && now.ports.length === 0, seen: now };
      }, { timeoutMs: HOLD_S * 1000 + 10_000, intervalMs: 100 });
    } finally {
      process.kill(frr.bgpd.pid, 'SIGKILL'); // a stopped process still takes SIGKILL
    }
    const goneMs = performance.now() - t0;
    expect(goneMs).toBeLessThan(HOLD_S * 1000 + 2000);
    const n = (await cli.json<NeighborView[]>(['neighbor', 'list']))[0];
    expect(n?.state).not.toBe('established');
    expect((await cli.json<RouteView[]>(['route', 'list'])).filter((r) => r.from === lab.x.vtepIp)).toEqual([]);

    const t1 = performance.now();
    await frr.restartBgpd();
    await waitEstablished(cli, 60_000);
    await waitSiteInOvn(demo, lab.x);
    await waitOvnInSite(demo, lab.x);
    await waitReachable(demo.host('h1'), demo.host('vm1').ip);
    const backMs = performance.now() - t1;

    // A clean stop (SIGTERM: FRR sends a Cease NOTIFICATION) takes effect at once.
    const t2 = performance.now();
    await frr.bgpd.stop();
    await waitUntil("site X's LSP and vxlan port to leave site Y after bgpd's NOTIFICATION", async () => {
      const now = await fromX();
      return { ok: now.lsp === undefined && now.ports.length === 0, seen: now };
    }, { timeoutMs: HOLD_S * 1000 + 10_000, intervalMs: 100 });
    const goneCleanMs = performance.now() - t2;
    expect(goneCleanMs).toBeLessThan(HOLD_S * 1000);
    await frr.restartBgpd();
    await waitEstablished(cli, 60_000);
    await waitSiteInOvn(demo, lab.x);
    await waitReachable(demo.host('h1'), demo.host('vm1').ip);
    console.info(`neighbor down: frozen bgpd -> gone from OVN in ${Math.round(goneMs)} ms (hold ${HOLD_S} s); back ${Math.round(backMs)} ms after restart; `
      + `clean stop -> gone in ${Math.round(goneCleanMs)} ms`);
  });
});
