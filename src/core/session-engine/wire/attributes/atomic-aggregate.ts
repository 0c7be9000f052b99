// ATOMIC_AGGREGATE (RFC 4271 §5.1.6): well-known discretionary, empty.
import { SUBCODE } from '../notification-text.js';
import type { Writer } from '../writer.js';
import { ATTR, WELL_KNOWN, beginAttribute, endAttribute, expectLength, malformed } from './attribute.js';

/** RFC 7606 §7.6: a non-empty ATOMIC_AGGREGATE is discarded; it does not change forwarding. */
export const ATOMIC_AGGREGATE_MALFORMED = malformed('ATOMIC_AGGREGATE', SUBCODE.UPDATE_ATTRIBUTE_LENGTH, 'attribute-discard');

/** Checks the (empty) ATOMIC_AGGREGATE value. */
export function decodeAtomicAggregate(_b: Uint8Array, _off: number, len: number): true {
  expectLength(ATOMIC_AGGREGATE_MALFORMED, len, 0);
  return true;
}

/** Writes the ATOMIC_AGGREGATE attribute. */
export function encodeAtomicAggregate(w: Writer): void {
  endAttribute(w, beginAttribute(w, WELL_KNOWN, ATTR.ATOMIC_AGGREGATE));
}
