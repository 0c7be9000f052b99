import { describe, expect, it } from 'vitest';
import { routeKey } from '../../../../../src/core/bgp/rib/keys.js';
import type { EvpnNlri } from '../../../../../src/core/bgp/wire/types.js';
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
