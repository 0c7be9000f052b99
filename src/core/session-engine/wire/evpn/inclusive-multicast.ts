// Route type 3, Inclusive Multicast Ethernet Tag (RFC 7432 §7.3): RD(8) Ethernet Tag(4) IP Length(1)
// Originating Router's IP(4/16). FRR takes the flood VTEP from this IP, not from the next hop.
import type { EvpnInclusiveMulticast } from '../types.js';
import { encodeRd } from '../rd.js';
import { RepeatedFields } from './repeated.js';
import { be32 } from '../bytes.js';
import { formatIpv4, formatIpv6 } from '../text/addr.js';
import { isIPv4 } from 'node:net';
import type { Writer } from '../writer.js';
import { badRoute } from './nlri-error.js';

/** Decodes the value of a type-3 route (len octets at off). */
export function decodeInclusiveMulticast(b: Uint8Array, off: number, len: number, fields = new RepeatedFields(b)): EvpnInclusiveMulticast {
  if (len !== 17 && len !== 29) badRoute(3, `expected length 17 (IPv4) or 29 (IPv6), got ${len}`);
  const bits = b[off + 12];
  if (bits !== (len === 17 ? 32 : 128)) badRoute(3, `IP length ${bits} does not match route length ${len}`);
  const rd = fields.rdAt(off) ?? badRoute(3, `unknown RD type ${(b[off]! << 8) | b[off + 1]!}`);
  const originatorIp = len === 17 ? formatIpv4(b, off + 13) : formatIpv6(b, off + 13);
  return { type: 3, rd, etag: be32(b, off + 8), originatorIp };
}

/** Writes the value of a type-3 route. */
export function encodeInclusiveMulticast(w: Writer, r: EvpnInclusiveMulticast): void {
  encodeRd(w, r.rd);
  w.u32(r.etag);
  if (isIPv4(r.originatorIp)) w.u8(32).ip4(r.originatorIp);
  else w.u8(128).ip6(r.originatorIp);
}

/** Value length of a type-3 route on the wire. */
export const inclusiveMulticastLength = (r: EvpnInclusiveMulticast): number => (isIPv4(r.originatorIp) ? 17 : 29);
