// Issue 9, items 3 and 5, end to end in network namespaces. An IPv6-only underlay (fd00:100::/64):
// site X is a Linux kernel VTEP with an IPv6 `local` and host h1, whose EVPN routes gobgpd carries with
// IPv6 next hop, originating IP and PMSI tunnel id (FRR 8.4 has no IPv6 VTEPs, see v6-underlay.ts);
// site Y is OVS netdev + OVN driven by `evpnctl daemon` with `speaker add --vtep-ip6` only. Pings cross
// in VXLAN over IPv6. Then X withdraws its type 3: known from its type 2 alone, it gets no BUM traffic
// from Y (captured on X's underlay), while h1's MAC stays reachable both ways.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkView, StatusView } from '../../src/core/model/views.js';
import { startEvpnctlDaemon, type EvpnctlDaemon } from '../../src/demo/daemon-process.js';
import { lspOf, readEvpnObjects } from '../../src/demo/site-y-state.js';
import { readFields, startCapture } from '../../src/lab/capture.js';
import { run } from '../../src/lab/exec.js';
import { ping, type Host } from '../../src/lab/hosts.js';
import { sendUdpBroadcast } from '../../src/lab/udp-broadcast.js';
import { sleep, waitFor, waitUntil } from '../../src/lab/wait.js';
import { SITE_X6, SITE_Y6 } from '../../src/lab/topology/plan.js';
import { buildV6UnderlayLab, learnedFrom, Y6_ROUTER_ID, type V6UnderlayLab } from '../../src/lab/topology/v6-underlay.js';
import { waitReachable } from '../../src/lab/topology/verify.js';
import { downAndVerify } from '../support/lab-teardown.js';

const X = SITE_X6.vtepIp;
const Y = SITE_Y6.vtepIp;

let lab: V6UnderlayLab | undefined;
let daemon: EvpnctlDaemon | undefined;

function need(): { lab: V6UnderlayLab; daemon: EvpnctlDaemon; h1: Host; vm1: Host } {
  const h1 = lab?.hosts.h1;
  const vm1 = lab?.hosts.vm1;
  if (!lab || !daemon || !h1 || !vm1) throw new Error('the IPv6 underlay lab was not built (see beforeAll)');
  return { lab, daemon, h1, vm1 };
}

beforeAll(async () => {
  lab = await buildV6UnderlayLab({ runOptions: { description: 'e2e IPv6 underlay' } });
  daemon = await startEvpnctlDaemon(lab.run, lab.y);
  await daemon.cli.run(['speaker', 'add', '--as', '65000', '--router-id', Y6_ROUTER_ID, '--vtep-ip6', Y]);
  await daemon.cli.run(['network', 'add', '--vni', '10', '--logical-switch', lab.y.logicalSwitch]);
  await daemon.cli.run(['neighbor', 'add', X, '--remote-as', '65000', '--local-address', Y, '--hold-time', '9']);
  await lab.gobgp.waitEstablished(Y);
  await lab.announceX();
});
afterAll(() => downAndVerify(lab));

/** Copies of a UDP datagram carrying `marker` in a pcap (inner frames of VXLAN included). */
async function copies(pcap: string, port: number, marker: string): Promise<Record<string, string>[]> {
  const hex = Buffer.from(marker).toString('hex');
  return (await readFields(pcap, ['ipv6.src', 'ipv6.dst', 'vxlan.vni', 'data.data'], `udp.port == ${port}`)).filter((r) => r['data.data'] === hex);
}

/** Sends a UDP broadcast from vm1 and returns the copies seen on X's underlay port after a bounded wait. */
async function broadcastFromVm1(tag: string): Promise<{ sent: number; onUnderlay: Record<string, string>[] }> {
  const { lab: l, vm1 } = need();
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  const marker = `evpnctl-v6-${tag}-${l.run.id}-${port}`;
  const atVm = await startCapture(l.run, { netns: vm1.netns, iface: vm1.iface, filter: `udp port ${port}`, name: `${tag}-vm1.pcap` });
  const atX = await startCapture(l.run, { netns: l.x.netns, iface: SITE_X6.underlayIface, filter: 'udp port 4789', name: `${tag}-ux.pcap` });
  await sendUdpBroadcast(vm1, port, marker);
  await waitFor('vm1 to send the broadcast', async () => ((await copies(atVm.pcap, port, marker)).length > 0 ? true : undefined), { timeoutMs: 10_000, intervalMs: 100 });
  // A copy towards X leaves Y within milliseconds; its absence can only be watched for over a bounded window.
  await sleep(1000);
  await atVm.stop();
  await atX.stop();
  return { sent: (await copies(atVm.pcap, port, marker)).length, onUnderlay: await copies(atX.pcap, port, marker) };
}

describe('IPv6-only underlay: OVN (evpnctl) <-> kernel VTEP (gobgpd)', () => {
  it('shows the IPv6 VTEP and programs an IPv6 port with our IPv6 VTEP as local_ip, which ovs-vswitchd accepts', async () => {
    const { lab: l, daemon: d, h1 } = need();
    expect((await d.cli.json<StatusView>(['status'])).speaker).toMatchObject({ vtepIp: Y, vtepIp4: null, vtepIp6: Y });
    const objects = await waitFor('the EVPN port and LSP of X on site Y', async () => {
      const o = await readEvpnObjects(l.y);
      const lsp = lspOf(o, 10, X);
      return lsp?.addresses.includes(`${h1.mac} ${h1.ip}`) === true && lsp.addresses.includes('unknown') && o.vxlanPorts.length === 1 ? o : undefined;
    }, { timeoutMs: 20_000, intervalMs: 100 });
    expect(objects.vxlanPorts[0]).toMatchObject({ remoteIp: X, key: '10', ifaceId: `evpn-10-${X}` });
    const name = objects.vxlanPorts[0]?.name ?? '';
    expect((await l.y.run(['ovs-vsctl', '--db', l.y.ovsDbRemote, 'get', 'Interface', name, 'options:local_ip'])).stdout.trim()).toBe(`"${Y}"`);
    await waitUntil('ovs-vswitchd to set the IPv6 port up with no error', async () => {
      const error = (await l.y.run(['ovs-vsctl', '--db', l.y.ovsDbRemote, 'get', 'Interface', name, 'error'])).stdout.trim();
      const ofport = Number((await l.y.run(['ovs-vsctl', '--db', l.y.ovsDbRemote, 'get', 'Interface', name, 'ofport'])).stdout.trim());
      return { ok: error === '[]' && ofport > 0, seen: { error, ofport } };
    }, { timeoutMs: 10_000, intervalMs: 100 });
    expect((await d.cli.json<StatusView>(['status'])).ovn).toEqual({ state: 'ok', lastError: null });
  });

  it('pings h1 <-> vm1 both ways, in VXLAN over IPv6 (VNI 10) on the underlay', async () => {
    const { lab: l, h1, vm1 } = need();
    // gobgpd (the real peer) accepted our routes with our IPv6 VTEP as next hop, originating IP and PMSI
    // tunnel id; X's kernel FDB is installed from them, as FRR's zebra would.
    const learned = await waitFor('gobgpd to hold our type 3 and vm1\'s MAC, both towards fd00:100::2', async () => {
      const got = learnedFrom(await l.gobgp.evpnRib(), Y);
      return got.floodVteps.includes(Y) && got.macs.some((m) => m.mac === vm1.mac) ? got : undefined;
    }, { timeoutMs: 15_000, intervalMs: 200 });
    expect(learned).toEqual({ floodVteps: [Y], macs: [{ mac: vm1.mac, vtep: Y }] });
    await l.installXFdbFromRoutes();
    const cap = await startCapture(l.run, { netns: l.x.netns, iface: SITE_X6.underlayIface, filter: 'udp port 4789', name: 'v6-ping.pcap' });
    await waitReachable(h1, vm1.ip);
    expect(await ping(h1, vm1.ip)).toMatchObject({ transmitted: 3, received: 3 });
    expect(await ping(vm1, h1.ip)).toMatchObject({ transmitted: 3, received: 3 });
    await cap.stop();
    const icmp = await readFields(cap.pcap, ['ipv6.src', 'ipv6.dst', 'vxlan.vni', 'ip.src', 'ip.dst'], 'vxlan && icmp');
    const outer = new Set(icmp.map((r) => `${r['ipv6.src']}->${r['ipv6.dst']} vni ${r['vxlan.vni']}`));
    // Both directions crossed in VXLAN VNI 10 over IPv6, and nothing else (no IPv4 outer header exists here).
    expect(outer).toEqual(new Set([`${X}->${Y} vni 10`, `${Y}->${X} vni 10`]));
    expect(new Set(icmp.map((r) => `${r['ip.src']}->${r['ip.dst']}`))).toEqual(new Set([`${h1.ip}->${vm1.ip}`, `${vm1.ip}->${h1.ip}`]));
  });

  it('floods BUM to X while it has its type 3 with ingress replication', async () => {
    const r = await broadcastFromVm1('flood');
    expect(r.sent).toBe(1);
    expect(r.onUnderlay.map((c) => `${c['ipv6.src']}->${c['ipv6.dst']} vni ${c['vxlan.vni']}`)).toEqual([`${Y}->${X} vni 10`]);
  });

  it('sends no BUM to X once it is known from type 2s only, and h1 stays reachable both ways', async () => {
    const { lab: l, daemon: d, h1, vm1 } = need();
    await l.withdrawXTypeThree();
    await waitUntil('X to leave the flood list: no unknown on its LSP, its LSP in evpn_noflood_10', async () => {
      const lsp = lspOf(await readEvpnObjects(l.y), 10, X);
      const group = (await l.y.ovn.nbctl('--bare', '--columns=ports', 'find', 'Port_Group', 'name=evpn_noflood_10')).trim();
      return { ok: lsp !== undefined && !lsp.addresses.includes('unknown') && group !== '', seen: { lsp, group } };
    }, { timeoutMs: 15_000, intervalMs: 100 });
    expect(await d.cli.json<NetworkView>(['network', 'show', '10'])).toMatchObject({ remoteVteps: [X], floodVteps: [] });
    const r = await broadcastFromVm1('noflood');
    expect(r.sent).toBe(1);
    expect(r.onUnderlay).toEqual([]);
    // Unicast to the MACs behind X still flows: OVN answers vm1's ARP for h1 (no unknown: its responder is on).
    await run(['ip', '-n', vm1.netns, 'neigh', 'flush', 'all']);
    expect(await ping(vm1, h1.ip)).toMatchObject({ transmitted: 3, received: 3 });
    expect(await ping(h1, vm1.ip)).toMatchObject({ transmitted: 3, received: 3 });
  });
});
