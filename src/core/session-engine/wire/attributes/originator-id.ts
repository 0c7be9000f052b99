// ORIGINATOR_ID (RFC 4456 §8): optional non-transitive, the router id of the route's originator,
// set by a route reflector. Next hops then differ from neighbor addresses.
import { formatIpv4 } from '../text/addr.js';
import { SUBCODE } from '../notification-text.js';
import type { Writer } from '../writer.js';
import { ATTR, OPTIONAL_NON_TRANSITIVE, beginAttribute, endAttribute, expectLength, malformed } from './attribute.js';

/** RFC 7606 §7.9: an ORIGINATOR_ID of the wrong length is treat-as-withdraw. */
export const ORIGINATOR_ID_MALFORMED = malformed('ORIGINATOR_ID', SUBCODE.UPDATE_ATTRIBUTE_LENGTH, 'treat-as-withdraw');

/** Decodes the ORIGINATOR_ID value. */
export function decodeOriginatorId(b: Uint8Array, off: number, len: number): string {
  expectLength(ORIGINATOR_ID_MALFORMED, len, 4);
  return formatIpv4(b, off);
}

/** Writes the ORIGINATOR_ID attribute. */
export function encodeOriginatorId(w: Writer, id: string): void {
  const at = beginAttribute(w, OPTIONAL_NON_TRANSITIVE, ATTR.ORIGINATOR_ID);
  w.ip4(id);
  endAttribute(w, at);
}
