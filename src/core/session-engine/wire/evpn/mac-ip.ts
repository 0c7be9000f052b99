// Route type 2, MAC/IP Advertisement (RFC 7432 §7.2): RD(8) ESI(10) Ethernet Tag(4) MAC Length(1)=48
// MAC(6) IP Length(1)=0/32/128 IP(0/4/16) Label1(3) [Label2(3)]. This is the hot path of a full-table
// load, so the length is checked once and the fields are then read by index.
import type { EvpnMacIp } from '../types.js';
import { encodeRd } from '../rd.js';
import { RepeatedFields } from './repeated.js';
import { decodeEsi, encodeEsi } from '../esi.js';
import { be24, be32 } from '../bytes.js';
import { formatIpv4, formatIpv6 } from '../text/addr.js';
import { isIPv4 } from 'node:net';
import type { Writer } from '../writer.js';
import { badRoute } from './nlri-error.js';

/** Value length of a type-2 route with no IP and one label. */
const BASE = 33;

/** Decodes the value of a type-2 route (len octets at off). */
export function decodeMacIp(b: Uint8Array, off: number, len: number, fields = new RepeatedFields(b)): EvpnMacIp {
  if (len < BASE) badRoute(2, `expected at least ${BASE} octets, got ${len}`);
  if (b[off + 22] !== 48) badRoute(2, `expected MAC length 48, got ${b[off + 22]}`);
  const ipBits = b[off + 29]!;
  if (ipBits !== 0 && ipBits !== 32 && ipBits !== 128) badRoute(2, `expected IP length 0, 32 or 128, got ${ipBits}`);
  const ipLen = ipBits >> 3;
  if (len !== BASE + ipLen && len !== BASE + ipLen + 3) {
    badRoute(2, `expected length ${BASE + ipLen} or ${BASE + ipLen + 3} for IP length ${ipBits}, got ${len}`);
  }
  const rd = fields.rdAt(off) ?? badRoute(2, `unknown RD type ${(b[off]! << 8) | b[off + 1]!}`);
  const ipOff = off + 30;
  const ip = ipLen === 0 ? null : ipLen === 4 ? formatIpv4(b, ipOff) : formatIpv6(b, ipOff);
  const route: EvpnMacIp = {
    type: 2, rd, esi: decodeEsi(b, off + 8), etag: be32(b, off + 18), mac: fields.macAt(off + 23), ip,
    label1: be24(b, ipOff + ipLen),
  };
  if (len > BASE + ipLen) route.label2 = be24(b, ipOff + ipLen + 3);
  return route;
}

/** Writes the value of a type-2 route. */
export function encodeMacIp(w: Writer, r: EvpnMacIp): void {
  encodeRd(w, r.rd);
  encodeEsi(w, r.esi);
  w.u32(r.etag).u8(48).mac(r.mac);
  if (r.ip === null) w.u8(0);
  else if (isIPv4(r.ip)) w.u8(32).ip4(r.ip);
  else w.u8(128).ip6(r.ip);
  w.u24(r.label1);
  if (r.label2 !== undefined) w.u24(r.label2);
}

/** Value length of a type-2 route on the wire. */
export function macIpLength(r: EvpnMacIp): number {
  const ip = r.ip === null ? 0 : isIPv4(r.ip) ? 4 : 16;
  return BASE + ip + (r.label2 !== undefined ? 3 : 0);
}
