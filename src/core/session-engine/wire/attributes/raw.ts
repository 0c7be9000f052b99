// Attributes kept as octets: unknown optional ones (RFC 4271 §5: passed on if transitive, with Partial
// set) and known ones this speaker never acts on (AGGREGATOR, COMMUNITIES, AS4_*, LARGE_COMMUNITY),
// which are still length-checked per RFC 7606 so a malformed one gets the right handling.
import { fail } from '../errors.js';
import { SUBCODE } from '../notification-text.js';
import type { RawAttribute } from '../types.js';
import type { CodecContext } from '../context.js';
import type { Writer } from '../writer.js';
import { ATTR, FLAG_EXTENDED, malformed } from './attribute.js';
import { AS4_PATH_MALFORMED, decodeSegments } from './as-path.js';

/** RFC 7606 §7.7: an AGGREGATOR of the wrong length is discarded. */
const AGGREGATOR_MALFORMED = malformed('AGGREGATOR', SUBCODE.UPDATE_ATTRIBUTE_LENGTH, 'attribute-discard');
/** RFC 6793 §6: a malformed AS4_AGGREGATOR is discarded. */
const AS4_AGGREGATOR_MALFORMED = malformed('AS4_AGGREGATOR', SUBCODE.UPDATE_OPTIONAL_ATTRIBUTE, 'attribute-discard');
/** RFC 7606 §7.8: COMMUNITIES not a non-zero multiple of 4 is treat-as-withdraw. */
const COMMUNITIES_MALFORMED = malformed('COMMUNITIES', SUBCODE.UPDATE_OPTIONAL_ATTRIBUTE, 'treat-as-withdraw');
/** RFC 8092 §5: LARGE_COMMUNITY not a non-zero multiple of 12 is treat-as-withdraw. */
const LARGE_COMMUNITY_MALFORMED = malformed('LARGE_COMMUNITY', SUBCODE.UPDATE_OPTIONAL_ATTRIBUTE, 'treat-as-withdraw');

/** Type codes kept raw but understood, so they are not "unrecognized well-known" (RFC 4271 §6.3). */
export const KEPT_RAW: ReadonlySet<number> = new Set([
  ATTR.AGGREGATOR, ATTR.COMMUNITIES, ATTR.AS4_PATH, ATTR.AS4_AGGREGATOR, ATTR.LARGE_COMMUNITY,
]);

/** Length checks of the attributes in KEPT_RAW; anything else passes. */
export function checkRawAttribute(type: number, b: Uint8Array, off: number, len: number, ctx: CodecContext): void {
  switch (type) {
    case ATTR.AGGREGATOR: {
      const want = ctx.fourOctetAs ? 8 : 6;
      if (len !== want) fail(AGGREGATOR_MALFORMED, `expected length ${want}, got ${len}`);
      return;
    }
    case ATTR.AS4_AGGREGATOR:
      if (len !== 8) fail(AS4_AGGREGATOR_MALFORMED, `expected length 8, got ${len}`);
      return;
    case ATTR.AS4_PATH:
      decodeSegments(b, off, len, 4, AS4_PATH_MALFORMED);
      return;
    case ATTR.COMMUNITIES:
      if (len === 0 || len % 4 !== 0) fail(COMMUNITIES_MALFORMED, `expected a non-zero multiple of 4 octets, got ${len}`);
      return;
    case ATTR.LARGE_COMMUNITY:
      if (len === 0 || len % 12 !== 0) fail(LARGE_COMMUNITY_MALFORMED, `expected a non-zero multiple of 12 octets, got ${len}`);
      return;
  }
}

/** Keeps an attribute as received (flags byte included, so Extended Length round-trips). */
export const decodeRawAttribute = (flags: number, type: number, b: Uint8Array, off: number, len: number): RawAttribute => ({
  flags, type, value: b.slice(off, off + len),
});

/** Writes a raw attribute back, in its original length form unless the value no longer fits one octet. */
export function encodeRawAttribute(w: Writer, a: RawAttribute): void {
  const ext = (a.flags & FLAG_EXTENDED) !== 0 || a.value.length > 255;
  w.u8(ext ? a.flags | FLAG_EXTENDED : a.flags).u8(a.type);
  if (ext) w.u16(a.value.length);
  else w.u8(a.value.length);
  w.bytes(a.value);
}
