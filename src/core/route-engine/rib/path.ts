// A path: one NLRI as one peer announced it. The attributes object is shared by reference among all
// the NLRI of one UPDATE (never copied per route): that sharing is what keeps 100k routes small.
import type { EvpnNlri, PathAttributes } from '../../session-engine/wire/types.js';

/** What the decision process needs to know about the peer a path came from (RFC 4271 §9.1.2.2). */
export interface PeerRef {
  /** The neighbor address: peers are keyed by it (VTEPs never are: see Path.nextHop). */
  readonly address: string;
  /** The BGP Identifier from the peer's OPEN. */
  readonly routerId: string;
  /** True when the peer is in another AS. */
  readonly ebgp: boolean;
}

/** One route as received from one peer. */
export interface Path {
  readonly peer: PeerRef;
  /** routeKey(nlri), computed once on arrival. */
  readonly key: string;
  readonly nlri: EvpnNlri;
  /** The UPDATE's attributes without MP_REACH/MP_UNREACH, shared by every NLRI of that UPDATE. */
  readonly attributes: PathAttributes;
  /** The MP_REACH next hop: the VTEP of a type-2 route (RFC 8365 §5.1.3). */
  readonly nextHop: string;
  /** Monotonic milliseconds from the injected clock. */
  readonly receivedAt: number;
  /** False when an inbound check refused the path (loop, own VTEP): kept for counts and display only. */
  readonly accepted: boolean;
  /** Refused as our own route sent back to us (a route reflector, an eBGP peer): see Rib.isOwnRoute. */
  readonly reflected: boolean;
  /** Refused as the route of another member of our HA group (issue 10): see Rib.setGroupMembers. */
  readonly group: boolean;
  /** Set while the peer restarts gracefully (RFC 4724 §4.2); cleared by a fresh announcement. */
  stale: boolean;
}

/** The VTEP a route points at: the originating IP for type 3/4 (what FRR floods to), else the next hop. */
export const routeVtep = (nlri: EvpnNlri, nextHop: string): string =>
  (nlri.type === 3 || nlri.type === 4 ? nlri.originatorIp : nextHop);

/** The VTEP a path points at (routeVtep of its NLRI and next hop). */
export const vtepOf = (path: Path): string => routeVtep(path.nlri, path.nextHop);
