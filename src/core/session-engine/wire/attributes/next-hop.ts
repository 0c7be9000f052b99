// NEXT_HOP (RFC 4271 §5.1.3): well-known, 4 octets. Only used with IPv4 NLRI; EVPN's next hop is in
// MP_REACH_NLRI (RFC 4760 §3), and FRR takes a type-2 MAC's VTEP from there.
import { formatIpv4 } from '../text/addr.js';
import { SUBCODE } from '../notification-text.js';
import type { Writer } from '../writer.js';
import { ATTR, WELL_KNOWN, beginAttribute, endAttribute, expectLength, malformed } from './attribute.js';

/** RFC 7606 §7.3: a malformed NEXT_HOP is treat-as-withdraw. */
export const NEXT_HOP_MALFORMED = malformed('NEXT_HOP', SUBCODE.UPDATE_ATTRIBUTE_LENGTH, 'treat-as-withdraw');

/** Decodes the NEXT_HOP value. */
export function decodeNextHop(b: Uint8Array, off: number, len: number): string {
  expectLength(NEXT_HOP_MALFORMED, len, 4);
  return formatIpv4(b, off);
}

/** Writes the NEXT_HOP attribute. */
export function encodeNextHop(w: Writer, ip: string): void {
  const at = beginAttribute(w, WELL_KNOWN, ATTR.NEXT_HOP);
  w.ip4(ip);
  endAttribute(w, at);
}
