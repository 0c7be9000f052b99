// Support for 4-octet AS numbers (RFC 6793 §3): the speaker's real AS in 4 octets; My AS in the OPEN
// then says AS_TRANS when the real AS does not fit 2 octets.
import { be32 } from '../bytes.js';
import type { Writer } from '../writer.js';
import { CAP, expectCapLength } from './capability.js';

/** The 2-octet AS that stands in for a 4-octet one (RFC 6793 §9). */
export const AS_TRANS = 23456;

/** Decodes the value of a 4-octet AS capability. */
export function decodeFourOctetAs(b: Uint8Array, off: number, len: number): { code: 65; asn: number } {
  expectCapLength('4-octet AS', len, 4);
  return { code: CAP.FOUR_OCTET_AS, asn: be32(b, off) };
}

/** Writes the value of a 4-octet AS capability. */
export function encodeFourOctetAs(w: Writer, asn: number): void {
  w.u32(asn);
}
