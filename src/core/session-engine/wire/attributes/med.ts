// MULTI_EXIT_DISC (RFC 4271 §5.1.4): optional non-transitive, 4 octets.
import { be32 } from '../bytes.js';
import { SUBCODE } from '../notification-text.js';
import type { Writer } from '../writer.js';
import { ATTR, OPTIONAL_NON_TRANSITIVE, beginAttribute, endAttribute, expectLength, malformed } from './attribute.js';

/** RFC 7606 §7.4: a MED of the wrong length is treat-as-withdraw. */
export const MED_MALFORMED = malformed('MULTI_EXIT_DISC', SUBCODE.UPDATE_ATTRIBUTE_LENGTH, 'treat-as-withdraw');

/** Decodes the MED value. */
export function decodeMed(b: Uint8Array, off: number, len: number): number {
  expectLength(MED_MALFORMED, len, 4);
  return be32(b, off);
}

/** Writes the MULTI_EXIT_DISC attribute. */
export function encodeMed(w: Writer, med: number): void {
  const at = beginAttribute(w, OPTIONAL_NON_TRANSITIVE, ATTR.MED);
  w.u32(med);
  endAttribute(w, at);
}
