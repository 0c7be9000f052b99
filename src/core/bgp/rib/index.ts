// The BGP RIB for L2VPN/EVPN: pure data structures, no sockets, time from an injected Clock.
//
// Public API
//   routeKey(nlri): string                       compact route key per RFC 7432 §7.1-7.4 / RFC 9136 §3.1
//   keyPrefix(type, rd) / keyPrefixOf(key)      the key up to the RD: what an UPDATE's routes share
//   class UpdateKeys                             routeKey for the NLRI of one UPDATE, prefix built once
//   class Rib(identity, clock, stalePathMs?)     Adj-RIB-In per peer (by neighbor address) + Loc-RIB; accepted
//                                                paths live only in the Loc-RIB, so per-peer work walks it
//     .peerUp(ref, keepStale, out)               session Established (keepStale: GR F bit kept, RFC 4724 §4.2)
//     .peerDown(address, restartTimeSeconds|null, out)   GR: mark stale; else withdraw all
//     .removePeer(address, out)
//     .announce(address, nlri, sharedAttrs, nextHop, out) / .withdraw(address, nlri, out)
//     .announceUpdate(address, nlri[], sharedAttrs, nextHop, out) / .withdrawUpdate(address, nlri[], out)
//                                                the NLRI of one UPDATE at once: shared work done once
//     .endOfRib(address, out) / .expireTimers(out) / .nextDeadline(): number|null
//     .best(key) / .allPaths() / .counts(address) / .attrs (AttrInfoCache)
//     `out` collects BestChange { key, previous, current } — the only thing the EVPN layer consumes.
//   class LocRib(order)                          key → paths best first, split into shards by key prefix
//     .upsert(path, out, shard?) / .remove(peer, key, out, shard?) return the path replaced / removed
//   GroupedPath / PathGroup                      a Path whose UPDATE-wide fields live in one shared group;
//   MacIpPath                                    the same for type 2, its own NLRI (path.nlri === path);
//                                                both made with a Verdict: accepted, refused, or reflected
//                                                (our own route sent back: kept for display, never imported)
//   pathOrder(attrs): (a, b) => number          RFC 4271 §9.1.2.2 with RFC 7432 §15 on top for type 2
//   compareClaims(a, b) / compareClaimParts(...) RFC 7432 §15.1/§15.2 order of MAC claims
//   class RtImportIndex                          import key → VNIs and → route keys (import by RT, never RD);
//                                                a key is an RT's text (exact) or `*:<local admin>` (any AS,
//                                                automatic RTs); trackRun() indexes one UPDATE's changes at once
//   class AdjRibOut<R>                           per-peer sent table + dirty keys; flush() / refresh()
//   packUpdates(withdrawals, announcements, maxMessageSize = 4096): UpdateMessage[]
//   nlriSize(nlri) / attributesSizeBound(attrs)  byte sizes used for packing
//   readUpdate(msg): UpdateContent              EVPN withdrawals/announcements/End-of-RIB of one UPDATE
//   routeRow(nlri, ctx): RouteView               one row of `evpnctl route list`
//   compareIp  (RD/RT/ESI text helpers live with the codec: wire/rd.ts, wire/route-target.ts, wire/esi.ts)
export { AdjRibOut, type OutChanges, type OutRoute } from './adj-rib-out.js';
export { AttrInfoCache, DEFAULT_LOCAL_PREF, type AttrInfo } from './attr-info.js';
export { pathOrder, type PathOrder } from './best-path.js';
export type { MonotonicClock as Clock } from '../../clock.js';
export { compareIp } from './ip-order.js';
export { UpdateKeys, keyPrefix, keyPrefixOf, routeKey } from './keys.js';
export { LocRib, type BestChange, type Shard } from './loc-rib.js';
export { compareClaimParts, compareClaims, type MobilityClaim } from './mac-mobility.js';
export { MAX_MESSAGE_SIZE, attributesSizeBound, nlriSize } from './message-size.js';
export { GroupedPath, MacIpPath, type PathGroup, type Verdict } from './path-group.js';
export { routeVtep, vtepOf, type Path, type PeerRef } from './path.js';
export { DEFAULT_STALE_PATH_SECONDS, Rib, type PeerPathCounts, type RibIdentity } from './rib.js';
export { routeRow, type RowContext } from './route-view.js';
export { RtImportIndex } from './rt-import.js';
export { packUpdates, type Announcement } from './update-packer.js';
export { readUpdate, type UpdateContent } from './update-reader.js';
