import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { UpdateKeys, keyPrefix, keyPrefixOf, routeKey } from '../../../../../src/core/route-engine/rib/keys.js';
import type { EvpnNlri, RouteDistinguisher } from '../../../../../src/core/session-engine/wire/types.js';
import { ZERO_ESI, imetRoute, macRoute } from '../../../../support/evpn-fixtures.js';

describe('routeKey', () => {
  it('keys a type-2 route by RD, Ethernet Tag, MAC and IP, not by ESI or label (RFC 7432 §7.2)', () => {
    const a = macRoute('192.168.100.1', '02:ac:10:ff:00:11', '10.0.0.11');
    const b = { ...a, esi: '00:11:22:33:44:55:66:77:88:99', label1: 99 };
    expect(routeKey(a)).toBe(routeKey(b));
    expect(routeKey(a)).toBe('2|1:192.168.100.1|2|0|02:ac:10:ff:00:11|10.0.0.11');
  });

  it('tells MAC-only, MAC+IPv4 and MAC+IPv6 routes of one MAC apart', () => {
    const keys = new Set([null, '10.0.0.11', '2001:db8::11'].map((ip) => routeKey(macRoute('192.168.100.1', '02:00:00:00:00:01', ip))));
    expect(keys.size).toBe(3);
  });

  it('keeps RD types apart even when their text is the same', () => {
    const t0: EvpnNlri = { ...macRoute('1.1.1.1', '02:00:00:00:00:01'), rd: { type: 0, asn: 65000, assigned: 10 } };
    const t2: EvpnNlri = { ...macRoute('1.1.1.1', '02:00:00:00:00:01'), rd: { type: 2, asn: 65000, assigned: 10 } };
    expect(routeKey(t0)).not.toBe(routeKey(t2));
  });

  it('keys type 3 by RD, Ethernet Tag and originating IP (§7.3)', () => {
    expect(routeKey(imetRoute('192.168.100.1'))).toBe('3|1:192.168.100.1|2|0|192.168.100.1');
  });

  it('keys types 1, 4 and 5 by their RFC fields only', () => {
    const rd = { type: 1 as const, ip: '10.1.1.1', assigned: 3 };
    const ad: EvpnNlri = { type: 1, rd, esi: ZERO_ESI, etag: 5, label: 10 };
    const es: EvpnNlri = { type: 4, rd, esi: ZERO_ESI, originatorIp: '10.1.1.1' };
    const pfx: EvpnNlri = { type: 5, rd, esi: ZERO_ESI, etag: 0, prefix: '10.2.0.0/16', gateway: '0.0.0.0', label: 10 };
    expect(routeKey(ad)).toBe(routeKey({ ...ad, label: 77 }));
    expect(routeKey(es)).toBe('4|1:10.1.1.1|3|00:00:00:00:00:00:00:00:00:00|10.1.1.1');
    expect(routeKey(pfx)).toBe(routeKey({ ...pfx, gateway: '10.9.9.9', label: 1 }));
    expect(routeKey(pfx)).not.toBe(routeKey({ ...pfx, prefix: '10.2.0.0/24' }));
  });
});

const rdArb: fc.Arbitrary<RouteDistinguisher> = fc.oneof(
  fc.record({ type: fc.constant(0 as const), asn: fc.constantFrom(1, 65000), assigned: fc.constantFrom(2, 10) }),
  fc.record({ type: fc.constant(1 as const), ip: fc.constantFrom('192.168.100.1', '10.0.0.2'), assigned: fc.constantFrom(2, 10) }),
  fc.record({ type: fc.constant(2 as const), asn: fc.constantFrom(1, 65000, 4200000000), assigned: fc.constantFrom(2, 10) }),
);
const nlriArb: fc.Arbitrary<EvpnNlri> = fc.tuple(rdArb, fc.integer({ min: 1, max: 5 }), fc.integer({ min: 0, max: 3 }), fc.option(fc.constantFrom('10.0.0.1', '2001:db8::1'), { nil: null }))
  .map(([rd, type, n, ip]): EvpnNlri => {
    const mac = `02:00:00:00:00:0${n}`;
    switch (type) {
      case 1: return { type, rd, esi: ZERO_ESI, etag: n, label: 10 };
      case 2: return n === 3 ? { type, rd, esi: ZERO_ESI, etag: 0, mac, ip, label1: 10, label2: 20 } : { type, rd, esi: ZERO_ESI, etag: 0, mac, ip, label1: 10 };
      case 3: return { type, rd, etag: n, originatorIp: ip ?? '10.0.0.9' };
      case 4: return { type, rd, esi: ZERO_ESI, originatorIp: ip ?? '10.0.0.9' };
      default: return { type: 5, rd, esi: ZERO_ESI, etag: 0, prefix: `10.${n}.0.0/16`, gateway: '0.0.0.0', label: 10 };
    }
  });

describe('UpdateKeys', () => {
  it('gives every NLRI of an UPDATE the key routeKey gives it, and an equal NLRI', () => {
    fc.assert(fc.property(fc.array(nlriArb, { maxLength: 12 }), (list) => {
      const keys = new UpdateKeys();
      for (const n of list) {
        const shared = keys.shared(n);
        expect(shared).toEqual(n);
        expect(keys.key(shared)).toBe(routeKey(n));
        expect(keys.key(n)).toBe(routeKey(n));
        expect(keys.prefix).toBe(keyPrefix(n.type, n.rd));
        expect(keyPrefixOf(routeKey(n))).toBe(keys.prefix);
      }
    }));
  });

  it('shares one RD object among the routes of an UPDATE that carry equal RDs', () => {
    const keys = new UpdateKeys();
    const a = keys.shared(macRoute('192.168.100.1', '02:00:00:00:00:01'));
    const b = keys.shared(macRoute('192.168.100.1', '02:00:00:00:00:02', '10.0.0.2'));
    const c = keys.shared(imetRoute('192.168.100.1'));
    expect(b.rd).toBe(a.rd);
    expect(c.rd).toBe(a.rd);
    const other = macRoute('192.168.100.7', '02:00:00:00:00:03');
    expect(keys.shared(other)).toBe(other); // a new RD: the route is kept as it came
  });

  it('does not share an RD of another type with the same text', () => {
    const keys = new UpdateKeys();
    const t0: EvpnNlri = { ...macRoute('1.1.1.1', '02:00:00:00:00:01'), rd: { type: 0, asn: 65000, assigned: 10 } };
    const t2: EvpnNlri = { ...macRoute('1.1.1.1', '02:00:00:00:00:01'), rd: { type: 2, asn: 65000, assigned: 10 } };
    const k0 = keys.key(keys.shared(t0));
    const s2 = keys.shared(t2);
    expect(s2.rd).toBe(t2.rd);
    expect(keys.key(s2)).not.toBe(k0);
  });
});
