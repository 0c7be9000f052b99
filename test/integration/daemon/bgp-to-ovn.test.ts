// Acceptance of the OVN side through a real BGP session: routes originated by the table peer (a BGP
// speaker in the peer netns of a lab pair) reach the compiled `evpnctl daemon` (speaker netns, configured
// only with the CLI, --ovs-db/--ovn-nb-db on a private OvsSandbox), and everything is read back from OVS
// and the NB with JSON output. VTEP A is the peer itself; VTEP B is announced by it with another next hop
// and originating IP, as a route reflector would. Objects made beforehand with plain ovs-vsctl/ovn-nbctl
// must come out of every reconcile and batch unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientView } from '../../../src/core/model/views.js';
import { startBgpOvn, BRIDGE, type BgpOvn } from '../../support/bgp-ovn-fixture.js';
import { eventually } from '../../support/eventually.js';
import { managedDiff } from '../../support/managed-diff.js';
import { allLsps, allPgs, allPorts, foreignRows, isManaged } from '../../support/ovn-inspect.js';
import type { OvsSandbox } from '../../support/ovs-sandbox.js';
import { expectedPairs, type PeerRoute } from '../../support/peer-routes.js';

const VNI = 10;
const SWITCH = 'ls-evpn10';
const A = '192.168.100.1';
const B = '192.168.100.3';
const M1 = '02:ac:10:00:00:01';
const M2 = '02:ac:10:00:00:02';
const M3 = '02:ac:10:00:00:03';
const VM = { name: 'vm1', mac: '02:ac:10:ff:00:22', ip: '10.0.0.22' };
const FOREIGN_VM = { name: 'vm-foreign', mac: '02:ac:10:ff:00:99', ip: '10.0.0.99' };

const imet = (vtep: string): PeerRoute => ({ type: 3, vni: VNI, vtep, rd: `${vtep}:2` });
const mac = (vtep: string, m: string, ip: string | null, seq?: number): PeerRoute =>
  ({ type: 2, vni: VNI, vtep, rd: `${vtep}:2`, mac: m, ip, ...(seq !== undefined && { seq }) });

/** Objects the daemon does not own, on the mapped switch, another switch and br-int. */
async function foreignObjects(sb: OvsSandbox): Promise<void> {
  await sb.nbctl('ls-add', 'ls-other', '--', 'lsp-add', 'ls-other', 'other-vm', '--', 'lsp-set-addresses', 'other-vm', '02:ac:10:ee:00:01 10.1.0.1');
  await sb.nbctl('lsp-add', SWITCH, FOREIGN_VM.name, '--', 'lsp-set-addresses', FOREIGN_VM.name, `${FOREIGN_VM.mac} ${FOREIGN_VM.ip}`);
  await sb.nbctl('lsp-add', SWITCH, 'physnet', '--', 'lsp-set-type', 'physnet', 'localnet', '--', 'lsp-set-addresses', 'physnet', 'unknown',
    '--', 'lsp-set-options', 'physnet', 'network_name=phys');
  // Our naming, without our mark: not ours.
  await sb.nbctl('lsp-add', SWITCH, `evpn-${VNI}-192.168.100.9`, '--', 'lsp-set-addresses', `evpn-${VNI}-192.168.100.9`, '02:ac:10:dd:00:09');
  await sb.nbctl('pg-add', 'foreign_pg', FOREIGN_VM.name, '--', 'acl-add', 'foreign_pg', 'to-lport', '1000', 'ip4', 'allow-related');
  await sb.vsctl('add-port', BRIDGE, 'foreign-vm', '--', 'set', 'Interface', 'foreign-vm', 'type=internal', `external_ids:iface-id=${FOREIGN_VM.name}`);
  // A VXLAN port to VTEP A with our VNI, as someone else's tunnel: ours must be created beside it.
  await sb.vsctl('add-port', BRIDGE, 'vx-foreign', '--', 'set', 'Interface', 'vx-foreign', 'type=vxlan', `options:remote_ip=${A}`, `options:key=${VNI}`);
}

describe('BGP routes to OVN through the real daemon', () => {
  let t: BgpOvn | undefined;
  let before: Awaited<ReturnType<typeof foreignRows>>;
  const setup = (): BgpOvn => {
    if (t === undefined) throw new Error('expected the BGP-to-OVN setup to be running');
    return t;
  };
  const lsp = async (vtep: string) => (await allLsps(setup().sb)).find((l) => isManaged(l.ids) && l.name === `evpn-${VNI}-${vtep}`);
  const managedPorts = async () => (await allPorts(setup().sb)).filter((p) => isManaged(p.portIds));
  const ourRoutes = async (m: string) => (await setup().peer.received()).filter((r) => r.mac === m);
  const remoteClient = async (m: string) =>
    (await setup().daemon.json<ClientView[]>('client', 'list', '--vni', String(VNI))).find((c) => c.mac === m && c.source === 'remote');

  beforeAll(async () => {
    t = await startBgpOvn({
      description: 'integration bgp-to-ovn', networks: new Map([[VNI, SWITCH]]),
      prepare: async (sb) => {
        await foreignObjects(sb);
        before = await foreignRows(sb);
      },
    });
  });

  afterAll(async () => {
    await t?.down();
  });

  it('creates the VXLAN interface and the LSP of a remote VTEP from its type 3 and type 2 routes, MAC-only and MAC+IP merged', async () => {
    const { peer, local, daemon } = setup();
    await peer.announce({ routes: [imet(A), mac(A, M1, null), mac(A, M1, '10.0.0.11'), mac(A, M1, '10.0.0.12')] });
    // The NB and OVS writes are separate transactions: wait for both.
    const [l, ports] = await eventually(async () => {
      const found = await lsp(A);
      expect(found?.addresses).toEqual([`${M1} 10.0.0.11 10.0.0.12`, 'unknown']);
      const vxlan = await managedPorts();
      expect(vxlan).toHaveLength(1);
      return [found, vxlan] as const;
    });
    expect(l).toMatchObject({ switch: SWITCH, type: '', ids: { 'evpnctl-managed': 'true', 'evpnctl-vni': String(VNI), 'evpnctl-vtep': A } });
    expect(ports[0]).toMatchObject({ bridge: BRIDGE, type: 'vxlan', portIds: { 'evpnctl-managed': 'true', 'evpnctl-vni': String(VNI), 'evpnctl-vtep': A } });
    expect(ports[0]?.options).toEqual({ remote_ip: A, key: String(VNI), local_ip: local, dst_port: '4789' });
    expect(ports[0]?.ifaceIds).toEqual({ 'iface-id': `evpn-${VNI}-${A}`, 'evpnctl-managed': 'true', 'evpnctl-vni': String(VNI), 'evpnctl-vtep': A, 'evpnctl-key': String(VNI) });
    expect((await daemon.json<{ ovn: unknown }>('status')).ovn).toEqual({ state: 'ok', lastError: null });
  });

  it('takes a withdrawn type 2 out of the addresses: first one IP, then the MAC; the VTEP stays with its type 3', async () => {
    const { peer } = setup();
    await peer.withdraw({ routes: [mac(A, M1, '10.0.0.12')] });
    await eventually(async () => expect((await lsp(A))?.addresses).toEqual([`${M1} 10.0.0.11`, 'unknown']));
    await peer.withdraw({ routes: [mac(A, M1, null), mac(A, M1, '10.0.0.11')] });
    await eventually(async () => expect((await lsp(A))?.addresses).toEqual(['unknown']));
    expect((await managedPorts()).map((p) => p.options.remote_ip)).toEqual([A]);
  });

  it('removes the interface and the LSP when everything from the VTEP is withdrawn', async () => {
    const { peer } = setup();
    await peer.announce({ routes: [mac(A, M1, '10.0.0.11')] });
    await eventually(async () => expect((await lsp(A))?.addresses).toEqual([`${M1} 10.0.0.11`, 'unknown']));
    await peer.withdraw({ routes: [imet(A), mac(A, M1, '10.0.0.11')] });
    await eventually(async () => {
      expect(await lsp(A)).toBeUndefined();
      expect(await managedPorts()).toEqual([]);
    });
    expect((await allPgs(setup().sb)).find((g) => g.name === `evpn_vni_${VNI}`)?.ports).toEqual([]);
  });

  it('gives two VTEPs of one VNI two interfaces and two LSPs, both in the VNI Port_Group with the split-horizon ACL', async () => {
    const { peer, sb, local } = setup();
    const routes = [imet(A), mac(A, M2, '10.0.0.21'), imet(B), mac(B, M3, '10.0.0.31')];
    await peer.announce({ routes });
    await eventually(async () => expect((await lsp(B))?.addresses).toEqual([`${M3} 10.0.0.31`, 'unknown']));
    expect((await lsp(A))?.addresses).toEqual([`${M2} 10.0.0.21`, 'unknown']);
    expect((await managedPorts()).map((p) => p.options.remote_ip).sort()).toEqual([A, B]);
    const pg = (await allPgs(sb)).find((g) => g.name === `evpn_vni_${VNI}`);
    expect(pg?.ports).toEqual([`evpn-${VNI}-${A}`, `evpn-${VNI}-${B}`]);
    expect(pg?.acls).toEqual([{
      direction: 'to-lport', priority: 32000, action: 'drop',
      match: `inport == @evpn_vni_${VNI} && outport == @evpn_vni_${VNI} && flags.loopback == 0`,
      ids: { 'evpnctl-managed': 'true', 'evpnctl-vni': String(VNI) },
    }]);
    expect(await managedDiff(sb, { pairs: expectedPairs(routes, [VNI]), switches: new Map([[VNI, SWITCH]]), localVtep: local, bridge: BRIDGE }))
      .toEqual({ orphans: 0, missing: 0, samples: [] });
  });

  it('moves a MAC from VTEP A to VTEP B on a higher MAC Mobility sequence, and keeps it there when A withdraws', async () => {
    const { peer, daemon } = setup();
    await peer.announce({ routes: [mac(B, M2, '10.0.0.21', 1)] });
    await eventually(async () => {
      expect((await lsp(B))?.addresses).toEqual([`${M2} 10.0.0.21`, `${M3} 10.0.0.31`, 'unknown']);
      expect((await lsp(A))?.addresses).toEqual(['unknown']);
    });
    expect(await remoteClient(M2)).toMatchObject({ nextHop: B, source: 'remote' });
    // Both VTEPs' routes are best for their own RD; `used` names the one OVN follows (the higher sequence).
    const rows = (await daemon.routes('--type', '2')).filter((r) => r.mac === M2).map((r) => [r.nextHop, r.seq, r.best, r.used]);
    expect(rows.sort()).toEqual([[A, 0, true, false], [B, 1, true, true]]);
    expect((await daemon.cli('route', 'list', '--type', '2', '--wide')).stdout).toMatch(new RegExp(`^u\\*>\\s+2\\s+${B}:2\\s.*${M2}`, 'm'));
    await peer.withdraw({ routes: [mac(A, M2, '10.0.0.21')] });
    await eventually(async () => expect((await daemon.routes('--type', '2')).filter((r) => r.mac === M2).map((r) => r.nextHop)).toEqual([B]));
    expect((await lsp(B))?.addresses).toEqual([`${M2} 10.0.0.21`, `${M3} 10.0.0.31`, 'unknown']);
    expect((await lsp(A))?.addresses).toEqual(['unknown']);
  });

  it('takes a MAC out of the remote LSP once a VM LSP with it appears in the NB, and advertises it with a higher sequence', async () => {
    const { sb, peer, local } = setup();
    // The generic `set`: lsp-set-addresses refuses an IP that another port of the switch has, and the EVPN
    // LSP holds 10.0.0.31 until the daemon takes it away (a CMS writing the NB directly has no such check).
    await sb.nbctl('lsp-add', SWITCH, 'vm-m3', '--', 'set', 'Logical_Switch_Port', 'vm-m3', `addresses="${M3} 10.0.0.31"`);
    await eventually(async () => expect((await lsp(B))?.addresses).toEqual([`${M2} 10.0.0.21`, 'unknown']));
    // B's route carries no MAC Mobility community (sequence 0): ours must say 1 (RFC 7432 §15.1).
    await eventually(async () => expect((await ourRoutes(M3)).map((r) => [r.ip, r.nextHop, r.seq]).sort()).toEqual([[null, local, 1], ['10.0.0.31', local, 1]]));
    expect(await peer.received()).not.toContainEqual(expect.objectContaining({ mac: M2 }));
    // The VM goes again: B's route is the only claim left, and the MAC returns to B's LSP.
    await sb.nbctl('lsp-del', 'vm-m3');
    await eventually(async () => expect((await lsp(B))?.addresses).toEqual([`${M2} 10.0.0.21`, `${M3} 10.0.0.31`, 'unknown']));
    await eventually(async () => expect(await ourRoutes(M3)).toEqual([]));
  });

  it('imports none of our own routes sent back to us (our RD, our VTEP): no port to ourselves, shown as reflected', async () => {
    const { peer, daemon, local } = setup();
    const own: PeerRoute[] = [{ type: 3, vni: VNI, vtep: local, rd: `${local}:1` }, mac(local, VM.mac, VM.ip), { ...mac(A, M1, null), rd: `${local}:1` }];
    await peer.announce({ routes: own });
    await eventually(async () => expect((await daemon.routes()).filter((r) => r.reflected).map((r) => [r.type, r.nextHop, r.vni, r.used]).sort())
      .toEqual([[2, A, null, false], [2, local, null, false], [3, local, null, false]]));
    expect(await lsp(local)).toBeUndefined();
    expect((await managedPorts()).map((p) => p.options.remote_ip)).not.toContain(local);
    expect((await lsp(A))?.addresses).toEqual(['unknown']);
    await peer.withdraw({ routes: own });
    await eventually(async () => expect((await daemon.routes()).filter((r) => r.reflected)).toEqual([]));
  });

  it('advertises a VM LSP added with plain ovn-nbctl as type 2 routes, and withdraws them when the LSP is deleted', async () => {
    const { sb, local } = setup();
    await sb.nbctl('lsp-add', SWITCH, VM.name, '--', 'lsp-set-addresses', VM.name, `${VM.mac} ${VM.ip}`);
    await eventually(async () => expect((await ourRoutes(VM.mac)).sort((a, b) => String(a.ip).localeCompare(String(b.ip)))).toEqual([
      { type: 2, rd: `${local}:1`, mac: VM.mac, ip: VM.ip, originatorIp: null, nextHop: local, label: VNI, rts: [`65000:${VNI}`], seq: null },
      { type: 2, rd: `${local}:1`, mac: VM.mac, ip: null, originatorIp: null, nextHop: local, label: VNI, rts: [`65000:${VNI}`], seq: null },
    ]));
    await sb.nbctl('lsp-del', VM.name);
    await eventually(async () => expect(await ourRoutes(VM.mac)).toEqual([]));
  });

  it('ends with exactly what the routes ask for, and every object it does not own exactly as it was', async () => {
    const { sb, peer, local } = setup();
    const table = [imet(A), imet(B), mac(B, M2, '10.0.0.21', 1), mac(B, M3, '10.0.0.31')];
    expect(await managedDiff(sb, { pairs: expectedPairs(table, [VNI]), switches: new Map([[VNI, SWITCH]]), localVtep: local, bridge: BRIDGE }))
      .toEqual({ orphans: 0, missing: 0, samples: [] });
    expect(await foreignRows(sb)).toEqual(before);
    // The foreign VM port is a VM port of the mapped switch like any other: advertised, never changed.
    expect((await ourRoutes(FOREIGN_VM.mac)).map((r) => r.ip).sort()).toEqual([FOREIGN_VM.ip, null].sort());
    expect(await peer.received()).not.toContainEqual(expect.objectContaining({ mac: '02:ac:10:ee:00:01' })); // ls-other is not mapped
  });
});
