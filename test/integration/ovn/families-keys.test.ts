// The programmer and the interface monitor against real OVS (ovs-vswitchd on the netdev datapath) and a
// real OVN NB: ports of the right address family for IPv4 and IPv6 remote VTEPs (issue 9, item 3), the
// VXLAN key of the routes' label with its own port (item 4), objects of the naming before keys adopted,
// and every error ovs-vswitchd writes into a managed interface's `error` column shown as degraded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvpnEvent } from '../../../src/core/route-engine/evpn/events.js';
import { InterfaceMonitor } from '../../../src/core/ovn/interface-monitor.js';
import { OvnProgrammer } from '../../../src/core/ovn/programmer.js';
import { eventually } from '../../support/eventually.js';
import { allLsps, allPorts, isManaged } from '../../support/ovn-inspect.js';
import { OvsSandbox } from '../../support/ovs-sandbox.js';

const V4 = '192.168.100.1';
const V6 = 'fd00:100::1';
const LOCAL4 = '192.168.100.2';
const LOCAL6 = 'fd00:100::2';
const OLD_IDS = { 'evpnctl-managed': 'true', 'evpnctl-vni': '10', 'evpnctl-vtep': V4 };

describe('VTEP families, label keys and interface errors on real OVS and OVN', () => {
  let sb: OvsSandbox;
  let prog: OvnProgrammer;
  let ifaces: InterfaceMonitor;
  let oldPortUuid: string;

  beforeAll(async () => {
    sb = await OvsSandbox.start({ vswitchd: true });
    await sb.nbctl('ls-add', 'ls0');
    // What an evpnctl before keys existed left for (VNI 10, V4): same names, no evpnctl-key.
    const ids = Object.entries(OLD_IDS).map(([k, v]) => `external_ids:${k}=${v}`);
    await sb.vsctl('add-port', sb.bridge, 'v00000ac0a86401', '--', 'set', 'Interface', 'v00000ac0a86401', 'type=vxlan',
      `options:remote_ip=${V4}`, 'options:key=10', 'options:dst_port=4789', `options:local_ip=${LOCAL4}`, `external_ids:iface-id=evpn-10-${V4}`, ...ids,
      '--', 'set', 'Port', 'v00000ac0a86401', ...ids);
    await sb.nbctl('lsp-add', 'ls0', `evpn-10-${V4}`, '--', 'set', 'Logical_Switch_Port', `evpn-10-${V4}`, ...ids);
    oldPortUuid = (await sb.vsctl('get', 'Interface', 'v00000ac0a86401', '_uuid')).trim();
    prog = new OvnProgrammer({ ovsDb: sb.ovsDb, nbDb: sb.nbDb, bridge: sb.bridge });
    prog.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], { ipv4: LOCAL4, ipv6: LOCAL6 });
    ifaces = new InterfaceMonitor({ ovsDb: sb.ovsDb });
    ifaces.start();
    // As in the daemon, the routes are in before programming starts (BgpService.initialSync).
    prog.apply([
      { type: 'vtep-added', vni: 10, vtep: V4 },
      { type: 'vtep-added', vni: 10, vtep: V6 },
      { type: 'mac-added', vni: 10, mac: '02:ac:10:00:00:04', ips: ['10.0.0.4'], vtep: V4, seq: 0, sticky: false },
      { type: 'mac-added', vni: 10, mac: '02:ac:10:00:00:06', ips: ['10.0.0.6'], vtep: V6, seq: 0, sticky: false },
    ]);
    await prog.start();
    await prog.flush();
  });

  afterAll(async () => {
    await ifaces?.stop();
    await prog?.stop();
    await sb?.stop();
  });

  const apply = async (events: EvpnEvent[]): Promise<void> => {
    prog.apply(events);
    await prog.flush();
  };
  const managedPorts = async () => (await allPorts(sb)).filter((p) => isManaged(p.portIds)).sort((a, b) => a.name.localeCompare(b.name));

  it('gives IPv4 and IPv6 remote VTEPs ports with a local_ip of their own family, which ovs-vswitchd accepts', async () => {
    const ports = await managedPorts();
    expect(ports.map((p) => [p.options.remote_ip, p.options.local_ip, p.options.key])).toEqual(expect.arrayContaining([
      [V4, LOCAL4, '10'], [V6, LOCAL6, '10'],
    ]));
    expect(ports).toHaveLength(2);
    // ovs-vswitchd has set both up: an ofport and no error.
    await eventually(async () => {
      for (const p of ports) expect(Number((await sb.vsctl('get', 'Interface', p.name, 'ofport')).trim())).toBeGreaterThan(0);
    });
    await ifaces.until(() => true);
    expect(ifaces.errors()).toEqual([]);
    expect(ifaces.status()).toMatchObject({ state: 'ok', problems: [] });
    expect(prog.status()).toEqual({ state: 'ok', lastError: null });
  });

  it('adopted the port and LSP of the naming before keys (same rows) and completed their external_ids', async () => {
    const ports = await managedPorts();
    const old = ports.find((p) => p.name === 'v00000ac0a86401');
    expect(old?.portIds).toMatchObject({ ...OLD_IDS, 'evpnctl-key': '10' });
    expect((await sb.vsctl('get', 'Interface', 'v00000ac0a86401', '_uuid')).trim()).toBe(oldPortUuid);
    const lsps = (await allLsps(sb)).filter((l) => isManaged(l.ids));
    expect(lsps.filter((l) => l.ids['evpnctl-vtep'] === V4).map((l) => [l.name, l.ids['evpnctl-key']])).toEqual([[`evpn-10-${V4}`, '10']]);
  });

  it('programs the key a route\'s label carries: a second port and LSP for (VNI 10, VTEP, key 20)', async () => {
    await apply([
      { type: 'vtep-added', vni: 10, vtep: V4, key: 20 },
      { type: 'mac-added', vni: 10, mac: '02:ac:10:00:00:20', ips: ['10.0.0.20'], vtep: V4, key: 20, seq: 0, sticky: false },
    ]);
    const ports = (await managedPorts()).filter((p) => p.options.remote_ip === V4);
    expect(ports.map((p) => [p.options.key, p.ifaceIds['iface-id'], p.portIds['evpnctl-key']]).sort()).toEqual([
      ['10', `evpn-10-${V4}`, '10'], ['20', `evpn-10-${V4}-k20`, '20'],
    ]);
    const k20 = ports.find((p) => p.options.key === '20');
    expect(k20?.name).toMatch(/^k[0-9a-f]{14}$/);
    const lsp = (await allLsps(sb)).find((l) => l.name === `evpn-10-${V4}-k20`);
    expect(lsp).toMatchObject({ switch: 'ls0', addresses: ['02:ac:10:00:00:20 10.0.0.20', 'unknown'], ids: { 'evpnctl-key': '20', 'evpnctl-vni': '10' } });
    await eventually(async () => expect(Number((await sb.vsctl('get', 'Interface', k20?.name ?? '', 'ofport')).trim())).toBeGreaterThan(0));
    await apply([{ type: 'vtep-removed', vni: 10, vtep: V4, key: 20 }]);
    expect((await managedPorts()).filter((p) => p.options.key === '20')).toEqual([]);
  });

  it('leaves out a remote of a family we have no VTEP in, and says so in the status', async () => {
    prog.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], { ipv4: LOCAL4, ipv6: null });
    await prog.flush();
    expect((await managedPorts()).map((p) => p.options.remote_ip)).toEqual([V4]);
    expect((await allLsps(sb)).some((l) => l.name === `evpn-10-${V6}`)).toBe(false);
    expect(prog.status()).toMatchObject({
      state: 'degraded', problems: [expect.stringMatching(/remote VTEP fd00:100::1 \(VNI 10, key 10\) is IPv6 but the speaker has no IPv6 VTEP/)],
    });
    prog.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], { ipv4: LOCAL4, ipv6: LOCAL6 });
    await prog.flush();
    expect((await managedPorts()).map((p) => p.options.remote_ip).sort()).toEqual([V4, V6]);
    expect(prog.status()).toEqual({ state: 'ok', lastError: null });
  });

  it('shows an error ovs-vswitchd writes into a managed interface as degraded, with its message, until it clears', async () => {
    const v4port = (await managedPorts()).find((p) => p.options.remote_ip === V4 && p.options.key === '10');
    if (v4port === undefined) throw new Error('expected the IPv4 port');
    // Someone sets a local_ip of the other family by hand: ovs-vswitchd refuses the tunnel config.
    await sb.vsctl('set', 'Interface', v4port.name, `options:local_ip=${LOCAL6}`);
    await ifaces.until((errors) => errors.length > 0);
    expect(ifaces.errors()).toEqual([{ name: v4port.name, vni: 10, vtep: V4, key: 10, error: expect.stringMatching(/address family/) }]);
    const st = ifaces.status();
    expect(st.state).toBe('degraded');
    expect(st.problems).toEqual([expect.stringMatching(new RegExp(`^OVS interface ${v4port.name} \\(VNI 10, VTEP ${V4}, key 10\\): .*address family`))]);
    // A reconcile puts our options back; ovs-vswitchd clears the column and the problem goes.
    prog.resync();
    await prog.flush();
    await ifaces.until((errors) => errors.length === 0);
    expect(ifaces.status()).toMatchObject({ state: 'ok', problems: [] });
  });
});
