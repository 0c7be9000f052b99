// MP_UNREACH_NLRI (RFC 4760 §4): optional non-transitive; AFI(2) SAFI(1) Withdrawn Routes. With no
// routes it is the End-of-RIB marker of that family (RFC 4724 §2).
import { fail } from '../errors.js';
import { be16 } from '../bytes.js';
import { SUBCODE } from '../notification-text.js';
import type { EvpnRoute, MpUnreach } from '../types.js';
import type { Writer } from '../writer.js';
import { decodeEvpnRoutes, encodeEvpnRoute } from '../evpn/index.js';
import { ATTR, OPTIONAL_NON_TRANSITIVE, beginAttribute, endAttribute, malformed } from './attribute.js';
import { isEvpn } from './mp-reach.js';

/** RFC 4760 §7 / RFC 7606 §5.3: a malformed MP_UNREACH_NLRI resets the session (EVPN is our only family). */
export const MP_UNREACH_MALFORMED = malformed('MP_UNREACH_NLRI', SUBCODE.UPDATE_OPTIONAL_ATTRIBUTE, 'session-reset');

/** Decodes the MP_UNREACH_NLRI value. */
export function decodeMpUnreach(b: Uint8Array, off: number, len: number): MpUnreach {
  if (len < 3) fail(MP_UNREACH_MALFORMED, `expected at least 3 octets, got ${len}`);
  const afi = be16(b, off);
  const safi = b[off + 2]!;
  if (!isEvpn(afi, safi)) return { afi, safi, evpn: [], rawNlri: b.slice(off + 3, off + len) };
  const evpn: EvpnRoute[] = [];
  decodeEvpnRoutes(b, off + 3, off + len, evpn);
  return { afi, safi, evpn };
}

/**
 * Writes the MP_UNREACH_NLRI attribute as FRR does: Extended Length when it withdraws routes, the short
 * form for an End-of-RIB marker (FRR and GoBGP both send `80 0f 03 <afi> <safi>`).
 */
export function encodeMpUnreach(w: Writer, m: MpUnreach): void {
  const at = beginAttribute(w, OPTIONAL_NON_TRANSITIVE, ATTR.MP_UNREACH_NLRI);
  w.u16(m.afi).u8(m.safi);
  for (const r of m.evpn) encodeEvpnRoute(w, r);
  if (m.rawNlri) w.bytes(m.rawNlri);
  endAttribute(w, at, m.evpn.length > 0 || (m.rawNlri?.length ?? 0) > 0);
}
