// Properties: arbitrary valid messages round-trip (decode(encode(m)) == m, re-encoding gives the same
// octets), and arbitrary octets never make the decoder throw anything but a BgpError.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  BgpError, decodeMessage, encodeMessage, formatIpv4, formatIpv6, formatMac, OPEN_CONTEXT,
  type BgpMessage, type Capability, type EvpnRoute, type ExtendedCommunity, type PathAttributes, type RouteDistinguisher,
} from '../../../../../src/core/session-engine/wire/index.js';
import { colonHex } from '../../../../../src/core/session-engine/wire/text/addr.js';

const u8 = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u24 = fc.integer({ min: 0, max: 0xffffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const ipv4 = fc.uint8Array({ minLength: 4, maxLength: 4 }).map((b) => formatIpv4(b, 0));
const ipv6 = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => formatIpv6(b, 0));
const ip = fc.oneof(ipv4, ipv6);
const mac = fc.uint8Array({ minLength: 6, maxLength: 6 }).map((b) => formatMac(b, 0));
const esi = fc.oneof(fc.constant('00:00:00:00:00:00:00:00:00:00'), fc.uint8Array({ minLength: 10, maxLength: 10 }).map((b) => colonHex(b)));
const rd: fc.Arbitrary<RouteDistinguisher> = fc.oneof(
  fc.record({ type: fc.constant(0 as const), asn: u16, assigned: u32 }),
  fc.record({ type: fc.constant(1 as const), ip: ipv4, assigned: u16 }),
  fc.record({ type: fc.constant(2 as const), asn: u32, assigned: u16 }),
);

const route: fc.Arbitrary<EvpnRoute> = fc.oneof(
  fc.record({ type: fc.constant(1 as const), rd, esi, etag: u32, label: u24 }),
  fc.record({ type: fc.constant(2 as const), rd, esi, etag: u32, mac, ip: fc.option(ip, { nil: null }), label1: u24, label2: u24 }, { requiredKeys: ['type', 'rd', 'esi', 'etag', 'mac', 'ip', 'label1'] }),
  fc.record({ type: fc.constant(3 as const), rd, etag: u32, originatorIp: ip }),
  fc.record({ type: fc.constant(4 as const), rd, esi, originatorIp: ip }),
  fc.tuple(rd, esi, u32, fc.boolean(), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 16, maxLength: 16 }), u24, fc.integer({ min: 0, max: 128 }))
    .map(([r, e, etag, v4, a, g, label, len]) => ({
      type: 5 as const, rd: r, esi: e, etag, label,
      prefix: `${v4 ? formatIpv4(a, 0) : formatIpv6(a, 0)}/${v4 ? len % 33 : len}`,
      gateway: v4 ? formatIpv4(g, 0) : formatIpv6(g, 0),
    })),
  fc.record({ type: fc.integer({ min: 6, max: 255 }), raw: fc.uint8Array({ maxLength: 40 }) }),
);

const community: fc.Arbitrary<ExtendedCommunity> = fc.oneof(
  fc.record({ kind: fc.constant('route-target' as const), transitive: fc.boolean(), rt: rd }),
  fc.record({ kind: fc.constant('encapsulation' as const), tunnelType: u16 }),
  fc.record({ kind: fc.constant('mac-mobility' as const), sticky: fc.boolean(), seq: u32 }),
  fc.record({ kind: fc.constant('esi-label' as const), singleActive: fc.boolean(), label: u24 }),
  fc.record({ kind: fc.constant('router-mac' as const), mac }),
  fc.constant({ kind: 'default-gateway' as const }),
);

const attributes: fc.Arbitrary<PathAttributes> = fc.record({
  mpReach: fc.record({ afi: fc.constant(25), safi: fc.constant(70), nextHops: fc.oneof(ipv4.map((a) => [a]), ipv6.map((a) => [a])), evpn: fc.array(route, { maxLength: 12 }) }),
  mpUnreach: fc.record({ afi: fc.constant(25), safi: fc.constant(70), evpn: fc.array(route, { maxLength: 12 }) }),
  origin: fc.constantFrom(0 as const, 1 as const, 2 as const),
  asPath: fc.array(fc.record({ type: fc.constantFrom(1 as const, 2 as const, 3 as const, 4 as const), asns: fc.array(u32, { minLength: 1, maxLength: 6 }) }), { maxLength: 3 }),
  med: u32,
  localPref: u32,
  atomicAggregate: fc.constant(true),
  originatorId: ipv4,
  clusterList: fc.array(ipv4, { minLength: 1, maxLength: 4 }),
  extCommunities: fc.array(community, { minLength: 1, maxLength: 6 }),
  pmsiTunnel: fc.record({ flags: u8, tunnelType: fc.constant(6), label: u24, tunnelId: ip }),
  other: fc.uniqueArray(fc.record({ flags: fc.constantFrom(0x80, 0xc0, 0xe0), type: fc.integer({ min: 40, max: 255 }), value: fc.uint8Array({ maxLength: 20 }) }), { selector: (a) => a.type, maxLength: 3 })
    .map((list) => [...list].sort((a, b) => a.type - b.type)),
}, { requiredKeys: ['other'] }).map((a) => (a.mpReach ? { origin: 0 as const, asPath: [], ...a } : a)); // §3.d: announcing needs ORIGIN and AS_PATH

const capability: fc.Arbitrary<Capability> = fc.oneof(
  fc.record({ code: fc.constant(1), afi: u16, safi: u8 }),
  fc.constant({ code: 2 }),
  fc.constant({ code: 70 }),
  fc.record({ code: fc.constant(65), asn: u32 }),
  fc.record({ code: fc.constant(64), restartFlags: fc.integer({ min: 0, max: 15 }), restartTime: fc.integer({ min: 0, max: 4095 }), families: fc.array(fc.record({ afi: u16, safi: u8, flags: u8 }), { maxLength: 3 }) }),
  fc.record({ code: fc.constantFrom(5, 6, 69, 71, 73, 128), raw: fc.uint8Array({ maxLength: 10 }) }),
);

const message: fc.Arbitrary<BgpMessage> = fc.oneof(
  fc.record({ type: fc.constant('open' as const), version: u8, myAs: u16, holdTime: u16, routerId: ipv4, capabilities: fc.array(capability, { maxLength: 8 }) }),
  fc.record({ type: fc.constant('update' as const), withdrawnRaw: fc.constant(new Uint8Array(0)), attributes, nlriRaw: fc.constant(new Uint8Array(0)) }),
  fc.record({ type: fc.constant('notification' as const), code: u8, subcode: u8, data: fc.uint8Array({ maxLength: 30 }) }),
  fc.constant({ type: 'keepalive' as const }),
  fc.record({ type: fc.constant('route-refresh' as const), afi: u16, subtype: u8, safi: u8 }),
);

describe('properties', () => {
  it('arbitrary valid messages round-trip', () => {
    fc.assert(fc.property(message, (m) => {
      let bytes: Uint8Array;
      try {
        bytes = encodeMessage(m, OPEN_CONTEXT);
      } catch (err) {
        fc.pre(!(err instanceof RangeError)); // too big for one message: not a valid message
        throw err;
      }
      const r = decodeMessage(bytes, OPEN_CONTEXT);
      expect(r.problems).toEqual([]);
      expect(r.message).toEqual(m);
      expect(encodeMessage(r.message, OPEN_CONTEXT)).toEqual(bytes);
    }), { numRuns: 1500 });
  });

  it('arbitrary octets, with or without a valid header, only ever throw BgpError', () => {
    const header = (type: number, body: Uint8Array): Uint8Array => {
      const len = 19 + body.length;
      return Uint8Array.from([...new Array<number>(16).fill(0xff), (len >> 8) & 0xff, len & 0xff, type, ...body]);
    };
    const input = fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.tuple(fc.integer({ min: 1, max: 5 }), fc.uint8Array({ maxLength: 200 })).map(([t, b]) => header(t, b)),
    );
    fc.assert(fc.property(input, fc.boolean(), (bytes, four) => {
      try {
        decodeMessage(bytes, { fourOctetAs: four });
      } catch (err) {
        expect(err).toBeInstanceOf(BgpError);
      }
    }), { numRuns: 20_000 });
  });
});
