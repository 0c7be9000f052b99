// Route distinguishers, RFC 4364 §4.2: 2-octet type, then 6 octets of administrator and assigned number.
// Text forms are "65000:10" (type 0), "192.168.100.1:2" (type 1), "4200000000:10" (type 2); a type 2
// with a small AS can be written "65000L:10" (as Junos does), since plain "65000:10" means type 0.
import { isIPv4 } from 'node:net';
import { ValidationError } from '../../errors.js';
import type { RouteDistinguisher } from './types.js';
import { formatIpv4, ipv4Bytes } from './text/addr.js';
import type { Writer } from './writer.js';
import { be16, be32 } from './bytes.js';

/** Length of an RD on the wire. */
export const RD_LENGTH = 8;

/** Decodes 8 octets at off, or returns null for an RD type outside 0..2 (the caller decides how bad that is). */
export function decodeRd(b: Uint8Array, off: number): RouteDistinguisher | null {
  switch (be16(b, off)) {
    case 0:
      return { type: 0, asn: be16(b, off + 2), assigned: be32(b, off + 4) };
    case 1:
      return { type: 1, ip: formatIpv4(b, off + 2), assigned: be16(b, off + 6) };
    case 2:
      return { type: 2, asn: be32(b, off + 2), assigned: be16(b, off + 6) };
    default:
      return null;
  }
}

/** Writes the 8 octets of an RD. */
export function encodeRd(w: Writer, rd: RouteDistinguisher): void {
  w.u16(rd.type);
  if (rd.type === 0) w.u16(rd.asn).u32(rd.assigned);
  else if (rd.type === 1) w.bytes(ipv4Bytes(rd.ip)).u16(rd.assigned);
  else w.u32(rd.asn).u16(rd.assigned);
}

/** "192.168.100.1:2", "65000:10". */
export function formatRd(rd: RouteDistinguisher): string {
  if (rd.type === 1) return `${rd.ip}:${rd.assigned}`;
  // A type-2 (4-octet AS) value whose AS fits in 2 octets keeps FRR's `L` so the text parses back to type 2.
  return rd.type === 2 && rd.asn <= 0xffff ? `${rd.asn}L:${rd.assigned}` : `${rd.asn}:${rd.assigned}`;
}

/** Parses the text forms above into the structured RD; ValidationError names what was expected. */
export function parseRd(text: string, field = 'RD'): RouteDistinguisher {
  const v = parseAdminAssigned(text, field);
  if (v.ip !== undefined) return { type: 1, ip: v.ip, assigned: v.assigned };
  return v.long || v.asn > 0xffff ? { type: 2, asn: v.asn, assigned: v.assigned } : { type: 0, asn: v.asn, assigned: v.assigned };
}

/** The shared grammar of RDs and RTs: `<admin>:<assigned>`, admin an AS (optionally with L) or an IPv4. */
export function parseAdminAssigned(text: string, field: string): { ip?: string; asn: number; assigned: number; long: boolean } {
  const expected = 'ASN:number or IPv4:number, like 65000:10 or 192.168.100.1:2';
  const m = /^(.+):(\d{1,10})$/.exec(text.trim());
  if (!m) throw new ValidationError(field, text, expected);
  const admin = m[1] ?? '';
  const assigned = Number(m[2]);
  if (isIPv4(admin)) {
    if (assigned > 0xffff) throw new ValidationError(field, text, 'IPv4:number with number at most 65535');
    return { ip: admin, asn: 0, assigned, long: false };
  }
  const am = /^(\d{1,10})(L?)$/.exec(admin);
  if (!am) throw new ValidationError(field, text, expected);
  const asn = Number(am[1]);
  const long = am[2] === 'L';
  if (asn > 0xffffffff) throw new ValidationError(field, text, 'an AS of at most 4294967295');
  if ((long || asn > 0xffff) && assigned > 0xffff) throw new ValidationError(field, text, '4-octet-AS:number with number at most 65535');
  if (assigned > 0xffffffff) throw new ValidationError(field, text, 'AS:number with number at most 4294967295');
  return { asn, assigned, long };
}
