// Route type 4, Ethernet Segment (RFC 7432 §7.4): RD(8) ESI(10) IP Length(1) Originating Router's IP(4/16).
import type { EvpnEthernetSegment } from '../types.js';
import { encodeRd } from '../rd.js';
import { RepeatedFields } from './repeated.js';
import { decodeEsi, encodeEsi } from '../esi.js';
import { formatIpv4, formatIpv6 } from '../text/addr.js';
import { isIPv4 } from 'node:net';
import type { Writer } from '../writer.js';
import { badRoute } from './nlri-error.js';

/** Decodes the value of a type-4 route (len octets at off). */
export function decodeEthernetSegment(b: Uint8Array, off: number, len: number, fields = new RepeatedFields(b)): EvpnEthernetSegment {
  if (len !== 23 && len !== 35) badRoute(4, `expected length 23 (IPv4) or 35 (IPv6), got ${len}`);
  const bits = b[off + 18];
  if (bits !== (len === 23 ? 32 : 128)) badRoute(4, `IP length ${bits} does not match route length ${len}`);
  const rd = fields.rdAt(off) ?? badRoute(4, `unknown RD type ${(b[off]! << 8) | b[off + 1]!}`);
  const originatorIp = len === 23 ? formatIpv4(b, off + 19) : formatIpv6(b, off + 19);
  return { type: 4, rd, esi: decodeEsi(b, off + 8), originatorIp };
}

/** Writes the value of a type-4 route. */
export function encodeEthernetSegment(w: Writer, r: EvpnEthernetSegment): void {
  encodeRd(w, r.rd);
  encodeEsi(w, r.esi);
  if (isIPv4(r.originatorIp)) w.u8(32).ip4(r.originatorIp);
  else w.u8(128).ip6(r.originatorIp);
}

/** Value length of a type-4 route on the wire. */
export const ethernetSegmentLength = (r: EvpnEthernetSegment): number => (isIPv4(r.originatorIp) ? 23 : 35);
