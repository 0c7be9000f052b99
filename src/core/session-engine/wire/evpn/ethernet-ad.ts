// Route type 1, Ethernet Auto-Discovery (RFC 7432 §7.1): RD(8) ESI(10) Ethernet Tag(4) MPLS Label(3).
import type { EvpnEthernetAd } from '../types.js';
import { encodeRd } from '../rd.js';
import { RepeatedFields } from './repeated.js';
import { decodeEsi, encodeEsi } from '../esi.js';
import { be24, be32 } from '../bytes.js';
import type { Writer } from '../writer.js';
import { badRoute } from './nlri-error.js';

/** Value length of a type-1 route. */
export const ETHERNET_AD_LENGTH = 25;

/** Decodes the value of a type-1 route (len octets at off). */
export function decodeEthernetAd(b: Uint8Array, off: number, len: number, fields = new RepeatedFields(b)): EvpnEthernetAd {
  if (len !== ETHERNET_AD_LENGTH) badRoute(1, `expected length ${ETHERNET_AD_LENGTH}, got ${len}`);
  const rd = fields.rdAt(off) ?? badRoute(1, `unknown RD type ${(b[off]! << 8) | b[off + 1]!}`);
  return { type: 1, rd, esi: decodeEsi(b, off + 8), etag: be32(b, off + 18), label: be24(b, off + 22) };
}

/** Writes the value of a type-1 route. */
export function encodeEthernetAd(w: Writer, r: EvpnEthernetAd): void {
  encodeRd(w, r.rd);
  encodeEsi(w, r.esi);
  w.u32(r.etag).u24(r.label);
}

/** Value length of a type-1 route on the wire. */
export const ethernetAdLength = (_r: EvpnEthernetAd): number => ETHERNET_AD_LENGTH;
