// Reads what an UPDATE means for the EVPN RIB: routes withdrawn, routes announced with their next hop
// and one shared attributes object, or the End-of-RIB marker. Other address families are not ours.
import { AFI_L2VPN, SAFI_EVPN, type EvpnNlri, type EvpnRoute, type PathAttributes, type UpdateMessage } from '../../session-engine/wire/types.js';
import { isEndOfRib } from '../../session-engine/wire/end-of-rib.js';
import { isKnownRoute } from '../../session-engine/wire/evpn/index.js';

/** The EVPN content of one UPDATE. */
export interface UpdateContent {
  /** The message's own arrays when every route is of a known type (nearly always): read, never change them. */
  readonly withdrawn: readonly EvpnNlri[];
  readonly announced: readonly EvpnNlri[];
  /** The MP_REACH next hop (the global one when two are given), null when MP_REACH has none. */
  readonly nextHop: string | null;
  /** The UPDATE's attributes minus MP_REACH/MP_UNREACH: shared by all announced routes. */
  readonly attributes: PathAttributes;
  /** An empty MP_UNREACH_NLRI for L2VPN/EVPN and nothing else (RFC 4724 §2). */
  readonly endOfRib: boolean;
  /** NLRI of route types this RIB does not keep (beyond 1..5), ignored. */
  readonly unknownRoutes: number;
}

const isEvpn = (f: { afi: number; safi: number } | undefined): boolean => f?.afi === AFI_L2VPN && f.safi === SAFI_EVPN;

const NO_ROUTES: readonly EvpnNlri[] = Object.freeze([]);

/** The known routes of a list: the list itself when all are (no copy per UPDATE), else a filtered copy. */
function knownRoutes(list: readonly EvpnRoute[] | undefined): readonly EvpnNlri[] {
  if (list === undefined) return NO_ROUTES;
  let all = true;
  for (const n of list) if (!isKnownRoute(n)) all = false;
  return all ? (list as readonly EvpnNlri[]) : list.filter(isKnownRoute);
}

/** Splits an UPDATE into EVPN withdrawals and announcements; one allocation for the shared attributes. */
export function readUpdate(msg: UpdateMessage): UpdateContent {
  const { mpReach, mpUnreach, ...shared } = msg.attributes;
  const reach = isEvpn(mpReach) ? mpReach : undefined;
  const unreach = isEvpn(mpUnreach) ? mpUnreach : undefined;
  const withdrawn = knownRoutes(unreach?.evpn);
  const announced = knownRoutes(reach?.evpn);
  const unknownRoutes = (unreach?.evpn.length ?? 0) + (reach?.evpn.length ?? 0) - withdrawn.length - announced.length;
  // Cheap test first: only an UPDATE with an empty EVPN MP_UNREACH can be the marker (RFC 4724 §2).
  const endOfRib = unreach !== undefined && unreach.evpn.length === 0 && isEndOfRib(msg);
  return { withdrawn, announced, nextHop: reach?.nextHops[0] ?? null, attributes: shared, endOfRib, unknownRoutes };
}
