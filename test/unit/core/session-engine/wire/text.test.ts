// Text helpers: RD, RT, ESI, addresses; and the stream framer the session layer will use.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  formatRd, parseRd, formatRt, parseRt, parseEsi, formatIpv6, formatMac, MessageFramer, encodeMessage, KEEPALIVE,
  endOfRib, BgpError, OPEN_CONTEXT, autoRouteTarget,
} from '../../../../../src/core/session-engine/wire/index.js';
import { ValidationError as ValidationErrorLike } from '../../../../../src/core/errors.js';
import { canonicalIpv6 } from '../../../../../src/core/model/validate.js';
import { ipv6Bytes } from '../../../../../src/core/session-engine/wire/text/addr.js';

describe('RD and RT text', () => {
  it('formats and parses the three types', () => {
    expect(formatRd(parseRd('192.168.100.1:2'))).toBe('192.168.100.1:2');
    expect(parseRd('192.168.100.1:2')).toEqual({ type: 1, ip: '192.168.100.1', assigned: 2 });
    expect(parseRd('65000:10')).toEqual({ type: 0, asn: 65000, assigned: 10 });
    expect(parseRd('4200000000:10')).toEqual({ type: 2, asn: 4200000000, assigned: 10 });
    expect(parseRd('65000L:10')).toEqual({ type: 2, asn: 65000, assigned: 10 });
    expect(parseRt('65000:10')).toEqual({ type: 0, asn: 65000, assigned: 10 });
    expect(formatRt({ type: 1, ip: '10.0.0.1', assigned: 7 })).toBe('10.0.0.1:7');
    expect(autoRouteTarget(4200000001, 10)).toEqual({ type: 0, asn: 0xea01, assigned: 10 });
  });
  it('refuses values that do not fit, naming what was expected', () => {
    for (const bad of ['x', '65000', '1.2.3.4:70000', '4200000000:70000', '65000:4294967296', 'a:1', '99999999999:1']) {
      expect(() => parseRd(bad)).toThrow(ValidationErrorLike);
    }
    expect(() => parseRt('1.2.3.4:70000')).toThrow(/IPv4:number with number at most 65535/);
  });
});

describe('ESI and addresses', () => {
  it('ESI text is normalized', () => {
    expect(parseEsi('0')).toBe('00:00:00:00:00:00:00:00:00:00');
    expect(parseEsi('00:11:22:33:44:55:66:77:88:AA')).toBe('00:11:22:33:44:55:66:77:88:aa');
    expect(() => parseEsi('00:11')).toThrow(/10 colon-separated hex octets/);
  });
  it('formatMac is lower-case colon hex', () => {
    expect(formatMac(Uint8Array.of(0, 2, 0xac, 0x10, 0xff, 0, 0x22), 1)).toBe('02:ac:10:ff:00:22');
  });
  it('formatIpv6 spells every address as model/validate.ts canonicalIpv6 does', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 0, max: 7 }), (b, zeros) => {
      for (let i = 0; i < zeros * 2; i++) b[(i + zeros) % 16] = 0;
      const text = formatIpv6(b, 0);
      expect(text).toBe(canonicalIpv6(text));
      expect(ipv6Bytes(text)).toEqual(b);
    }), { numRuns: 2000 });
    expect(formatIpv6(new Uint8Array(16), 0)).toBe('::');
  });
});

describe('MessageFramer', () => {
  const msgs = [encodeMessage(KEEPALIVE, OPEN_CONTEXT), encodeMessage(endOfRib(), OPEN_CONTEXT), encodeMessage(KEEPALIVE, OPEN_CONTEXT), encodeMessage(endOfRib(), OPEN_CONTEXT)];
  const stream = Uint8Array.from(msgs.flatMap((m) => [...m]));
  it('returns whole messages however the stream is chunked', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: stream.length }), { minLength: 1, maxLength: 8 }), (cuts) => {
      const f = new MessageFramer();
      const points = [...new Set(cuts)].sort((a, b) => a - b);
      const out: Uint8Array[] = [];
      let prev = 0;
      for (const p of [...points, stream.length]) {
        out.push(...f.push(stream.slice(prev, p)));
        prev = p;
      }
      expect(out).toEqual(msgs);
      expect(f.buffered).toBe(0);
    }));
  });
  it('hands out copies: bytes pushed later or changed in the chunk do not reach a message', () => {
    const f = new MessageFramer();
    const chunk = stream.slice(0, msgs[0]!.length + 5); // one whole message and the start of the next
    const [first] = f.push(chunk);
    chunk.fill(0);
    const rest = f.push(stream.slice(msgs[0]!.length + 5));
    expect([first, ...rest]).toEqual(msgs);
  });
  it('throws the header error as soon as a bad header is complete', () => {
    const f = new MessageFramer();
    const bad = stream.slice(0, 19);
    bad[0] = 0;
    expect(f.push(bad.slice(0, 10))).toEqual([]);
    expect(() => f.push(bad.slice(10))).toThrow(BgpError);
  });
});
