// Issue 9, items 4 and 5, through a real BGP session into the compiled daemon and real OVS/NB databases:
// the VXLAN key is the route's label (RFC 8365 §5.1.3), so a route imported into VNI 10 by an explicit
// --import-rt from VNI 20 gets a port with key 20; only a VTEP that sent a type 3 with ingress replication
// is in the flood list (RFC 8365 §9), one known only from type 2s gets its MACs and no BUM; a route whose
// Encapsulation EC names another tunnel type is not imported into the VXLAN EVI.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkView, RouteView, StatusView } from '../../../src/core/model/views.js';
import { startBgpOvn, type BgpOvn } from '../../support/bgp-ovn-fixture.js';
import { eventually } from '../../support/eventually.js';
import { allLsps, allPgs, allPorts, isManaged } from '../../support/ovn-inspect.js';
import type { PeerRoute } from '../../support/peer-routes.js';

const SWITCH = 'ls-evpn10';
const A = '192.168.100.1';
const B = '192.168.100.3';
const C = '192.168.100.4';

const imet = (vtep: string, vni: number): PeerRoute => ({ type: 3, vni, vtep, rd: `${vtep}:${vni}` });
const mac = (vtep: string, vni: number, m: string, ip: string | null, encap?: number): PeerRoute =>
  ({ type: 2, vni, vtep, rd: `${vtep}:${vni}`, mac: m, ip, ...(encap !== undefined && { encap }) });

describe('label keys, the flood list and the encapsulation through the real daemon', () => {
  let t: BgpOvn | undefined;
  const setup = (): BgpOvn => {
    if (t === undefined) throw new Error('expected the BGP-to-OVN setup to be running');
    return t;
  };
  const managedPorts = async () => (await allPorts(setup().sb)).filter((p) => isManaged(p.portIds));
  const lsp = async (name: string) => (await allLsps(setup().sb)).find((l) => isManaged(l.ids) && l.name === name);

  beforeAll(async () => {
    t = await startBgpOvn({
      description: 'integration bgp-to-ovn keys', networks: new Map([[10, SWITCH]]),
      networkArgs: new Map([[10, ['--import-rt', '65000:10', '--import-rt', '65000:20']]]), vswitchd: true,
    });
  });

  afterAll(async () => {
    await t?.down();
  });

  it('programs key 20 for routes of VNI 20 imported into VNI 10, beside key 10 for the same VTEP', async () => {
    const { peer } = setup();
    await peer.announce({ routes: [imet(A, 20), mac(A, 20, '02:ac:10:00:20:01', '10.0.0.201'), imet(A, 10), mac(A, 10, '02:ac:10:00:10:01', '10.0.0.101')] });
    const ports = await eventually(async () => {
      const ps = (await managedPorts()).filter((p) => p.options.remote_ip === A);
      expect(ps.map((p) => p.options.key).sort()).toEqual(['10', '20']);
      return ps;
    });
    const k20 = ports.find((p) => p.options.key === '20');
    expect(k20).toMatchObject({
      type: 'vxlan', ifaceIds: { 'iface-id': `evpn-10-${A}-k20`, 'evpnctl-key': '20', 'evpnctl-vni': '10', 'evpnctl-vtep': A },
      portIds: { 'evpnctl-key': '20', 'evpnctl-vni': '10' },
    });
    expect(ports.find((p) => p.options.key === '10')?.ifaceIds['iface-id']).toBe(`evpn-10-${A}`);
    expect((await lsp(`evpn-10-${A}-k20`))?.addresses).toEqual(['02:ac:10:00:20:01 10.0.0.201', 'unknown']);
    expect((await lsp(`evpn-10-${A}`))?.addresses).toEqual(['02:ac:10:00:10:01 10.0.0.101', 'unknown']);
    const routes = await setup().daemon.json<RouteView[]>('route', 'list', '--vni', '10');
    expect(routes.filter((r) => r.from === A && r.type === 2).map((r) => [r.mac, r.label]).sort()).toEqual([
      ['02:ac:10:00:10:01', 10], ['02:ac:10:00:20:01', 20],
    ]);
  });

  it('gives a VTEP known only from type 2s its MACs without unknown, in the no-flood group; its type 3 puts it in the flood list', async () => {
    const { peer } = setup();
    await peer.announce({ routes: [mac(B, 10, '02:ac:10:00:0b:01', '10.0.0.111')] });
    await eventually(async () => expect((await lsp(`evpn-10-${B}`))?.addresses).toEqual(['02:ac:10:00:0b:01 10.0.0.111']));
    const groups = await allPgs(setup().sb);
    const nf = groups.find((g) => g.name === 'evpn_noflood_10');
    expect(nf?.ports).toEqual([`evpn-10-${B}`]);
    expect(nf?.acls).toEqual([{
      direction: 'to-lport', priority: 32000, match: 'outport == @evpn_noflood_10 && eth.mcast', action: 'drop',
      ids: { 'evpnctl-managed': 'true', 'evpnctl-vni': '10', 'evpnctl-role': 'no-flood' },
    }]);
    expect(groups.find((g) => g.name === 'evpn_vni_10')?.ports).toContain(`evpn-10-${B}`);
    const net = await setup().daemon.json<NetworkView>('network', 'show', '10');
    expect(net.remoteVteps).toContain(B);
    expect(net.floodVteps).toEqual([A]);
    await peer.announce({ routes: [imet(B, 10)] });
    await eventually(async () => expect((await lsp(`evpn-10-${B}`))?.addresses).toEqual(['02:ac:10:00:0b:01 10.0.0.111', 'unknown']));
    await eventually(async () => expect((await allPgs(setup().sb)).some((g) => g.name === 'evpn_noflood_10')).toBe(false));
  });

  it('does not import a route whose Encapsulation EC names MPLS, and shows it with vni null', async () => {
    const { peer, daemon } = setup();
    await peer.announce({ routes: [mac(C, 10, '02:ac:10:00:0c:01', '10.0.0.121', 10)] });
    await eventually(async () => {
      const r = (await daemon.json<RouteView[]>('route', 'list')).find((x) => x.mac === '02:ac:10:00:0c:01');
      expect(r).toMatchObject({ from: A, vni: null });
    });
    expect((await managedPorts()).some((p) => p.options.remote_ip === C)).toBe(false);
    expect(await lsp(`evpn-10-${C}`)).toBeUndefined();
  });

  it('shows an error ovs-vswitchd writes into one of its interfaces as degraded in `evpnctl status`, with the message', async () => {
    const { sb, daemon } = setup();
    const port = (await managedPorts()).find((p) => p.options.remote_ip === A && p.options.key === '20');
    if (port === undefined) throw new Error('expected the key-20 port of VTEP A');
    expect((await daemon.json<StatusView>('status')).ovn).toEqual({ state: 'ok', lastError: null });
    await sb.vsctl('set', 'Interface', port.name, 'options:local_ip=fd00::2');
    const ovn = await eventually(async () => {
      const st = (await daemon.json<StatusView>('status')).ovn;
      expect(st.state).toBe('degraded');
      return st;
    });
    expect(ovn.problems).toEqual([expect.stringMatching(new RegExp(`^OVS interface ${port.name} \\(VNI 10, VTEP ${A}, key 20\\): .*address family`))]);
    const text = await daemon.ok('status');
    expect(text, text).toMatch(/OVN:\s+degraded: OVS interface .* address family/);
    await sb.vsctl('remove', 'Interface', port.name, 'options', 'local_ip');
    await eventually(async () => expect((await daemon.json<StatusView>('status')).ovn).toEqual({ state: 'ok', lastError: null }));
  });
});
