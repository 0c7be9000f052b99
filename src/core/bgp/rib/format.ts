// Text forms of the structured wire values the RIB shows and keys on (RD, RT, ESI), and the way back
// from the operator's "A:B" text to the structured form the codec encodes.
// Kept here so the lead can dedupe them with the codec's own helpers in src/core/bgp/wire/.
import { isIPv4 } from 'node:net';
import { ValidationError } from '../../errors.js';
import type { RouteDistinguisher, RouteTarget } from '../wire/types.js';

/** The all-zero ESI of a single-homed site (RFC 7432 §5). */
export const ZERO_ESI = '00:00:00:00:00:00:00:00:00:00';

/** An RD as operators write it (RFC 4364 §4.2): `asn:n` for types 0 and 2, `ip:n` for type 1. */
export function formatRd(rd: RouteDistinguisher): string {
  return rd.type === 1 ? `${rd.ip}:${rd.assigned}` : `${rd.asn}:${rd.assigned}`;
}

/** An RT as operators write it (RFC 4360 §4): the same `admin:assigned` text as an RD. */
export function formatRt(rt: RouteTarget): string {
  return rt.type === 1 ? `${rt.ip}:${rt.assigned}` : `${rt.asn}:${rt.assigned}`;
}

type Structured = { type: 0; asn: number; assigned: number } | { type: 1; ip: string; assigned: number } | { type: 2; asn: number; assigned: number };

/**
 * `admin:assigned` text to the structured form. The type follows from the admin field, as FRR does:
 * IPv4 → type 1, AS above 65535 → type 2 (4-octet AS), else type 0 (RFC 4364 §4.2, RFC 5668).
 */
function parseAdminAssigned(field: string, text: string): Structured {
  const m = /^(.+):(\d+)$/.exec(text);
  const expected = 'ASN:number or IPv4:number, like 65000:10 or 192.168.10.20:2';
  if (!m) throw new ValidationError(field, text, expected);
  const admin = m[1] ?? '';
  const assigned = Number(m[2]);
  if (isIPv4(admin)) {
    if (assigned > 0xffff) throw new ValidationError(field, text, 'IPv4:number with number at most 65535');
    return { type: 1, ip: admin, assigned };
  }
  if (!/^\d+$/.test(admin)) throw new ValidationError(field, text, expected);
  const asn = Number(admin);
  if (asn > 0xffffffff) throw new ValidationError(field, text, 'an AS of at most 4294967295');
  if (asn > 0xffff) {
    if (assigned > 0xffff) throw new ValidationError(field, text, '4-octet-AS:number with number at most 65535');
    return { type: 2, asn, assigned };
  }
  if (assigned > 0xffffffff) throw new ValidationError(field, text, 'AS:number with number at most 4294967295');
  return { type: 0, asn, assigned };
}

/** RD text (from config or rdOf) to the structured RD the codec encodes. */
export const rdFromText = (text: string): RouteDistinguisher => parseAdminAssigned('RD', text);

/** RT text (from config or autoRt) to the structured RT the codec encodes. */
export const rtFromText = (text: string): RouteTarget => parseAdminAssigned('RT', text);
