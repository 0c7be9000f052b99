// The two halves the daemon runtime composes: the BGP side (sessions + RouteEngine) and the OVN side
// (programmer + NB monitor). Both are driven only from inside the daemon's single state-change queue.
import type { MacFilter, ResetMode, RouteFilter } from '../api/core-api.js';
import type { GroupMember } from '../route-engine/rib/rib.js';
import type { EvpnEvent } from '../route-engine/evpn/events.js';
import type { DesiredState } from '../model/config.js';
import type { ClientView, MacView, SubsystemStatus, RouteView } from '../model/views.js';
import type { LocalMacs, NeighborRuntime, NetworkRuntime, PortAddresses } from '../model/live.js';

/** The BGP side: speaker, sessions, RIB and EVIs. */
export interface BgpService {
  /** Reconfigures speaker, neighbors, networks and configured clients; returns the EVPN events it caused. */
  apply(state: DesiredState): Promise<EvpnEvent[]>;
  /** Replaces the OVN-discovered local MACs of one VNI; returns the EVPN events it caused. */
  setLocalMacs(vni: number, macs: LocalMacs): EvpnEvent[];
  /**
   * Whether our routes go to peers (default on). Off on an HA standby: sessions stay up and the whole
   * table is learned, so a takeover programs at once, but no type 3 and no local MAC reaches a peer.
   * Turning it on is a takeover: each local MAC goes out with a sequence above the highest seen for it.
   */
  setAdvertising(on: boolean): EvpnEvent[];
  /**
   * The other members of our HA group: their routes (reflected to us by the fabric) are shown but never
   * imported, and their MAC sequences are remembered for our takeover (RFC 7432 §15.1).
   */
  setGroupMembers(members: readonly GroupMember[]): EvpnEvent[];
  /** `detail`: also the per-route-type counts, which walk the RIB (`neighbor show`, not `list`). */
  neighbor(address: string, detail?: boolean): NeighborRuntime;
  network(vni: number): NetworkRuntime;
  /** An operator reset of one neighbor's session (hard, or soft in/out); what it did, in words. */
  resetNeighbor(address: string, mode: ResetMode): { notes: string[] } & { events: EvpnEvent[] };
  clearDuplicate(vni: number, mac: string): { location: string; events: EvpnEvent[] };
  /** The Established peers and whether they take ROUTE-REFRESH. */
  establishedPeers(): { address: string; routeRefresh: boolean }[];
  /** Remote MACs (source 'remote', with next hop) and OVN-discovered ones (source 'ovn'). */
  learnedClients(vni?: number): ClientView[];
  routes(filter: RouteFilter): RouteView[];
  macs(filter: MacFilter): MacView[];
  routeCounts(): { local: number; remote: number };
  status(): SubsystemStatus;
  /**
   * Resolves once the routes after a (re)start are complete: every configured neighbor is Established
   * and has sent End-of-RIB (RFC 4724 §4.1), or a bounded wait (e.g. the GR restart time) has passed,
   * or there are no neighbors. Until then the OVN side must not delete what a previous run programmed,
   * so a daemon restart does not interrupt forwarding.
   */
  initialSync(): Promise<void>;
  close(): Promise<void>;
}

/** The OVN side: OVS/OVN programming from EVPN events, and discovery of local VM ports. */
export interface OvnService {
  /** Reconfigures the mapped switches and the own VTEP IP. */
  apply(state: DesiredState): void;
  /** Programs OVS/OVN for these events (batched). */
  program(events: readonly EvpnEvent[]): void;
  resolvePort(nameOrUuid: string): Promise<PortAddresses>;
  status(): SubsystemStatus;
  close(): Promise<void>;
}
