// AS_PATH (RFC 4271 §5.1.2) and AS4_PATH (RFC 6793 §3): segments of type(1) count(1) ASNs. ASNs are
// 4 octets when both sides have the 4-octet AS capability, else 2 (AS_TRANS 23456 standing in for
// larger ones); AS4_PATH is always 4-octet. iBGP EVPN sends an empty AS_PATH.
import { fail, type OverrunSpec } from '../errors.js';
import { SUBCODE } from '../notification-text.js';
import type { AsPathSegment } from '../types.js';
import type { CodecContext } from '../context.js';
import type { Writer } from '../writer.js';
import { be16, be32 } from '../bytes.js';
import { ATTR, WELL_KNOWN, beginAttribute, endAttribute, malformed } from './attribute.js';

/** RFC 7606 §7.2: a malformed AS_PATH is treat-as-withdraw. */
export const AS_PATH_MALFORMED = malformed('AS_PATH', SUBCODE.UPDATE_MALFORMED_AS_PATH, 'treat-as-withdraw');
/** RFC 6793 §6: a malformed AS4_PATH is discarded, the route kept. */
export const AS4_PATH_MALFORMED = malformed('AS4_PATH', SUBCODE.UPDATE_OPTIONAL_ATTRIBUTE, 'attribute-discard');

/** The 2-octet stand-in for a 4-octet AS (RFC 6793 §9). */
import { AS_TRANS } from '../capabilities/four-octet-as.js';

export { AS_TRANS };

/** Decodes segments with `width`-octet ASNs; unknown segment types, empty segments and overruns are malformed. */
export function decodeSegments(b: Uint8Array, off: number, len: number, width: 2 | 4, spec: OverrunSpec): AsPathSegment[] {
  const end = off + len;
  const out: AsPathSegment[] = [];
  while (off < end) {
    if (end - off < 2) fail(spec, `expected a segment header, got ${end - off} octet left`);
    const type = b[off]!;
    const count = b[off + 1]!;
    if (type < 1 || type > 4) fail(spec, `expected segment type 1..4, got ${type}`);
    if (count === 0) fail(spec, 'expected a non-empty segment, got count 0');
    off += 2;
    if (off + count * width > end) fail(spec, `segment of ${count} ASNs needs ${count * width} octets, ${end - off} left`);
    const asns = new Array<number>(count);
    for (let i = 0; i < count; i++, off += width) asns[i] = width === 4 ? be32(b, off) : be16(b, off);
    out.push({ type: type as AsPathSegment['type'], asns });
  }
  return out;
}

/** Decodes an AS_PATH value in the session's ASN width. */
export const decodeAsPath = (b: Uint8Array, off: number, len: number, ctx: CodecContext): AsPathSegment[] =>
  decodeSegments(b, off, len, ctx.fourOctetAs ? 4 : 2, AS_PATH_MALFORMED);

/** Decodes an AS4_PATH value (kept raw in `other`; this is for callers that reconcile paths). */
export const decodeAs4Path = (value: Uint8Array): AsPathSegment[] =>
  decodeSegments(value, 0, value.length, 4, AS4_PATH_MALFORMED);

/** Writes segments; on a 2-octet session ASNs above 65535 become AS_TRANS (the caller adds AS4_PATH). */
export function encodeSegments(w: Writer, segments: readonly AsPathSegment[], width: 2 | 4): void {
  for (const seg of segments) {
    if (seg.asns.length === 0 || seg.asns.length > 255) throw new RangeError(`an AS_PATH segment holds 1..255 ASNs, got ${seg.asns.length}`);
    w.u8(seg.type).u8(seg.asns.length);
    for (const asn of seg.asns) {
      if (width === 4) w.u32(asn);
      else w.u16(asn > 0xffff ? AS_TRANS : asn);
    }
  }
}

/** Writes the AS_PATH attribute. */
export function encodeAsPath(w: Writer, segments: readonly AsPathSegment[], ctx: CodecContext): void {
  const at = beginAttribute(w, WELL_KNOWN, ATTR.AS_PATH);
  encodeSegments(w, segments, ctx.fourOctetAs ? 4 : 2);
  endAttribute(w, at, true); // FRR sends AS_PATH with Extended Length even when empty
}

/** Number of ASNs on a path as RFC 4271 §9.1.2.2 counts them: a set counts 1, confederation segments 0. */
export function pathLength(segments: readonly AsPathSegment[]): number {
  let n = 0;
  for (const s of segments) n += s.type === 2 ? s.asns.length : s.type === 1 ? 1 : 0;
  return n;
}

/**
 * RFC 6793 §4.2.3: on a 2-octet session, rebuild the true path from AS_PATH and AS4_PATH. When AS_PATH is
 * shorter than AS4_PATH the AS4_PATH is ignored; otherwise the leading extra ASNs of AS_PATH are kept.
 */
export function reconcileAs4Path(asPath: readonly AsPathSegment[], as4Path: readonly AsPathSegment[]): AsPathSegment[] {
  const extra = pathLength(asPath) - pathLength(as4Path);
  if (extra < 0) return asPath.map((s) => ({ type: s.type, asns: [...s.asns] }));
  const head: AsPathSegment[] = [];
  let need = extra;
  for (const s of asPath) {
    if (need <= 0) break;
    if (s.type === 2) {
      const take = s.asns.slice(0, need);
      head.push({ type: 2, asns: take });
      need -= take.length;
    } else if (s.type === 1) {
      head.push({ type: 1, asns: [...s.asns] });
      need -= 1;
    }
  }
  return [...head, ...as4Path.map((s) => ({ type: s.type, asns: [...s.asns] }))];
}
