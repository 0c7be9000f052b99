// What the core API needs from the running subsystems (BGP speaker, EVPN instances, OVN programmer).
// The API owns the desired configuration; the runtime turns it into sessions, routes and OVN objects
// and reports live state back.
import type { DesiredState } from '../model/config.js';
import type { ClientView, HaView, MacView, RouteView, SubsystemStatus } from '../model/views.js';
import { idleNeighbor, type NeighborRuntime, type NetworkRuntime, type PortAddresses } from '../model/live.js';
import type { MacFilter, ResetMode, RouteFilter } from '../api/core-api.js';
import { NotFoundError } from '../errors.js';
import { MonitorBus, type MonitorEvent } from './monitor-bus.js';

export interface Runtime {
  /** Reconfigures every subsystem to `state`. Called in the state-change queue after each persisted change. */
  apply(state: DesiredState): Promise<void>;
  /** `detail`: also the per-route-type counts, which walk the RIB (`neighbor show`, not `list`). */
  neighbor(address: string, detail?: boolean): NeighborRuntime;
  network(vni: number): NetworkRuntime;
  /** An operator reset of one neighbor's session (hard, or soft in/out); what it did, in words. */
  resetNeighbor(address: string, mode: ResetMode): { notes: string[] };
  /** The Established peers and whether they take ROUTE-REFRESH. */
  establishedPeers(): { address: string; routeRefresh: boolean }[];
  /** Lifts the duplicate-detection freeze of a MAC (RFC 7432 §15.1); where it is placed now. NotFoundError when not frozen. */
  clearDuplicate(vni: number, mac: string): { location: string };
  /** The VM ports (on mapped switches, as the NB monitor sees them) that carry this MAC, with their VNI. */
  macPorts(mac: string): { vni: number; port: string }[];
  /** True once OVN has everything desired so far; false when timeoutMs passed first. */
  ovnProgrammed(timeoutMs: number): Promise<boolean>;
  /** What happens from now on (sessions, routes in/out, MAC and VTEP changes, OVN batches), until the consumer stops. */
  monitor(): AsyncIterable<MonitorEvent>;
  /** Resolves once the OVN side knows which switches exist, or after timeoutMs. */
  ovnSettled(timeoutMs: number): Promise<void>;
  /** Clients that were not configured: OVN-discovered VM ports and remote MACs. */
  learnedClients(vni?: number): ClientView[];
  routes(filter: RouteFilter): RouteView[];
  macs(filter: MacFilter): MacView[];
  routeCounts(): { local: number; remote: number };
  bgpStatus(): SubsystemStatus;
  ovnStatus(): SubsystemStatus;
  /** The HA role in its group (role none without a group). */
  haStatus(): HaView;
  /** Looks up an OVN logical switch port; null when OVN is not connected. Throws NotFoundError for unknown ports. */
  resolvePort(nameOrUuid: string): Promise<PortAddresses | null>;
  close(): Promise<void>;
}

/** The HA view of a daemon without a group. */
export const NO_HA: HaView = { role: 'none', group: null, chassis: null, holder: null, epoch: null, lastChange: null, takeovers: 0, lock: null };

/** A runtime with no BGP and no OVN: sessions stay idle and nothing is learned. It says so in status. */
export class IdleRuntime implements Runtime {
  async apply(_state: DesiredState): Promise<void> {}
  neighbor(_address: string, _detail?: boolean): NeighborRuntime {
    return idleNeighbor();
  }
  network(_vni: number): NetworkRuntime {
    return { localMacs: 0, remoteMacs: 0, remoteVteps: [], floodVteps: [] };
  }
  resetNeighbor(address: string, _mode: ResetMode): { notes: string[] } {
    throw new NotFoundError(`no session with ${address}: this daemon runs no BGP`);
  }
  establishedPeers(): { address: string; routeRefresh: boolean }[] {
    return [];
  }
  async ovnSettled(_timeoutMs: number): Promise<void> {}
  private readonly bus = new MonitorBus();
  monitor(): AsyncIterable<MonitorEvent> {
    return this.bus.subscribe(); // nothing happens without BGP and OVN: the stream stays open and quiet
  }
  async ovnProgrammed(_timeoutMs: number): Promise<boolean> {
    return true;
  }
  macPorts(_mac: string): { vni: number; port: string }[] {
    return [];
  }
  clearDuplicate(vni: number, mac: string): { location: string } {
    throw new NotFoundError(`expected MAC ${mac} in VNI ${vni} to be a frozen duplicate: this daemon runs no BGP`);
  }
  learnedClients(_vni?: number): ClientView[] {
    return [];
  }
  routes(_filter: RouteFilter): RouteView[] {
    return [];
  }
  macs(_filter: MacFilter): MacView[] {
    return [];
  }
  routeCounts() {
    return { local: 0, remote: 0 };
  }
  bgpStatus(): SubsystemStatus {
    return { state: 'disabled', lastError: null };
  }
  ovnStatus(): SubsystemStatus {
    return { state: 'disabled', lastError: null };
  }
  haStatus(): HaView {
    return NO_HA;
  }
  async resolvePort(_nameOrUuid: string): Promise<PortAddresses | null> {
    return null;
  }
  async close(): Promise<void> {}
}
