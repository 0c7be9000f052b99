import { describe, expect, it } from 'vitest';
import type { EvpnEvent } from '../../../../src/core/route-engine/evpn/events.js';
import { DesiredModel } from '../../../../src/core/ovn/desired-model.js';

const A = '192.168.100.1';
const B = '192.168.100.3';
const mac = (m: string, vtep: string, ips: string[] = []): EvpnEvent => ({ type: 'mac-added', vni: 10, mac: m, ips, vtep, seq: 0, sticky: false });

function model(flood = true): DesiredModel {
  const m = new DesiredModel();
  m.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: flood }], null);
  m.takeDirty();
  return m;
}

describe('DesiredModel', () => {
  it('merges a MAC\'s IPs into one entry and adds unknown when flooding', () => {
    const m = model();
    m.apply({ type: 'vtep-added', vni: 10, vtep: A });
    m.apply(mac('02:00:00:00:00:01', A, ['10.0.0.1', 'fd00::1']));
    expect([...m.addresses(10, A)]).toEqual(['02:00:00:00:00:01 10.0.0.1 fd00::1', 'unknown']);
    expect([...model(false).addresses(10, A)]).toEqual([]);
  });

  it('keeps a MAC behind exactly one VTEP: a move dirties both pairs', () => {
    const m = model();
    m.apply({ type: 'vtep-added', vni: 10, vtep: A });
    m.apply({ type: 'vtep-added', vni: 10, vtep: B });
    m.apply(mac('02:00:00:00:00:01', A));
    m.takeDirty();
    m.apply({ type: 'mac-moved', vni: 10, mac: '02:00:00:00:00:01', ips: [], from: A, vtep: B, seq: 1, sticky: false });
    expect([...m.addresses(10, A)]).toEqual(['unknown']);
    expect([...m.addresses(10, B)]).toEqual(['02:00:00:00:00:01', 'unknown']);
    expect(m.takeDirty()).toEqual({ pairs: new Set([`10|${A}`, `10|${B}`]), vnis: new Set([10]) });
    // mac-added for a known MAC at another VTEP is a move too.
    m.apply(mac('02:00:00:00:00:02', '192.168.100.9'));
    m.apply(mac('02:00:00:00:00:02', A));
    expect(m.hasPair(10, '192.168.100.9')).toBe(false);
  });

  it('marks a pair dirty once per batch and again in the next one, also after a failed batch put its set back', () => {
    const m = model();
    m.apply({ type: 'vtep-added', vni: 10, vtep: A });
    for (let i = 0; i < 5; i++) m.apply(mac(`02:00:00:00:00:0${i}`, A));
    expect(m.takeDirty()).toEqual({ pairs: new Set([`10|${A}`]), vnis: new Set([10]) });
    expect(m.isDirty()).toBe(false);
    m.apply(mac('02:00:00:00:00:09', A));
    const d = m.takeDirty();
    expect(d).toEqual({ pairs: new Set([`10|${A}`]), vnis: new Set([10]) });
    m.restoreDirty(d);
    m.apply(mac('02:00:00:00:00:0a', A));
    expect(m.takeDirty()).toEqual({ pairs: new Set([`10|${A}`]), vnis: new Set([10]) });
    // A pair dropped (its last MAC left) and made again within one batch is dirty once, with both MACs' fate right.
    m.apply(mac('02:00:00:00:00:ff', B));
    m.apply({ type: 'mac-removed', vni: 10, mac: '02:00:00:00:00:ff', vtep: B });
    expect(m.hasPair(10, B)).toBe(false);
    m.apply(mac('02:00:00:00:00:ff', B));
    expect(m.takeDirty().pairs).toEqual(new Set([`10|${B}`]));
    expect([...m.addresses(10, B)]).toEqual(['02:00:00:00:00:ff']);
  });

  it('ignores a removal from a VTEP the MAC has already left', () => {
    const m = model();
    m.apply(mac('02:00:00:00:00:01', A));
    m.apply(mac('02:00:00:00:00:01', B));
    m.apply({ type: 'mac-removed', vni: 10, mac: '02:00:00:00:00:01', vtep: A });
    expect(m.macCount()).toBe(1);
    m.apply({ type: 'mac-removed', vni: 10, mac: '02:00:00:00:00:01', vtep: B });
    expect(m.macCount()).toBe(0);
  });

  it('keeps an announced VTEP without MACs, and drops it with its MACs on vtep-removed', () => {
    const m = model();
    m.apply({ type: 'vtep-added', vni: 10, vtep: A });
    expect(m.vteps(10)).toEqual([A]);
    m.apply(mac('02:00:00:00:00:01', A));
    m.apply({ type: 'vtep-removed', vni: 10, vtep: A });
    expect(m.vteps(10)).toEqual([]);
    expect(m.macCount()).toBe(0);
  });

  it('normalizes VTEPs and MACs, and refuses malformed events without changing anything', () => {
    const m = model();
    m.apply({ type: 'vtep-added', vni: 10, vtep: '2001:0db8::0001' });
    expect(m.vteps(10)).toEqual(['2001:db8::1']);
    expect(() => m.apply(mac('not-a-mac', A))).toThrow(/MAC/);
    expect(() => m.apply({ type: 'vtep-added', vni: 10, vtep: 'nope' })).toThrow(/VTEP/);
    expect(() => m.apply({ type: 'vtep-added', vni: 0x1000000, vtep: A })).toThrow(/event VNI/);
    expect(m.vteps(10)).toEqual(['2001:db8::1']);
  });

  it('takes decoder-shaped MACs and IPs as they are, and still normalizes or refuses every other spelling', () => {
    const m = model();
    m.apply({ type: 'vtep-added', vni: 10, vtep: A });
    m.apply(mac('02:00:00:00:00:01', A, ['10.0.0.1']));
    m.apply(mac('02-00-00-00-00-02', A, ['10.0.0.2']));
    m.apply(mac('02:00:00:00:00:0A', A, ['10.0.0.3', 'FD00:0:0::3']));
    expect([...m.addresses(10, A)].sort()).toEqual(['02:00:00:00:00:01 10.0.0.1', '02:00:00:00:00:02 10.0.0.2', '02:00:00:00:00:0a 10.0.0.3 fd00::3', 'unknown']);
    for (const ip of ['010.0.0.1', '10.0.0.256', '10.0.0.1 ', 'fd00::1::2', '']) {
      expect(() => m.apply(mac('02:00:00:00:00:04', A, [ip])), ip).toThrow(/event IP/);
    }
    expect(() => m.apply(mac('02:00:00:00:00:4', A))).toThrow(/event MAC/);
    expect(() => m.apply({ type: 'mac-removed', vni: 10, mac: '02:00:00:00:00', vtep: A })).toThrow(/event MAC/);
    m.apply({ type: 'mac-removed', vni: 10, mac: '02:00:00:00:00:0A', vtep: A });
    expect(m.macCount()).toBe(2);
  });

  it('holds events of an unconfigured VNI without pairs, and drops a removed network\'s state', () => {
    const m = model();
    m.apply({ type: 'vtep-added', vni: 20, vtep: A });
    expect(m.hasPair(20, A)).toBe(false);
    m.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }, { vni: 20, logicalSwitch: 'ls1', floodUnknown: true }], null);
    expect(m.hasPair(20, A)).toBe(true);
    m.takeDirty();
    expect(m.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], null)).toBe(true);
    expect(m.takeDirty()).toEqual({ pairs: new Set([`20|${A}`]), vnis: new Set([20]) });
    expect(m.hasPair(20, A)).toBe(false);
  });

  it('a new local VTEP dirties every pair (options:local_ip changes)', () => {
    const m = model();
    m.apply({ type: 'vtep-added', vni: 10, vtep: A });
    m.takeDirty();
    expect(m.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], '192.168.100.2')).toBe(true);
    expect(m.takeDirty().pairs).toEqual(new Set([`10|${A}`]));
    expect(m.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], '192.168.100.2')).toBe(false);
  });

  it('puts unknown only on pairs in the flood list: a VTEP known from type 2s gets its MACs and nothing else', () => {
    const m = model();
    m.apply({ type: 'vtep-added', vni: 10, vtep: A, flood: false });
    m.apply(mac('02:00:00:00:00:01', A, ['10.0.0.1']));
    expect([...m.addresses(10, A)]).toEqual(['02:00:00:00:00:01 10.0.0.1']);
    expect(m.floods(10, A)).toBe(false);
    m.apply({ type: 'vtep-added', vni: 10, vtep: A });
    expect([...m.addresses(10, A)]).toEqual(['02:00:00:00:00:01 10.0.0.1', 'unknown']);
    expect(m.floods(10, A)).toBe(true);
    // MACs without any vtep-added (hand-made events) make a pair that does not flood either.
    m.apply(mac('02:00:00:00:00:03', B));
    expect(m.floods(10, B)).toBe(false);
    expect([...m.addresses(10, B)]).toEqual(['02:00:00:00:00:03']);
  });

  it('keeps one pair per (VTEP, key): the key is the label\'s VNI, and a MAC whose key changes moves between them', () => {
    const m = model();
    m.apply({ type: 'vtep-added', vni: 10, vtep: A, key: 20 });
    m.apply({ ...mac('02:00:00:00:00:01', A), key: 20 } as EvpnEvent);
    m.apply(mac('02:00:00:00:00:02', A));
    expect(m.pairs(10)).toEqual([{ vtep: A, key: 10 }, { vtep: A, key: 20 }]);
    expect(m.vteps(10)).toEqual([A]);
    expect([...m.addresses(10, A, 20)]).toEqual(['02:00:00:00:00:01', 'unknown']);
    expect([...m.addresses(10, A)]).toEqual(['02:00:00:00:00:02']);
    m.takeDirty();
    m.apply(mac('02:00:00:00:00:01', A));
    expect(m.takeDirty().pairs).toEqual(new Set([`10|${A}`, `10|${A}|20`]));
    expect([...m.addresses(10, A)].sort()).toEqual(['02:00:00:00:00:01', '02:00:00:00:00:02']);
    expect(() => m.apply({ type: 'vtep-added', vni: 10, vtep: A, key: 0x1000000 })).toThrow(/event key/);
  });

  it('gives a port the local VTEP of its remote\'s family, and reports a remote of a family we have no VTEP in', () => {
    const m = model();
    m.apply({ type: 'vtep-added', vni: 10, vtep: A });
    m.apply({ type: 'vtep-added', vni: 10, vtep: 'fd00::1' });
    m.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], { ipv4: '192.168.100.2', ipv6: 'fd00::2' });
    expect(m.localFor(A)).toBe('192.168.100.2');
    expect(m.localFor('fd00::1')).toBe('fd00::2');
    expect(m.pairs(10).map((p) => p.vtep)).toEqual([A, 'fd00::1']);
    expect(m.unprogrammable()).toEqual([]);
    // Only an IPv4 VTEP (what one address used to mean): the IPv6 remote is left out and reported, never mixed.
    m.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], '192.168.100.2');
    expect(m.pairs(10).map((p) => p.vtep)).toEqual([A]);
    expect(m.hasPair(10, 'fd00::1')).toBe(false);
    expect(m.unprogrammable()).toEqual([{ vni: 10, vtep: 'fd00::1', key: 10, reason: expect.stringMatching(/fd00::1.*IPv6.*no IPv6 VTEP \(--vtep-ip6\)/) }]);
    // Only an IPv6 VTEP: the IPv4 remote is the one left out.
    m.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], { ipv4: null, ipv6: 'fd00::2' });
    expect(m.pairs(10).map((p) => p.vtep)).toEqual(['fd00::1']);
    expect(m.unprogrammable().map((u) => u.vtep)).toEqual([A]);
    // No VTEP at all (no speaker): no local_ip, nothing left out.
    m.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], null);
    expect(m.localFor('fd00::1')).toBeNull();
    expect(m.unprogrammable()).toEqual([]);
  });

  it('gives a (VTEP, key) wanted by two VNIs one port: to the VNI equal to the key, and reports the other', () => {
    const m = new DesiredModel();
    m.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], null);
    // VNI 10 imports VNI 20's routes by RT: key 20 is only VNI 10's while VNI 20 is not configured here.
    m.apply({ type: 'vtep-added', vni: 10, vtep: A, key: 20 });
    m.apply({ type: 'vtep-added', vni: 20, vtep: A });
    expect(m.hasPair(10, A, 20)).toBe(true);
    m.takeDirty();
    m.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }, { vni: 20, logicalSwitch: 'ls1', floodUnknown: true }], null);
    expect(m.takeDirty().pairs).toEqual(new Set([`10|${A}|20`, `20|${A}`]));
    expect(m.hasPair(20, A)).toBe(true);
    expect(m.hasPair(10, A, 20)).toBe(false);
    expect(m.pairs(10)).toEqual([]);
    expect(m.unprogrammable()).toEqual([{ vni: 10, vtep: A, key: 20, reason: expect.stringMatching(/wanted by VNI 10 and VNI 20 .* programmed for VNI 20, not for VNI 10/) }]);
    // VNI 20's end goes: VNI 10 gets the port back.
    m.apply({ type: 'vtep-removed', vni: 20, vtep: A });
    expect(m.takeDirty().pairs).toContain(`10|${A}|20`);
    expect(m.hasPair(10, A, 20)).toBe(true);
    expect(m.unprogrammable()).toEqual([]);
  });
});
