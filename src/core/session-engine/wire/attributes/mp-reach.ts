// MP_REACH_NLRI (RFC 4760 §3): optional non-transitive; AFI(2) SAFI(1) NH Length(1) Next Hop Reserved(1) NLRI.
// For L2VPN/EVPN the next hop is the VTEP: 4 octets IPv4, 16 IPv6, 32 IPv6 global + link-local.
// It is decoded once per UPDATE and its routes share the UPDATE's attributes.
import { fail } from '../errors.js';
import { be16 } from '../bytes.js';
import { formatIpv4, formatIpv6, ipBytes } from '../text/addr.js';
import { SUBCODE } from '../notification-text.js';
import { AFI_L2VPN, SAFI_EVPN, type EvpnRoute, type MpReach } from '../types.js';
import type { Writer } from '../writer.js';
import { decodeEvpnRoutes, encodeEvpnRoute } from '../evpn/index.js';
import { ATTR, OPTIONAL_NON_TRANSITIVE, beginAttribute, endAttribute, malformed } from './attribute.js';

/**
 * RFC 7606 §7.11 / RFC 4760 §7: when the next-hop length is inconsistent the NLRI can't be located, so
 * "session reset" or "AFI/SAFI disable"; with EVPN as the only family both end the same, we reset.
 */
export const MP_REACH_MALFORMED = malformed('MP_REACH_NLRI', SUBCODE.UPDATE_OPTIONAL_ATTRIBUTE, 'session-reset');

/** True for the one family this speaker interprets. */
export const isEvpn = (afi: number, safi: number): boolean => afi === AFI_L2VPN && safi === SAFI_EVPN;

/** Decodes next hops of 4, 16 or 32 octets; null for any other length. */
export function decodeNextHops(b: Uint8Array, off: number, len: number): string[] | null {
  if (len === 4) return [formatIpv4(b, off)];
  if (len === 16) return [formatIpv6(b, off)];
  if (len === 32) return [formatIpv6(b, off), formatIpv6(b, off + 16)];
  return null;
}

/** Decodes the MP_REACH_NLRI value. */
export function decodeMpReach(b: Uint8Array, off: number, len: number): MpReach {
  if (len < 5) fail(MP_REACH_MALFORMED, `expected at least 5 octets, got ${len}`);
  const afi = be16(b, off);
  const safi = b[off + 2]!;
  const nhLen = b[off + 3]!;
  const end = off + len;
  const nhOff = off + 4;
  if (nhOff + nhLen + 1 > end) fail(MP_REACH_MALFORMED, `next hop of ${nhLen} octets and the reserved octet overrun ${len} octets`);
  const nlriOff = nhOff + nhLen + 1;
  const nextHops = decodeNextHops(b, nhOff, nhLen);
  if (isEvpn(afi, safi)) {
    if (!nextHops) fail(MP_REACH_MALFORMED, `expected an EVPN next hop of 4, 16 or 32 octets, got ${nhLen}`);
    const evpn: EvpnRoute[] = [];
    decodeEvpnRoutes(b, nlriOff, end, evpn);
    return { afi, safi, nextHops, evpn };
  }
  const reach: MpReach = { afi, safi, nextHops: nextHops ?? [], evpn: [], rawNlri: b.slice(nlriOff, end) };
  if (!nextHops) reach.rawNextHop = b.slice(nhOff, nhOff + nhLen);
  return reach;
}

/** Writes the MP_REACH_NLRI attribute, with Extended Length always set as FRR sends it. */
export function encodeMpReach(w: Writer, m: MpReach): void {
  const at = beginAttribute(w, OPTIONAL_NON_TRANSITIVE, ATTR.MP_REACH_NLRI);
  w.u16(m.afi).u8(m.safi);
  const nhAt = w.placeholder(1);
  if (m.rawNextHop) w.bytes(m.rawNextHop);
  else for (const nh of m.nextHops) w.bytes(ipBytes(nh));
  w.patch(nhAt, 1);
  w.u8(0);
  for (const r of m.evpn) encodeEvpnRoute(w, r);
  if (m.rawNlri) w.bytes(m.rawNlri);
  endAttribute(w, at, true);
}
