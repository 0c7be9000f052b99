// LOCAL_PREF (RFC 4271 §5.1.5): well-known, 4 octets, sent to internal peers (FRR sends 100).
import { be32 } from '../bytes.js';
import { SUBCODE } from '../notification-text.js';
import type { Writer } from '../writer.js';
import { ATTR, WELL_KNOWN, beginAttribute, endAttribute, expectLength, malformed } from './attribute.js';

/** RFC 7606 §7.5: a LOCAL_PREF of the wrong length is treat-as-withdraw. */
export const LOCAL_PREF_MALFORMED = malformed('LOCAL_PREF', SUBCODE.UPDATE_ATTRIBUTE_LENGTH, 'treat-as-withdraw');

/** Decodes the LOCAL_PREF value. */
export function decodeLocalPref(b: Uint8Array, off: number, len: number): number {
  expectLength(LOCAL_PREF_MALFORMED, len, 4);
  return be32(b, off);
}

/** Writes the LOCAL_PREF attribute. */
export function encodeLocalPref(w: Writer, pref: number): void {
  const at = beginAttribute(w, WELL_KNOWN, ATTR.LOCAL_PREF);
  w.u32(pref);
  endAttribute(w, at);
}
