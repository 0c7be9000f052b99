import { describe, expect, it } from 'vitest';
import { formatRd, formatRt, rdFromText, rtFromText } from '../../../../../src/core/bgp/rib/format.js';
import { ValidationError } from '../../../../../src/core/errors.js';

describe('RD/RT text', () => {
  it('picks the RD type from the admin field, as FRR does (RFC 4364 §4.2)', () => {
    expect(rdFromText('192.168.100.2:1')).toEqual({ type: 1, ip: '192.168.100.2', assigned: 1 });
    expect(rdFromText('65000:10')).toEqual({ type: 0, asn: 65000, assigned: 10 });
    expect(rdFromText('4200000000:10')).toEqual({ type: 2, asn: 4200000000, assigned: 10 });
  });

  it('round-trips through the text form', () => {
    for (const text of ['192.168.100.2:1', '65000:10', '4200000000:7']) {
      expect(formatRd(rdFromText(text))).toBe(text);
      expect(formatRt(rtFromText(text))).toBe(text);
    }
  });

  it('refuses values that do not fit the type, naming what was expected', () => {
    expect(() => rdFromText('192.168.100.2:70000')).toThrow(ValidationError);
    expect(() => rtFromText('4200000000:70000')).toThrow(/at most 65535/);
    expect(() => rtFromText('nonsense')).toThrow(/ASN:number/);
  });
});
