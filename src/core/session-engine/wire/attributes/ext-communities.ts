// EXTENDED COMMUNITIES (RFC 4360): optional transitive list of 8-octet communities, Type(1) Subtype(1)
// Value(6). The kinds EVPN needs are decoded; anything else, or any known kind with non-zero reserved
// bits, stays raw so that re-encoding gives back the same octets.
import { fail } from '../errors.js';
import { be16, be24, be32 } from '../bytes.js';
import { formatMac } from '../text/addr.js';
import { SUBCODE } from '../notification-text.js';
import type { ExtendedCommunity } from '../types.js';
import type { Writer } from '../writer.js';
import { RT_SUBTYPE, decodeRt, encodeRtValue } from '../route-target.js';
import { ATTR, OPTIONAL_TRANSITIVE, beginAttribute, endAttribute, malformed } from './attribute.js';

/** RFC 7606 §7.14: a length that is not a non-zero multiple of 8 is treat-as-withdraw. */
export const EXT_COMMUNITIES_MALFORMED = malformed('EXTENDED_COMMUNITIES', SUBCODE.UPDATE_OPTIONAL_ATTRIBUTE, 'treat-as-withdraw');

const TYPE_OPAQUE = 0x03; // RFC 4360 §3.3; encapsulation subtype 0x0c (RFC 9012 §4.1), default gateway 0x0d (RFC 7432 §7.8)
const TYPE_EVPN = 0x06; // RFC 7153 §5.2.1: mac mobility 0x00, ESI label 0x01, router's MAC 0x03
const NON_TRANSITIVE = 0x40; // RFC 4360 §2: the T bit of the type octet

/** Decodes one community at off (8 octets guaranteed by the caller). */
export function decodeExtCommunity(b: Uint8Array, off: number): ExtendedCommunity {
  const type = b[off]!;
  const sub = b[off + 1]!;
  const v = off + 2;
  if (sub === RT_SUBTYPE && (type & ~NON_TRANSITIVE) <= 2) {
    const rt = decodeRt(type & ~NON_TRANSITIVE, b, v);
    if (rt) return { kind: 'route-target', rt, transitive: (type & NON_TRANSITIVE) === 0 };
  }
  if (type === TYPE_OPAQUE && sub === 0x0c && be32(b, v) === 0) return { kind: 'encapsulation', tunnelType: be16(b, v + 4) };
  if (type === TYPE_OPAQUE && sub === 0x0d && be32(b, v) === 0 && be16(b, v + 4) === 0) return { kind: 'default-gateway' };
  if (type === TYPE_EVPN) {
    const flags = b[v]!;
    if (sub === 0x00 && flags <= 1 && b[v + 1] === 0) return { kind: 'mac-mobility', sticky: flags === 1, seq: be32(b, v + 2) };
    if (sub === 0x01 && flags <= 1 && be16(b, v + 1) === 0) return { kind: 'esi-label', singleActive: flags === 1, label: be24(b, v + 3) };
    if (sub === 0x03) return { kind: 'router-mac', mac: formatMac(b, v) };
  }
  return { kind: 'unknown', bytes: b.slice(off, off + 8) };
}

/** Decodes the EXTENDED COMMUNITIES value. */
export function decodeExtCommunities(b: Uint8Array, off: number, len: number): ExtendedCommunity[] {
  if (len === 0 || len % 8 !== 0) fail(EXT_COMMUNITIES_MALFORMED, `expected a non-zero multiple of 8 octets, got ${len}`);
  const out = new Array<ExtendedCommunity>(len / 8);
  for (let i = 0; i < out.length; i++) out[i] = decodeExtCommunity(b, off + 8 * i);
  return out;
}

/** Writes one community (8 octets). */
export function encodeExtCommunity(w: Writer, c: ExtendedCommunity): void {
  switch (c.kind) {
    case 'route-target':
      w.u8(c.rt.type | (c.transitive ? 0 : NON_TRANSITIVE)).u8(RT_SUBTYPE);
      encodeRtValue(w, c.rt);
      return;
    case 'encapsulation':
      w.u8(TYPE_OPAQUE).u8(0x0c).u32(0).u16(c.tunnelType);
      return;
    case 'default-gateway':
      w.u8(TYPE_OPAQUE).u8(0x0d).u32(0).u16(0);
      return;
    case 'mac-mobility':
      w.u8(TYPE_EVPN).u8(0x00).u8(c.sticky ? 1 : 0).u8(0).u32(c.seq);
      return;
    case 'esi-label':
      w.u8(TYPE_EVPN).u8(0x01).u8(c.singleActive ? 1 : 0).u16(0).u24(c.label);
      return;
    case 'router-mac':
      w.u8(TYPE_EVPN).u8(0x03).mac(c.mac);
      return;
    case 'unknown':
      if (c.bytes.length !== 8) throw new RangeError(`an extended community is 8 octets, got ${c.bytes.length}`);
      w.bytes(c.bytes);
  }
}

/** Writes the EXTENDED COMMUNITIES attribute. */
export function encodeExtCommunities(w: Writer, list: readonly ExtendedCommunity[]): void {
  const at = beginAttribute(w, OPTIONAL_TRANSITIVE, ATTR.EXT_COMMUNITIES);
  for (const c of list) encodeExtCommunity(w, c);
  endAttribute(w, at);
}
