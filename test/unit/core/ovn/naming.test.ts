import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  allocatePortName, identityOf, isCandidateName, lspName, managedIds, MAX_PORT_NAME, pairKey, parsePairKey, portGroupName, portNameCandidate,
} from '../../../../src/core/ovn/naming.js';

const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((o) => o.join('.'));
const vni = fc.integer({ min: 1, max: 0xffffff });

describe('OVS port names', () => {
  it('IPv4: prefix + hex VNI + hex address, exactly 15 characters', () => {
    expect(portNameCandidate(10, '192.168.100.1', 0)).toBe('v00000ac0a86401');
    expect(portNameCandidate(0xffffff, '255.255.255.255', 0)).toHaveLength(MAX_PORT_NAME);
  });

  it('IPv4 names are injective over (VNI, address)', () => {
    fc.assert(fc.property(vni, ipv4, vni, ipv4, (v1, a1, v2, a2) => {
      const same = v1 === v2 && a1 === a2;
      expect(portNameCandidate(v1, a1, 0) === portNameCandidate(v2, a2, 0)).toBe(same);
    }));
  });

  it('IPv6 names fit in 15 characters and are deterministic', () => {
    fc.assert(fc.property(vni, fc.ipV6(), (v, ip) => {
      const n = portNameCandidate(v, ip, 0);
      expect(n).toHaveLength(MAX_PORT_NAME);
      expect(n).toMatch(/^w[0-9a-f]{14}$/);
      expect(portNameCandidate(v, ip, 0)).toBe(n);
    }));
    expect(portNameCandidate(10, '2001:db8::1', 0)).toBe(portNameCandidate(10, '2001:0db8:0:0::1', 0));
  });

  it('an IPv6 collision moves to the next candidate, which is still recognized as the pair\'s', () => {
    const first = portNameCandidate(10, '2001:db8::1', 0);
    const name = allocatePortName(10, '2001:db8::1', (n) => (n === first ? pairKey(10, '2001:db8::2') : undefined));
    expect(name).not.toBe(first);
    expect(name).toBe(portNameCandidate(10, '2001:db8::1', 1));
    expect(isCandidateName(10, '2001:db8::1', name)).toBe(true);
    expect(allocatePortName(10, '2001:db8::1', (n) => (n === first ? pairKey(10, '2001:db8::1') : undefined))).toBe(first);
  });

  it('a key that is not the VNI gets its own hashed name, 15 characters, distinct from the key = VNI name', () => {
    fc.assert(fc.property(vni, fc.oneof(ipv4, fc.ipV6()), vni, (v, ip, k) => {
      fc.pre(k !== v);
      const n = portNameCandidate(v, ip, 0, k);
      expect(n).toMatch(/^k[0-9a-f]{14}$/);
      expect(n).not.toBe(portNameCandidate(v, ip, 0));
      expect(isCandidateName(v, ip, n, k)).toBe(true);
      expect(isCandidateName(v, ip, n)).toBe(false);
    }));
    const first = portNameCandidate(10, '10.0.0.1', 0, 20);
    expect(allocatePortName(10, '10.0.0.1', (n) => (n === first ? '11|10.0.0.1' : undefined), 20)).toBe(portNameCandidate(10, '10.0.0.1', 1, 20));
  });

  it('an IPv4 name held by another pair is an error, not a silent clash', () => {
    expect(() => allocatePortName(10, '10.0.0.1', () => '11|10.0.0.1')).toThrow(/expected a free OVS port name/);
  });
});

describe('OVN names and marks', () => {
  it('names LSPs as the recipe does and port groups as valid match identifiers', () => {
    expect(lspName(10, '192.168.100.1')).toBe('evpn-10-192.168.100.1');
    expect(lspName(10, '192.168.100.1', 10)).toBe('evpn-10-192.168.100.1');
    expect(lspName(10, '192.168.100.1', 20)).toBe('evpn-10-192.168.100.1-k20');
    expect(portGroupName(10)).toBe('evpn_vni_10');
    expect(portGroupName(16777215)).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });

  it('round-trips identities through external_ids and refuses malformed ones', () => {
    expect(identityOf(managedIds(10, '192.168.100.1'))).toEqual({ vni: 10, vtep: '192.168.100.1', key: 10 });
    expect(identityOf(managedIds(10, '192.168.100.1', 20))).toEqual({ vni: 10, vtep: '192.168.100.1', key: 20 });
    expect(identityOf(managedIds(10))).toEqual({ vni: 10, vtep: null, key: 10 });
    expect(identityOf({ ...managedIds(10, '2001:0db8::0001') })).toEqual({ vni: 10, vtep: '2001:db8::1', key: 10 });
    // Made before keys existed: no evpnctl-key means key = VNI (adopted, then completed).
    expect(identityOf({ 'evpnctl-managed': 'true', 'evpnctl-vni': '10', 'evpnctl-vtep': '192.168.100.1' })).toEqual({ vni: 10, vtep: '192.168.100.1', key: 10 });
    expect(identityOf({ ...managedIds(10, '192.168.100.1'), 'evpnctl-key': '0' })).toBeNull();
    expect(identityOf({ 'evpnctl-vni': '10' })).toBeNull();
    expect(identityOf({ 'evpnctl-managed': 'true', 'evpnctl-vni': 'garbage' })).toBeNull();
    expect(identityOf({ 'evpnctl-managed': 'true', 'evpnctl-vni': '10', 'evpnctl-vtep': 'nope' })).toBeNull();
    expect(parsePairKey(pairKey(10, '2001:db8::1'))).toEqual({ vni: 10, vtep: '2001:db8::1', key: 10 });
    expect(parsePairKey(pairKey(10, '2001:db8::1', 20))).toEqual({ vni: 10, vtep: '2001:db8::1', key: 20 });
    expect(pairKey(10, '10.0.0.1', 10)).toBe(pairKey(10, '10.0.0.1'));
  });
});
