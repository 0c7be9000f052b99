// The programmer against real ovsdb-servers (OVS conf.db with ovs-vswitchd on the netdev datapath, and
// an OVN NB): ports, LSPs, the split-horizon group, withdrawals, MAC moves, and foreign objects left alone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvpnEvent } from '../../../src/core/route-engine/evpn/events.js';
import { OvnProgrammer } from '../../../src/core/ovn/programmer.js';
import { OvsSandbox } from '../../support/ovs-sandbox.js';
import { aclCount, allLsps, allPgs, allPorts, isManaged } from '../../support/ovn-inspect.js';

const A = '192.168.100.1';
const B = '192.168.100.3';
const LOCAL = '192.168.100.2';

describe('OvnProgrammer on real OVS and OVN NB databases', () => {
  let sb: OvsSandbox;
  let prog: OvnProgrammer;

  beforeAll(async () => {
    sb = await OvsSandbox.start({ vswitchd: true });
    await sb.nbctl('ls-add', 'ls0', '--', 'ls-add', 'ls1');
    // Foreign objects that must survive every reconcile.
    await sb.nbctl('lsp-add', 'ls0', 'vm1', '--', 'lsp-set-addresses', 'vm1', '02:ac:10:ff:00:22 10.0.0.22');
    await sb.nbctl('lsp-add', 'ls0', 'evpn-like-but-foreign');
    await sb.nbctl('pg-add', 'foreign_pg', 'vm1');
    await sb.nbctl('acl-add', 'foreign_pg', 'from-lport', '1000', 'ip4', 'allow');
    await sb.vsctl('add-port', sb.bridge, 'vm1-p', '--', 'set', 'Interface', 'vm1-p', 'type=internal', 'external_ids:iface-id=vm1');
    prog = new OvnProgrammer({ ovsDb: sb.ovsDb, nbDb: sb.nbDb, bridge: sb.bridge });
    prog.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], LOCAL);
    await prog.start();
  });

  afterAll(async () => {
    await prog?.stop();
    await sb?.stop();
  });

  const apply = async (events: EvpnEvent[]): Promise<void> => {
    prog.apply(events);
    await prog.flush();
  };
  const managedLsps = async () => (await allLsps(sb)).filter((l) => isManaged(l.ids)).sort((a, b) => a.name.localeCompare(b.name));

  it('starts ok with nothing to do', () => {
    expect(prog.status()).toEqual({ state: 'ok', lastError: null });
  });

  it('creates a VXLAN interface and an LSP per remote VTEP, with the port group and split-horizon ACL', async () => {
    await apply([
      { type: 'vtep-added', vni: 10, vtep: A },
      { type: 'vtep-added', vni: 10, vtep: B },
      { type: 'mac-added', vni: 10, mac: '02:ac:10:ff:00:11', ips: ['10.0.0.11'], vtep: A, seq: 0, sticky: false },
      { type: 'mac-added', vni: 10, mac: '02:ac:10:ff:00:12', ips: [], vtep: A, seq: 0, sticky: false },
      { type: 'mac-added', vni: 10, mac: '02:ac:10:ff:00:33', ips: ['10.0.0.33', 'fd00::33'], vtep: B, seq: 0, sticky: false },
    ]);
    const ports = (await allPorts(sb)).filter((p) => isManaged(p.portIds));
    expect(ports.map((p) => p.name).sort()).toEqual(['v00000ac0a86401', 'v00000ac0a86403']);
    const pa = ports.find((p) => p.name === 'v00000ac0a86401');
    expect(pa).toMatchObject({
      bridge: sb.bridge, type: 'vxlan',
      options: { remote_ip: A, key: '10', local_ip: LOCAL, dst_port: '4789' },
      ifaceIds: { 'iface-id': `evpn-10-${A}`, 'evpnctl-managed': 'true', 'evpnctl-vni': '10', 'evpnctl-vtep': A },
    });
    const lsps = await managedLsps();
    expect(lsps.map((l) => [l.name, l.switch, l.type, l.addresses])).toEqual([
      [`evpn-10-${A}`, 'ls0', '', ['02:ac:10:ff:00:11 10.0.0.11', '02:ac:10:ff:00:12', 'unknown']],
      [`evpn-10-${B}`, 'ls0', '', ['02:ac:10:ff:00:33 10.0.0.33 fd00::33', 'unknown']],
    ]);
    const pg = (await allPgs(sb)).find((g) => g.name === 'evpn_vni_10');
    expect(pg?.ports).toEqual([`evpn-10-${A}`, `evpn-10-${B}`]);
    expect(pg?.acls).toEqual([{
      direction: 'to-lport', priority: 32000, match: 'inport == @evpn_vni_10 && outport == @evpn_vni_10 && flags.loopback == 0', action: 'drop',
      ids: { 'evpnctl-managed': 'true', 'evpnctl-vni': '10' },
    }]);
    expect(pg?.ids).toMatchObject({ 'evpnctl-managed': 'true' });
    const st = prog.stats();
    expect(st.spawns.vsctl).toBeLessThanOrEqual(3);
    expect(st.spawns.nbctl).toBeLessThanOrEqual(3);
  });

  it('moves a MAC between VTEPs, keeping it in exactly one EVPN LSP, and drops it when it becomes local', async () => {
    await apply([{ type: 'mac-moved', vni: 10, mac: '02:ac:10:ff:00:11', ips: ['10.0.0.11'], from: A, vtep: B, seq: 1, sticky: false }]);
    let lsps = await managedLsps();
    expect(lsps.find((l) => l.name === `evpn-10-${A}`)?.addresses).toEqual(['02:ac:10:ff:00:12', 'unknown']);
    expect(lsps.find((l) => l.name === `evpn-10-${B}`)?.addresses).toEqual(['02:ac:10:ff:00:11 10.0.0.11', '02:ac:10:ff:00:33 10.0.0.33 fd00::33', 'unknown']);
    // A stale removal from the old VTEP must not remove the moved MAC.
    await apply([{ type: 'mac-removed', vni: 10, mac: '02:ac:10:ff:00:11', vtep: A }]);
    lsps = await managedLsps();
    expect(lsps.find((l) => l.name === `evpn-10-${B}`)?.addresses).toContain('02:ac:10:ff:00:11 10.0.0.11');
    // Best path now local: removed from B.
    await apply([{ type: 'mac-removed', vni: 10, mac: '02:ac:10:ff:00:11', vtep: B }]);
    lsps = await managedLsps();
    expect(lsps.flatMap((l) => l.addresses).filter((a) => a.startsWith('02:ac:10:ff:00:11'))).toEqual([]);
  });

  it('withdrawing a VTEP removes its interface, LSP and group membership', async () => {
    await apply([{ type: 'vtep-removed', vni: 10, vtep: A }]);
    expect((await allPorts(sb)).filter((p) => isManaged(p.portIds)).map((p) => p.name)).toEqual(['v00000ac0a86403']);
    expect((await managedLsps()).map((l) => l.name)).toEqual([`evpn-10-${B}`]);
    expect((await allPgs(sb)).find((g) => g.name === 'evpn_vni_10')?.ports).toEqual([`evpn-10-${B}`]);
  });

  it('repairs drift on reconcile and never touches foreign objects', async () => {
    // Drift: a managed LSP's addresses edited, a managed port's option changed, an orphan managed LSP added.
    await sb.nbctl('lsp-set-addresses', `evpn-10-${B}`, 'unknown');
    await sb.vsctl('set', 'Interface', 'v00000ac0a86403', 'options:key=99');
    await sb.nbctl('lsp-add', 'ls0', 'evpn-10-10.9.9.9', '--', 'set', 'Logical_Switch_Port', 'evpn-10-10.9.9.9',
      'external_ids:evpnctl-managed=true', 'external_ids:evpnctl-vni=10', 'external_ids:evpnctl-vtep=10.9.9.9');
    prog.resync();
    await prog.flush();
    const lsps = await allLsps(sb);
    expect(lsps.filter((l) => isManaged(l.ids)).map((l) => [l.name, l.addresses])).toEqual([
      [`evpn-10-${B}`, ['02:ac:10:ff:00:33 10.0.0.33 fd00::33', 'unknown']],
    ]);
    expect((await allPorts(sb)).find((p) => p.name === 'v00000ac0a86403')?.options.key).toBe('10');
    // Foreign objects unchanged.
    expect(lsps.find((l) => l.name === 'vm1')?.addresses).toEqual(['02:ac:10:ff:00:22 10.0.0.22']);
    expect(lsps.some((l) => l.name === 'evpn-like-but-foreign')).toBe(true);
    const foreign = (await allPgs(sb)).find((g) => g.name === 'foreign_pg');
    expect(foreign?.ports).toEqual(['vm1']);
    expect(foreign?.acls.map((a) => a.match)).toEqual(['ip4']);
    expect((await allPorts(sb)).find((p) => p.name === 'vm1-p')?.ifaceIds['iface-id']).toBe('vm1');
  });

  it('moves the EVPN ports when the network is mapped to another switch', async () => {
    prog.setNetworks([{ vni: 10, logicalSwitch: 'ls1', floodUnknown: true }], LOCAL);
    await prog.flush();
    expect((await managedLsps()).map((l) => [l.name, l.switch, l.addresses])).toEqual([
      [`evpn-10-${B}`, 'ls1', ['02:ac:10:ff:00:33 10.0.0.33 fd00::33', 'unknown']],
    ]);
    expect((await allPgs(sb)).find((g) => g.name === 'evpn_vni_10')?.ports).toEqual([`evpn-10-${B}`]);
  });

  it('removing the network removes everything for its VNI, and only that', async () => {
    prog.setNetworks([], LOCAL);
    await prog.flush();
    expect((await allPorts(sb)).filter((p) => isManaged(p.portIds))).toEqual([]);
    expect(await managedLsps()).toEqual([]);
    expect((await allPgs(sb)).map((g) => g.name)).toEqual(['foreign_pg']);
    expect(await aclCount(sb)).toBe(1);
    expect((await allLsps(sb)).map((l) => l.name).sort()).toEqual(['evpn-like-but-foreign', 'vm1']);
    expect((await allPorts(sb)).map((p) => p.name).sort()).toEqual([sb.bridge, 'vm1-p'].sort());
  });
});
