// CLUSTER_LIST (RFC 4456 §8): optional non-transitive list of 4-octet cluster ids, for loop detection
// between route reflectors.
import { fail } from '../errors.js';
import { formatIpv4 } from '../text/addr.js';
import { SUBCODE } from '../notification-text.js';
import type { Writer } from '../writer.js';
import { ATTR, OPTIONAL_NON_TRANSITIVE, beginAttribute, endAttribute, malformed } from './attribute.js';

/** RFC 7606 §7.10: a length that is not a non-zero multiple of 4 is treat-as-withdraw. */
export const CLUSTER_LIST_MALFORMED = malformed('CLUSTER_LIST', SUBCODE.UPDATE_ATTRIBUTE_LENGTH, 'treat-as-withdraw');

/** Decodes the CLUSTER_LIST value. */
export function decodeClusterList(b: Uint8Array, off: number, len: number): string[] {
  if (len === 0 || len % 4 !== 0) fail(CLUSTER_LIST_MALFORMED, `expected a non-zero multiple of 4 octets, got ${len}`);
  const out = new Array<string>(len / 4);
  for (let i = 0; i < out.length; i++) out[i] = formatIpv4(b, off + 4 * i);
  return out;
}

/** Writes the CLUSTER_LIST attribute. */
export function encodeClusterList(w: Writer, ids: readonly string[]): void {
  const at = beginAttribute(w, OPTIONAL_NON_TRANSITIVE, ATTR.CLUSTER_LIST);
  for (const id of ids) w.ip4(id);
  endAttribute(w, at);
}
