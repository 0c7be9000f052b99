// End-of-RIB (RFC 4724 §2): for IPv4 unicast an UPDATE with nothing in it; for any other family an
// UPDATE holding only an MP_UNREACH_NLRI of that AFI/SAFI with no withdrawn routes.
import { AFI_IPV4, AFI_L2VPN, SAFI_EVPN, SAFI_UNICAST, type UpdateMessage } from './types.js';

/** The End-of-RIB UPDATE of a family (L2VPN/EVPN by default). */
export function endOfRib(afi: number = AFI_L2VPN, safi: number = SAFI_EVPN): UpdateMessage {
  const empty = new Uint8Array(0);
  if (afi === AFI_IPV4 && safi === SAFI_UNICAST) return { type: 'update', withdrawnRaw: empty, attributes: { other: [] }, nlriRaw: empty };
  return { type: 'update', withdrawnRaw: empty, attributes: { mpUnreach: { afi, safi, evpn: [] }, other: [] }, nlriRaw: empty };
}

/** The family an End-of-RIB marker is for, or null if the UPDATE is not one. */
export function endOfRibFamily(u: UpdateMessage): { afi: number; safi: number } | null {
  // MP_REACH first: nearly every UPDATE has one, and the general test below copies the attributes.
  if (u.attributes.mpReach !== undefined || u.withdrawnRaw.length > 0 || u.nlriRaw.length > 0 || u.attributes.other.length > 0) return null;
  const { mpUnreach, ...rest } = u.attributes;
  const others = Object.entries(rest).filter(([k, v]) => k !== 'other' && v !== undefined);
  if (others.length > 0) return null;
  if (!mpUnreach) return { afi: AFI_IPV4, safi: SAFI_UNICAST };
  if (mpUnreach.evpn.length > 0 || (mpUnreach.rawNlri?.length ?? 0) > 0) return null;
  return { afi: mpUnreach.afi, safi: mpUnreach.safi };
}

/** True when the UPDATE is the End-of-RIB marker of the given family (L2VPN/EVPN by default). */
export function isEndOfRib(u: UpdateMessage, afi: number = AFI_L2VPN, safi: number = SAFI_EVPN): boolean {
  const fam = endOfRibFamily(u);
  return fam !== null && fam.afi === afi && fam.safi === safi;
}
