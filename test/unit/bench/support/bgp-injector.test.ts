// The benchmark injector's table (bench/support/bgp-injector.ts) when it speaks for several VTEPs.
import { describe, expect, it } from 'vitest';
import { encodedTable } from '../../../../bench/support/bgp-injector.js';

describe('encodedTable with vteps', () => {
  it('sends one type 3 per (VNI, VTEP) and, with V x T routes, one type 2 per pair', () => {
    const vteps = ['192.168.100.11', '192.168.100.12'];
    const t = encodedTable({ routes: 6, vnis: 3, routerId: '192.168.100.1', asn: 65000, vteps });
    expect(t.nlri).toBe(3 * 2 + 6);
    // each type 2 is alone with its (VNI attributes, VTEP next hop); the type 3s each carry their own PMSI attribute
    expect(t.messages.length).toBe(12);
  });

  it('refuses an empty VTEP list', () => {
    expect(() => encodedTable({ routes: 1, vnis: 1, routerId: '192.168.100.1', asn: 65000, vteps: [] })).toThrow(/at least one VTEP/);
  });
});
