// The decision process between paths of one route key (RFC 4271 §9.1.2.2), reduced to the steps that
// matter for EVPN, with the MAC mobility rule of RFC 7432 §15 applied first to MAC/IP routes (as FRR does).
import type { AttrInfoCache } from './attr-info.js';
import { compareIp } from './ip-order.js';
import { compareClaimParts } from './mac-mobility.js';
import type { Path } from './path.js';

/** A total order on paths of the same key: negative when a is preferred. */
export type PathOrder = (a: Path, b: Path) => number;

/** Builds the path order over a shared attribute cache. */
export function pathOrder(attrs: AttrInfoCache): PathOrder {
  return (a, b) => {
    const ia = attrs.get(a.attributes);
    const ib = attrs.get(b.attributes);
    if (a.nlri.type === 2 && b.nlri.type === 2) {
      // RFC 7432 §15.1/§15.2: sticky, then higher sequence, then lower VTEP (next hop).
      const m = compareClaimParts(ia.sticky, ia.seq, a.nextHop, ib.sticky, ib.seq, b.nextHop);
      if (m !== 0) return m;
    }
    // (a) highest LOCAL_PREF
    if (ia.localPref !== ib.localPref) return ib.localPref - ia.localPref;
    // (b) shortest AS_PATH
    if (ia.asPathLength !== ib.asPathLength) return ia.asPathLength - ib.asPathLength;
    // (c) lowest ORIGIN
    if (ia.origin !== ib.origin) return ia.origin - ib.origin;
    // (d) lowest MED, only between paths from the same neighbor AS
    if (ia.neighborAs === ib.neighborAs && ia.med !== ib.med) return ia.med - ib.med;
    // (e) eBGP over iBGP
    if (a.peer.ebgp !== b.peer.ebgp) return a.peer.ebgp ? -1 : 1;
    // (f) lowest BGP Identifier; the ORIGINATOR_ID stands for it on reflected paths (RFC 4456 §9)
    const ida = ia.originatorId ?? a.peer.routerId;
    const idb = ib.originatorId ?? b.peer.routerId;
    const byId = compareIp(ida, idb);
    if (byId !== 0) return byId;
    // RFC 4456 §9: shorter CLUSTER_LIST
    if (ia.clusterListLength !== ib.clusterListLength) return ia.clusterListLength - ib.clusterListLength;
    // (g) lowest peer address: unique per peer, so the order is total
    return compareIp(a.peer.address, b.peer.address);
  };
}
