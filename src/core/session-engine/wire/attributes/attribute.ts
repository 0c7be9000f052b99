// What all path attributes share: type codes, flag bits (RFC 4271 §4.3) and the header writer that
// picks the 1- or 2-octet length once the value is written.
import { NOTIFY, type ErrorAction } from '../types.js';
import { fail, overrun, type OverrunSpec } from '../errors.js';
import type { Writer } from '../writer.js';

export const FLAG_OPTIONAL = 0x80;
export const FLAG_TRANSITIVE = 0x40;
export const FLAG_PARTIAL = 0x20;
export const FLAG_EXTENDED = 0x10;

/** Well-known = transitive, not optional; optional transitive; optional non-transitive. */
export const WELL_KNOWN = FLAG_TRANSITIVE;
export const OPTIONAL_TRANSITIVE = FLAG_OPTIONAL | FLAG_TRANSITIVE;
export const OPTIONAL_NON_TRANSITIVE = FLAG_OPTIONAL;

/** Path attribute type codes (IANA BGP Path Attributes registry). */
export const ATTR = {
  ORIGIN: 1,
  AS_PATH: 2,
  NEXT_HOP: 3,
  MED: 4,
  LOCAL_PREF: 5,
  ATOMIC_AGGREGATE: 6,
  AGGREGATOR: 7,
  COMMUNITIES: 8,
  ORIGINATOR_ID: 9,
  CLUSTER_LIST: 10,
  MP_REACH_NLRI: 14,
  MP_UNREACH_NLRI: 15,
  EXT_COMMUNITIES: 16,
  AS4_PATH: 17,
  AS4_AGGREGATOR: 18,
  PMSI_TUNNEL: 22,
  LARGE_COMMUNITY: 32,
} as const;

/** A malformed-attribute spec: UPDATE Message Error with the subcode RFC 4271 §6.3 names, handled per RFC 7606. */
export const malformed = (name: string, subcode: number, action: ErrorAction): OverrunSpec =>
  overrun(NOTIFY.UPDATE_MESSAGE, subcode, action, `${name} attribute`);

/** Fails unless an attribute value has exactly `want` octets. */
export function expectLength(spec: OverrunSpec, len: number, want: number): void {
  if (len !== want) fail(spec, `expected length ${want}, got ${len}`);
}

/** Writes flags and type and reserves a 2-octet length; returns where the header starts. */
export function beginAttribute(w: Writer, flags: number, type: number): number {
  const at = w.pos;
  w.u8(flags | FLAG_EXTENDED).u8(type).u16(0);
  return at;
}

/**
 * Fills in the length. Values up to 255 octets get the 1-octet form unless `extended` is asked for
 * (FRR always sends MP_REACH with Extended Length, RFC 7606 §5.1 style); longer ones must be extended.
 */
export function endAttribute(w: Writer, at: number, extended = false): void {
  const len = w.pos - at - 4;
  if (len > 0xffff) throw new RangeError(`path attribute ${w.view(at)[1]} is ${len} octets; at most 65535 fit`);
  if (extended || len > 255) {
    w.set(at + 2, len >>> 8);
    w.set(at + 3, len & 0xff);
    return;
  }
  w.set(at, w.view(at)[0]! & ~FLAG_EXTENDED);
  w.set(at + 2, len);
  w.moveBack(at + 4, 1);
}
