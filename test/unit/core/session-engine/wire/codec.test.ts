// Every wire type through the shared round-trip helper: EVPN routes, attributes, capabilities, messages.
import { describe, expect, it } from 'vitest';
import { roundTrip, type WireCodec } from './roundtrip.js';
import { Writer } from '../../../../../src/core/session-engine/wire/writer.js';
import {
  decodeEvpnRoutes, encodeEvpnRoute, evpnRouteLength, decodePathAttributes, encodePathAttributes, decodeMessage,
  encodeMessage, endOfRib, notification, KEEPALIVE, OPEN_CONTEXT, ESI_ZERO,
  type BgpMessage, type Capability, type CodecContext, type EvpnRoute, type PathAttributes,
} from '../../../../../src/core/session-engine/wire/index.js';
import { decodeCapability, encodeCapability } from '../../../../../src/core/session-engine/wire/capabilities/index.js';
import { decodeRd, encodeRd } from '../../../../../src/core/session-engine/wire/rd.js';
import { decodeExtCommunity, encodeExtCommunity } from '../../../../../src/core/session-engine/wire/attributes/ext-communities.js';
import type { ExtendedCommunity, RouteDistinguisher } from '../../../../../src/core/session-engine/wire/types.js';

const CTX4: CodecContext = { fourOctetAs: true };
const CTX2: CodecContext = { fourOctetAs: false };
const RD: RouteDistinguisher = { type: 1, ip: '192.168.100.1', assigned: 2 };

const evpnCodec: WireCodec<EvpnRoute> = {
  encode: (w, r) => encodeEvpnRoute(w, r),
  decode: (b, off, len) => {
    const out: EvpnRoute[] = [];
    decodeEvpnRoutes(b, off, off + len, out);
    expect(out).toHaveLength(1);
    return out[0]!;
  },
};

const attrsCodec = (ctx: CodecContext): WireCodec<PathAttributes> => ({
  encode: (w, a) => encodePathAttributes(w, a, ctx),
  decode: (b, off, len) => {
    const d = decodePathAttributes(b, off, off + len, ctx, false);
    expect(d.problems).toEqual([]);
    return d.attributes;
  },
});

const capCodec: WireCodec<Capability> = {
  encode: (w, c) => encodeCapability(w, c),
  decode: (b, off, len) => {
    expect(b[off + 1]).toBe(len - 2);
    return decodeCapability(b[off]!, b, off + 2, len - 2);
  },
};

const messageCodec = (ctx: CodecContext): WireCodec<BgpMessage> => ({
  encode: (w: Writer, m) => w.bytes(encodeMessage(m, ctx)),
  decode: (b, off, len) => {
    const r = decodeMessage(b.subarray(off, off + len), ctx);
    expect(r.action).toBe('ok');
    return r.message;
  },
});

const ROUTES: EvpnRoute[] = [
  { type: 1, rd: RD, esi: '00:11:22:33:44:55:66:77:88:99', etag: 0xffffffff, label: 10 },
  { type: 2, rd: RD, esi: ESI_ZERO, etag: 0, mac: '02:ac:10:ff:00:11', ip: null, label1: 10 },
  { type: 2, rd: { type: 0, asn: 65000, assigned: 4294967295 }, esi: ESI_ZERO, etag: 7, mac: 'ff:ee:dd:cc:bb:aa', ip: '10.0.0.11', label1: 0xffffff },
  { type: 2, rd: { type: 2, asn: 4200000000, assigned: 65535 }, esi: ESI_ZERO, etag: 0, mac: '02:00:00:00:00:01', ip: '2001:db8::1', label1: 10, label2: 5000 },
  { type: 3, rd: RD, etag: 0, originatorIp: '192.168.100.1' },
  { type: 3, rd: RD, etag: 100, originatorIp: 'fd00::1:0:0:2' },
  { type: 4, rd: RD, esi: '01:02:03:04:05:06:07:08:09:0a', originatorIp: '192.168.100.9' },
  { type: 4, rd: RD, esi: ESI_ZERO, originatorIp: '::ffff:102:304' },
  { type: 5, rd: RD, esi: ESI_ZERO, etag: 0, prefix: '10.1.0.0/16', gateway: '0.0.0.0', label: 5000 },
  { type: 5, rd: RD, esi: ESI_ZERO, etag: 3, prefix: '2001:db8:1::/48', gateway: '2001:db8::ff', label: 1 },
  { type: 9, raw: Uint8Array.of(1, 2, 3, 4) },
  { type: 200, raw: new Uint8Array(0) },
];

const COMMUNITIES: ExtendedCommunity[] = [
  { kind: 'route-target', rt: { type: 0, asn: 65000, assigned: 10 }, transitive: true },
  { kind: 'route-target', rt: { type: 1, ip: '10.9.8.7', assigned: 65535 }, transitive: true },
  { kind: 'route-target', rt: { type: 2, asn: 4200000000, assigned: 10 }, transitive: false },
  { kind: 'encapsulation', tunnelType: 8 },
  { kind: 'mac-mobility', sticky: true, seq: 0xfffffffe },
  { kind: 'mac-mobility', sticky: false, seq: 1 },
  { kind: 'esi-label', singleActive: true, label: 77 },
  { kind: 'router-mac', mac: '02:11:22:33:44:55' },
  { kind: 'default-gateway' },
  { kind: 'unknown', bytes: Uint8Array.of(0x03, 0x0c, 0, 0, 0, 1, 0, 8) }, // Encap with a reserved bit set stays raw
  { kind: 'unknown', bytes: Uint8Array.of(0x80, 0x06, 1, 2, 3, 4, 5, 6) },
];

const FULL: PathAttributes = {
  mpReach: { afi: 25, safi: 70, nextHops: ['192.168.100.1'], evpn: ROUTES.slice(0, 4) },
  origin: 0,
  asPath: [{ type: 2, asns: [65001, 4200000000] }, { type: 1, asns: [1, 2, 3] }],
  med: 42,
  localPref: 100,
  atomicAggregate: true,
  originatorId: '10.0.0.1',
  clusterList: ['10.0.0.2', '10.0.0.3'],
  extCommunities: COMMUNITIES,
  pmsiTunnel: { flags: 0, tunnelType: 6, label: 10, tunnelId: '192.168.100.1' },
  other: [
    { flags: 0xc0, type: 8, value: Uint8Array.of(0xff, 0xff, 0xff, 0x01) },
    { flags: 0xf0, type: 99, value: new Uint8Array(300).fill(7) },
  ],
};

describe('EVPN routes round-trip', () => {
  for (const r of ROUTES) {
    it(`type ${r.type} ${JSON.stringify(r).slice(0, 80)}`, () => {
      const bytes = roundTrip(evpnCodec, r);
      expect(bytes.length).toBe(evpnRouteLength(r));
    });
  }
});

describe('EVPN route lists', () => {
  it('gives routes with the same RD octets one shared RD object, and a new RD its own', () => {
    const other: RouteDistinguisher = { type: 0, asn: 65000, assigned: 10 };
    const routes: EvpnRoute[] = [
      { type: 2, rd: RD, esi: ESI_ZERO, etag: 0, mac: '02:00:00:00:00:01', ip: null, label1: 10 },
      { type: 3, rd: { ...RD }, etag: 0, originatorIp: '192.168.100.1' },
      { type: 9, raw: Uint8Array.of(1, 2, 3) },
      { type: 2, rd: { ...RD }, esi: ESI_ZERO, etag: 0, mac: '02:00:00:00:00:02', ip: '10.0.0.2', label1: 10 },
      { type: 2, rd: other, esi: ESI_ZERO, etag: 0, mac: '02:00:00:00:00:03', ip: null, label1: 10 },
      { type: 2, rd: { ...RD }, esi: ESI_ZERO, etag: 0, mac: '02:00:00:00:00:04', ip: null, label1: 10 },
    ];
    const w = new Writer();
    for (const r of routes) encodeEvpnRoute(w, r);
    const bytes = w.finish();
    const out: EvpnRoute[] = [];
    decodeEvpnRoutes(bytes, 0, bytes.length, out);
    expect(out).toEqual(routes);
    const rds = out.map((r) => ('rd' in r ? r.rd : null));
    expect(rds[1]).toBe(rds[0]);
    expect(rds[3]).toBe(rds[0]); // an unknown route in between does not break the run
    expect(rds[4]).not.toBe(rds[0]);
    expect(rds[5]).not.toBe(rds[0]); // only the previous RD is remembered
    expect(rds[5]).toEqual(rds[0]);
  });
});

describe('route distinguishers and extended communities round-trip', () => {
  const rdCodec: WireCodec<RouteDistinguisher> = { encode: encodeRd, decode: (b, off) => decodeRd(b, off)! };
  for (const rd of [RD, { type: 0, asn: 65535, assigned: 0 }, { type: 2, asn: 1, assigned: 2 }] as RouteDistinguisher[]) {
    it(`RD ${JSON.stringify(rd)}`, () => expect(roundTrip(rdCodec, rd)).toHaveLength(8));
  }
  const ecCodec: WireCodec<ExtendedCommunity> = { encode: encodeExtCommunity, decode: (b, off) => decodeExtCommunity(b, off) };
  for (const c of COMMUNITIES) it(`EC ${c.kind}`, () => expect(roundTrip(ecCodec, c)).toHaveLength(8));
});

describe('path attributes round-trip', () => {
  it('every attribute at once, 4-octet AS', () => roundTrip(attrsCodec(CTX4), FULL));
  it('2-octet AS session', () => roundTrip(attrsCodec(CTX2), { origin: 2, asPath: [{ type: 2, asns: [65001, 23456] }], nextHop: '1.2.3.4', other: [] }));
  it('MP_UNREACH with routes, and an End-of-RIB', () => {
    roundTrip(attrsCodec(CTX4), { mpUnreach: { afi: 25, safi: 70, evpn: ROUTES.slice(4, 8) }, other: [] });
    roundTrip(attrsCodec(CTX4), { mpUnreach: { afi: 25, safi: 70, evpn: [] }, other: [] });
  });
  it('other families kept raw, IPv6 next hops, raw next hops', () => {
    roundTrip(attrsCodec(CTX4), {
      mpReach: { afi: 2, safi: 1, nextHops: ['2001:db8::1', 'fe80::1'], evpn: [], rawNlri: Uint8Array.of(32, 0x20, 1, 0xd, 0xb8) },
      mpUnreach: { afi: 1, safi: 128, evpn: [], rawNlri: Uint8Array.of(1, 2, 3) }, origin: 0, asPath: [], other: [],
    });
    roundTrip(attrsCodec(CTX4), {
      mpReach: { afi: 1, safi: 128, nextHops: [], rawNextHop: new Uint8Array(12).fill(1), evpn: [], rawNlri: new Uint8Array(0) },
      origin: 0, asPath: [], other: [],
    });
  });
  it('PMSI tunnel ids: IPv6 text, and raw bytes for other tunnel types', () => {
    roundTrip(attrsCodec(CTX4), { pmsiTunnel: { flags: 1, tunnelType: 6, label: 10, tunnelId: '2001:db8::2' }, other: [] });
    roundTrip(attrsCodec(CTX4), { pmsiTunnel: { flags: 0, tunnelType: 3, label: 0, tunnelId: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8) }, other: [] });
  });
});

describe('capabilities round-trip', () => {
  const caps: Capability[] = [
    { code: 1, afi: 25, safi: 70 },
    { code: 2 },
    { code: 70 },
    { code: 65, asn: 4200000000 },
    { code: 64, restartFlags: 8, restartTime: 120, families: [{ afi: 25, safi: 70, flags: 0x80 }] },
    { code: 64, restartFlags: 0, restartTime: 4095, families: [] },
    { code: 73, raw: Uint8Array.of(2, 0x76, 0x6d, 0) },
  ];
  for (const c of caps) it(`code ${c.code}`, () => roundTrip(capCodec, c));
});

describe('messages round-trip', () => {
  const msgs: BgpMessage[] = [
    { type: 'open', version: 4, myAs: 23456, holdTime: 90, routerId: '192.168.100.2', capabilities: [{ code: 1, afi: 25, safi: 70 }, { code: 65, asn: 4200000000 }] },
    { type: 'open', version: 4, myAs: 65000, holdTime: 0, routerId: '1.2.3.4', capabilities: [] },
    { type: 'update', withdrawnRaw: Uint8Array.of(24, 10, 0, 1), attributes: { origin: 0, asPath: [], nextHop: '10.0.0.1', other: [] }, nlriRaw: Uint8Array.of(32, 1, 2, 3, 4, 0) },
    { type: 'update', withdrawnRaw: new Uint8Array(0), attributes: FULL, nlriRaw: new Uint8Array(0) },
    endOfRib(), endOfRib(1, 1),
    notification(6, 2, Uint8Array.of(3, 0x62, 0x79, 0x65)),
    notification(4, 0),
    KEEPALIVE,
    { type: 'route-refresh', afi: 25, subtype: 1, safi: 70 },
  ];
  for (const m of msgs) it(`${m.type} ${JSON.stringify(m).slice(0, 60)}`, () => roundTrip(messageCodec(CTX4), m));
  it('a 2-octet session writes AS_TRANS for big ASNs', () => {
    const m: BgpMessage = { type: 'update', withdrawnRaw: new Uint8Array(0), attributes: { origin: 0, asPath: [{ type: 2, asns: [4200000000] }], other: [] }, nlriRaw: new Uint8Array(0) };
    const back = decodeMessage(encodeMessage(m, CTX2), CTX2).message;
    expect(back.type === 'update' && back.attributes.asPath).toEqual([{ type: 2, asns: [23456] }]);
    expect(decodeMessage(encodeMessage(m, OPEN_CONTEXT), OPEN_CONTEXT).message).toEqual(m);
  });
});
