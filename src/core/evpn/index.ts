// EVPN instances over the RIB: import by RT, MAC mobility, duplicate detection, origination.
//
// Public API (everything is synchronous; each mutating call returns the EvpnEvent[] it caused, in the
// order to apply them: vtep-added before the MACs behind it, vtep-removed after them)
//   new EvpnEngine({ speaker, clock, dupDetection?: { maxMoves=5, windowSeconds=180, freezeSeconds=null },
//                    stalePathSeconds?=360 })
//   networks     .addNetwork(network: NetworkConfig)        type-3 originated; routes matching importMatchesOf(network)
//                                                           imported (configured RTs exactly, else *:<VNI> from any AS)
//                .removeNetwork(vni)                        remote MACs/VTEPs removed; routes stay, vni null
//   local MACs   .setLocalMac(vni, mac, 'config'|'ovn', ips, { sticky? })  .deleteLocalMac(vni, mac, source)
//                .syncLocalMacs(vni, source, Map<mac, ips>)  full snapshot from one source
//   sessions     .peerUp({ address, routerId, ebgp, keepStale?, maxMessageSize? })
//                .peerDown(address, restartTimeSeconds | null)   GR: keep as stale; null: withdraw all
//                .removePeer(address)
//   routes in    .ingest(address, update: UpdateMessage)   withdrawals, announcements or End-of-RIB
//                .withdraw(address, nlri[])  .endOfRib(address)
//   timers       .tick()  .nextDeadline(): number | null    GR restart/stale-path timers, timed freezes
//   routes out   .takeUpdates(address): UpdateMessage[]      only what changed since the last call
//                .refreshUpdates(address): UpdateMessage[]   whole Adj-RIB-Out (route refresh)
//                endOfRib() from bgp/rib: the marker to send after the initial takeUpdates
//   duplicates   .takeDuplicates(): DuplicateMac[]  .clearDuplicate(vni, mac)  evi.duplicates()
//   views        routeList(engine, { vni?, type? }): RouteView[]   (used: evi.macLocation(mac) / evi.floodsTo(vtep))
//                prefixCounts(engine, address): PrefixCounts
//                networkCounts(engine, vni)  remoteClients(engine, vni?): ClientView[]
export { DEFAULT_DUP_DETECTION, type DupDetectionConfig } from './dup-detect.js';
export { EvpnEngine, type EngineOptions, type PeerOut, type SessionInfo } from './engine.js';
export { Evi, type DuplicateMac, type LocalAdvert } from './evi.js';
export type { EvpnEvent, MacAdded, MacMoved, MacRemoved, VtepAdded, VtepRemoved } from './events.js';
export type { LocalSource } from './local-mac.js';
export { LOCAL, placeMac, type Placement } from './mac-place.js';
export { OriginTable, type LocalRoute } from './origin-table.js';
export { ORIGIN_LOCAL_PREF, attributesFor, imetNlri, macNlri, networkOrigin, type NetworkOrigin } from './originate.js';
export { networkCounts, prefixCounts, remoteClients, routeList } from './views.js';
