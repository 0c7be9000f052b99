// Owners on real OVS and NB databases (issue 10): objects written before owners existed are adopted once;
// another chassis's objects are never modified or deleted (a conflict is reported instead); in an HA group a
// takeover moves the group's objects to the new chassis (requested-chassis) without duplicating them; a
// fenced programmer cannot write once its token is replaced; removeLocalPorts takes only our ports.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { EvpnEvent } from '../../../src/core/route-engine/evpn/events.js';
import { fenceExpects, fenceWaitOp, type FenceToken } from '../../../src/core/ovn/ha-fence.js';
import type { NbFence } from '../../../src/core/ovn/exec.js';
import type { Owner } from '../../../src/core/ovn/owner.js';
import { OvnProgrammer } from '../../../src/core/ovn/programmer.js';
import { OvsSandbox } from '../../support/ovs-sandbox.js';
import { allLsps, allPgs, allPorts } from '../../support/ovn-inspect.js';
import { eventually } from '../../support/eventually.js';

const A = '192.168.100.1';
const LOCAL = '192.168.100.2';
const vtepUp = (vni: number): EvpnEvent => ({ type: 'vtep-added', vni, vtep: A });
const mac = (vni: number, m: string): EvpnEvent => ({ type: 'mac-added', vni, mac: m, ips: [], vtep: A, seq: 0, sticky: false });

describe('owners of managed objects on real databases', () => {
  let sb: OvsSandbox;
  const running: OvnProgrammer[] = [];
  beforeAll(async () => {
    sb = await OvsSandbox.start();
    await sb.nbctl('ls-add', 'ls0', '--', 'ls-add', 'ls1', '--', 'ls-add', 'ls2');
  });
  afterEach(async () => {
    for (const p of running.splice(0)) await p.stop();
  });
  afterAll(async () => {
    await sb?.stop();
  });

  const programmer = async (owner: Owner | undefined, vni: number, ls: string, events: EvpnEvent[], nbFence?: () => NbFence): Promise<OvnProgrammer> => {
    const p = new OvnProgrammer({ ovsDb: sb.ovsDb, nbDb: sb.nbDb, bridge: sb.bridge, ...(owner ? { owner } : {}), ...(nbFence ? { nbFence } : {}) });
    running.push(p);
    p.setNetworks([{ vni, logicalSwitch: ls, floodUnknown: true }], LOCAL);
    p.apply(events);
    await p.start();
    await p.flush();
    return p;
  };
  const lspOf = async (vni: number) => (await allLsps(sb)).filter((l) => l.ids['evpnctl-vni'] === String(vni));

  it('adopts objects written before owners existed, once, without duplicating them', async () => {
    const legacy = await programmer(undefined, 10, 'ls0', [vtepUp(10), mac(10, '02:00:00:00:10:01')]);
    await legacy.stop();
    const before = await lspOf(10);
    expect(before).toHaveLength(1);
    expect(before[0]?.ids['evpnctl-chassis']).toBeUndefined();
    const p = await programmer({ chassis: 'gw1', group: null }, 10, 'ls0', [vtepUp(10), mac(10, '02:00:00:00:10:01')]);
    const after = await lspOf(10);
    expect(after.map((l) => [l.uuid, l.ids['evpnctl-chassis']])).toEqual([[before[0]?.uuid, 'gw1']]);
    const pg = (await allPgs(sb)).find((g) => g.name === 'evpn_vni_10');
    expect(pg?.ids['evpnctl-chassis']).toBe('gw1');
    expect(pg?.acls.map((a) => a.ids['evpnctl-chassis'])).toEqual(['gw1']);
    expect((await allPorts(sb)).filter((x) => x.portIds['evpnctl-vni'] === '10').map((x) => x.portIds['evpnctl-chassis'])).toEqual(['gw1']);
    expect(p.status().state).toBe('ok');
  });

  it('never modifies or deletes another chassis\'s objects: a same-named pair is a reported conflict', async () => {
    await programmer({ chassis: 'gw1', group: null }, 10, 'ls0', [vtepUp(10), mac(10, '02:00:00:00:10:01')]);
    const snapshot = JSON.stringify([await lspOf(10), (await allPgs(sb)).filter((g) => g.name === 'evpn_vni_10')]);
    // gw2 wants the same pair with another MAC, and nothing of VNI 10 after that: neither may touch gw1's objects.
    const other = await programmer({ chassis: 'gw2', group: null }, 10, 'ls0', [vtepUp(10), mac(10, '02:00:00:00:10:99')]);
    expect(other.status()).toMatchObject({ state: 'degraded' });
    expect(other.status().problems).toEqual(expect.arrayContaining([
      `VNI 10 VTEP ${A}: LSP evpn-10-${A} belongs to another chassis or HA group; not programmed`,
      'VNI 10: Port_Group evpn_vni_10 belongs to another chassis or HA group; not programmed',
    ]));
    other.setNetworks([], LOCAL);
    await other.flush();
    expect(JSON.stringify([await lspOf(10), (await allPgs(sb)).filter((g) => g.name === 'evpn_vni_10')])).toBe(snapshot);
  });

  it('in an HA group a takeover moves the group\'s objects to the new chassis and pins their binding there', async () => {
    const events = [vtepUp(20), mac(20, '02:00:00:00:20:01')];
    const g1 = await programmer({ chassis: 'gw1', group: 'g' }, 20, 'ls1', events);
    const [first] = await lspOf(20);
    expect(first?.ids).toMatchObject({ 'evpnctl-chassis': 'gw1', 'evpnctl-group': 'g' });
    expect((await sb.nbctl('get', 'Logical_Switch_Port', `evpn-20-${A}`, 'options:requested-chassis')).trim()).toBe('gw1');
    await g1.stop();
    await programmer({ chassis: 'gw2', group: 'g' }, 20, 'ls1', events);
    const after = await lspOf(20);
    expect(after.map((l) => [l.uuid, l.ids['evpnctl-chassis'], l.ids['evpnctl-group']])).toEqual([[first?.uuid, 'gw2', 'g']]);
    expect((await sb.nbctl('get', 'Logical_Switch_Port', `evpn-20-${A}`, 'options:requested-chassis')).trim()).toBe('gw2');
  });

  it('a fenced programmer writes while its token stands, and nothing once another chassis replaced it', async () => {
    await sb.nbctl('--if-exists', 'set', 'NB_Global', '.', 'external_ids:"evpnctl-fence.f.1"=gw1');
    if ((await sb.nbctl('list', 'NB_Global')).trim() === '') await sb.nbctl('create', 'NB_Global', 'external_ids:"evpnctl-fence.f.1"=gw1');
    const token: FenceToken = { group: 'f', epoch: 1, chassis: 'gw1' };
    const p = await programmer({ chassis: 'gw1', group: 'f' }, 30, 'ls2', [vtepUp(30)], () => ({ op: fenceWaitOp(token), expects: fenceExpects(token) }));
    expect(p.status().state).toBe('ok');
    expect(await lspOf(30)).toHaveLength(1);
    // The takeover of chassis gw2 replaces the token (what HaLock's claim does, here by hand).
    await sb.nbctl('remove', 'NB_Global', '.', 'external_ids', '"evpnctl-fence.f.1"', '--', 'set', 'NB_Global', '.', 'external_ids:"evpnctl-fence.f.2"=gw2');
    p.apply([mac(30, '02:00:00:00:30:01')]);
    await eventually(() => expect(p.status().state).toBe('degraded'));
    expect(p.status().detail).toMatch(/expected the HA fence token evpnctl-fence\.f\.1 = "gw1" in NB_Global \(this daemon the group's active writer\), got it replaced by a newer claim \(timed out: "where" clause test failed\); the transaction was refused whole/);
    expect((await lspOf(30))[0]?.addresses).toEqual(['unknown']);
  });

  it('removeLocalPorts deletes our OVS ports only, after a stop', async () => {
    const p = await programmer({ chassis: 'gw1', group: null }, 10, 'ls0', [vtepUp(10)]);
    await sb.vsctl('add-port', sb.bridge, 'foreign-vx', '--', 'set', 'Port', 'foreign-vx',
      'external_ids:evpnctl-managed=true', 'external_ids:evpnctl-vni=10', `external_ids:evpnctl-vtep=192.168.100.9`, 'external_ids:evpnctl-chassis=gw9');
    await expect(p.removeLocalPorts()).rejects.toThrow(/expected a stopped programmer/);
    await p.stop();
    expect(await p.removeLocalPorts()).toBe(1);
    const left = await allPorts(sb);
    expect(left.filter((x) => x.portIds['evpnctl-chassis'] === 'gw1' && x.portIds['evpnctl-group'] === undefined)).toEqual([]);
    expect(left.map((x) => x.name)).toContain('foreign-vx');
    // The HA groups' ports of the earlier tests are not ours either (gw1 is not in a group here).
    expect(left.filter((x) => x.portIds['evpnctl-group'] !== undefined)).toHaveLength(2);
    expect(await lspOf(10)).toHaveLength(1); // the NB is the next active's to keep
  });
});
