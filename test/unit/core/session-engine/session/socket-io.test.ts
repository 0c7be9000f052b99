// Peer addresses as configured neighbors spell them.
import { describe, expect, it } from 'vitest';
import { normalizeAddress } from '../../../../../src/core/session-engine/session/socket-io.js';

describe('normalizeAddress', () => {
  it('unmaps IPv4-mapped IPv6 and compresses IPv6 (RFC 5952)', () => {
    expect(normalizeAddress('::ffff:192.168.100.1')).toBe('192.168.100.1');
    expect(normalizeAddress('192.168.100.1')).toBe('192.168.100.1');
    expect(normalizeAddress('2001:DB8:0:0:0:0:0:1')).toBe('2001:db8::1');
    expect(normalizeAddress(undefined)).toBeNull();
  });
});
