// ORIGIN (RFC 4271 §5.1.1): well-known mandatory, one octet, IGP 0 / EGP 1 / INCOMPLETE 2.
import { fail } from '../errors.js';
import { SUBCODE } from '../notification-text.js';
import type { Writer } from '../writer.js';
import { ATTR, WELL_KNOWN, beginAttribute, endAttribute, expectLength, malformed } from './attribute.js';

/** RFC 7606 §7.1: a bad length or an undefined value is treat-as-withdraw. */
export const ORIGIN_LENGTH = malformed('ORIGIN', SUBCODE.UPDATE_ATTRIBUTE_LENGTH, 'treat-as-withdraw');
const ORIGIN_VALUE = malformed('ORIGIN', SUBCODE.UPDATE_INVALID_ORIGIN, 'treat-as-withdraw');

/** Decodes the ORIGIN value. */
export function decodeOrigin(b: Uint8Array, off: number, len: number): 0 | 1 | 2 {
  expectLength(ORIGIN_LENGTH, len, 1);
  const v = b[off]!;
  if (v > 2) fail(ORIGIN_VALUE, `expected 0 (IGP), 1 (EGP) or 2 (INCOMPLETE), got ${v}`);
  return v as 0 | 1 | 2;
}

/** Writes the ORIGIN attribute. */
export function encodeOrigin(w: Writer, origin: 0 | 1 | 2): void {
  const at = beginAttribute(w, WELL_KNOWN, ATTR.ORIGIN);
  w.u8(origin);
  endAttribute(w, at);
}
