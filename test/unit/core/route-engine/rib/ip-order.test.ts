import { describe, expect, it } from 'vitest';
import { compareIp } from '../../../../../src/core/route-engine/rib/ip-order.js';

describe('compareIp', () => {
  it('orders IPv4 numerically, not lexically', () => {
    expect(compareIp('10.0.0.9', '10.0.0.10')).toBeLessThan(0);
    expect(compareIp('192.168.100.2', '192.168.100.10')).toBeLessThan(0);
    expect(compareIp('10.0.0.1', '10.0.0.1')).toBe(0);
  });

  it('orders IPv6 by value, whatever the compression, and puts IPv4 first', () => {
    expect(compareIp('2001:db8::2', '2001:db8:0:0:0:0:0:10')).toBeLessThan(0);
    expect(compareIp('2001:db8::1', '2001:db8:0::1')).toBe(0);
    expect(compareIp('255.255.255.255', '::1')).toBeLessThan(0);
  });
});
