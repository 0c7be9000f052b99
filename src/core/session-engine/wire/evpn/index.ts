// The EVPN NLRI list (RFC 7432 §7): a sequence of Route Type(1) Length(1) Value, dispatched by type.
import type { EvpnNlri, EvpnRoute } from '../types.js';
import { RepeatedFields } from './repeated.js';
import type { Writer } from '../writer.js';
import { fail } from '../errors.js';
import { EVPN_NLRI } from './nlri-error.js';
import { decodeEthernetAd, encodeEthernetAd, ethernetAdLength } from './ethernet-ad.js';
import { decodeMacIp, encodeMacIp, macIpLength } from './mac-ip.js';
import { decodeInclusiveMulticast, encodeInclusiveMulticast, inclusiveMulticastLength } from './inclusive-multicast.js';
import { decodeEthernetSegment, encodeEthernetSegment, ethernetSegmentLength } from './ethernet-segment.js';
import { decodeIpPrefix, encodeIpPrefix, ipPrefixLength } from './ip-prefix.js';
import { decodeUnknownRoute, encodeUnknownRoute } from './unknown.js';

/** True for the route types this codec interprets (1..5); false for kept-raw unknown types. */
export const isKnownRoute = (r: EvpnRoute): r is EvpnNlri => !('raw' in r);

/** Decodes one route value of the given type; `fields` shares what repeats from the previous route of a list. */
export function decodeEvpnRoute(type: number, b: Uint8Array, off: number, len: number, fields = new RepeatedFields(b)): EvpnRoute {
  switch (type) {
    case 1: return decodeEthernetAd(b, off, len, fields);
    case 2: return decodeMacIp(b, off, len, fields);
    case 3: return decodeInclusiveMulticast(b, off, len, fields);
    case 4: return decodeEthernetSegment(b, off, len, fields);
    case 5: return decodeIpPrefix(b, off, len, fields);
    default: return decodeUnknownRoute(type, b, off, len);
  }
}

/**
 * Decodes every route in [off, end) into out; a length running past end is an unparseable NLRI field.
 * Routes that repeat the previous route's RD or MAC octets share its RD object or MAC text (repeated.ts).
 */
export function decodeEvpnRoutes(b: Uint8Array, off: number, end: number, out: EvpnRoute[]): void {
  const fields = new RepeatedFields(b);
  while (off < end) {
    if (end - off < 2) fail(EVPN_NLRI, `expected a route type and length, got ${end - off} octet left`);
    const type = b[off]!;
    const len = b[off + 1]!;
    off += 2;
    if (off + len > end) fail(EVPN_NLRI, `route type ${type} claims ${len} octets, only ${end - off} left`);
    out.push(decodeEvpnRoute(type, b, off, len, fields));
    off += len;
  }
}

/** Writes one route: type, length, value. */
export function encodeEvpnRoute(w: Writer, r: EvpnRoute): void {
  w.u8(r.type);
  const at = w.placeholder(1);
  if (!isKnownRoute(r)) encodeUnknownRoute(w, r);
  else if (r.type === 1) encodeEthernetAd(w, r);
  else if (r.type === 2) encodeMacIp(w, r);
  else if (r.type === 3) encodeInclusiveMulticast(w, r);
  else if (r.type === 4) encodeEthernetSegment(w, r);
  else encodeIpPrefix(w, r);
  w.patch(at, 1);
}

/** Octets one route takes on the wire, type and length included (for packing UPDATEs under 4096). */
export function evpnRouteLength(r: EvpnRoute): number {
  if (!isKnownRoute(r)) return 2 + r.raw.length;
  switch (r.type) {
    case 1: return 2 + ethernetAdLength(r);
    case 2: return 2 + macIpLength(r);
    case 3: return 2 + inclusiveMulticastLength(r);
    case 4: return 2 + ethernetSegmentLength(r);
    case 5: return 2 + ipPrefixLength(r);
  }
}
