// Route type 5, IP Prefix (RFC 9136 §3.1): RD(8) ESI(10) Ethernet Tag(4) IP Prefix Length(1)
// IP Prefix(4/16) GW IP(4/16) MPLS Label(3). The family is told by the total length: 34 for IPv4, 58 for IPv6.
import type { EvpnIpPrefix } from '../types.js';
import { encodeRd } from '../rd.js';
import { RepeatedFields } from './repeated.js';
import { decodeEsi, encodeEsi } from '../esi.js';
import { be24, be32 } from '../bytes.js';
import { formatIpv4, formatIpv6 } from '../text/addr.js';
import { ValidationError } from '../../../errors.js';
import { isIPv4, isIPv6 } from 'node:net';
import type { Writer } from '../writer.js';
import { badRoute } from './nlri-error.js';

/** Decodes the value of a type-5 route (len octets at off). */
export function decodeIpPrefix(b: Uint8Array, off: number, len: number, fields = new RepeatedFields(b)): EvpnIpPrefix {
  if (len !== 34 && len !== 58) badRoute(5, `expected length 34 (IPv4) or 58 (IPv6), got ${len}`);
  const v4 = len === 34;
  const plen = b[off + 22]!;
  if (plen > (v4 ? 32 : 128)) badRoute(5, `prefix length ${plen} is too long for ${v4 ? 'IPv4' : 'IPv6'}`);
  const rd = fields.rdAt(off) ?? badRoute(5, `unknown RD type ${(b[off]! << 8) | b[off + 1]!}`);
  const a = v4 ? 4 : 16;
  const fmt = v4 ? formatIpv4 : formatIpv6;
  return {
    type: 5, rd, esi: decodeEsi(b, off + 8), etag: be32(b, off + 18), prefix: `${fmt(b, off + 23)}/${plen}`,
    gateway: fmt(b, off + 23 + a), label: be24(b, off + 23 + 2 * a),
  };
}

/** Writes the value of a type-5 route; prefix and gateway must be of one family. */
export function encodeIpPrefix(w: Writer, r: EvpnIpPrefix): void {
  const [addr = '', lenText = ''] = r.prefix.split('/');
  const v4 = isIPv4(addr);
  const plen = Number(lenText);
  if ((!v4 && !isIPv6(addr)) || !/^\d{1,3}$/.test(lenText) || plen > (v4 ? 32 : 128)) {
    throw new ValidationError('IP prefix', r.prefix, 'addr/len like 10.0.0.0/24 or 2001:db8::/64');
  }
  if (v4 ? !isIPv4(r.gateway) : !isIPv6(r.gateway)) {
    throw new ValidationError('gateway', r.gateway, `an ${v4 ? 'IPv4' : 'IPv6'} address (the prefix's family)`);
  }
  encodeRd(w, r.rd);
  encodeEsi(w, r.esi);
  w.u32(r.etag).u8(plen);
  if (v4) w.ip4(addr).ip4(r.gateway);
  else w.ip6(addr).ip6(r.gateway);
  w.u24(r.label);
}

/** Value length of a type-5 route on the wire. */
export const ipPrefixLength = (r: EvpnIpPrefix): number => (isIPv4(r.prefix.split('/')[0] ?? '') ? 34 : 58);
