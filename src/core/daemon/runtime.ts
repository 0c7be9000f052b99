// What the core API needs from the running subsystems (BGP speaker, EVPN instances, OVN programmer).
// The API owns the desired configuration; the runtime turns it into sessions, routes and OVN objects
// and reports live state back.
import type { DesiredState } from '../model/config.js';
import type { ClientView, HaView, MacView, NeighborView, PrefixCounts, RouteView, SubsystemStatus } from '../model/views.js';
import type { MacFilter, RouteFilter } from '../api/core-api.js';

/** Live state of one neighbor's session: the part of its view the BGP side fills in. */
export type NeighborRuntime = Pick<NeighborView, 'state' | 'uptime' | 'prefixes' | 'capabilities' | 'negotiatedHoldTime' | 'lastError' | 'lastErrorAge' | 'messages'>;

/** Live counts of one EVPN instance. */
export interface NetworkRuntime {
  localMacs: number;
  remoteMacs: number;
  remoteVteps: string[];
  /** The flood list; absent means the same as remoteVteps (a runtime that does not tell them apart). */
  floodVteps?: string[];
}

/** The MAC/IPs an OVN logical switch port carries, for `client add` without --mac. */
export interface PortAddresses {
  logicalSwitch: string;
  entries: { mac: string; ips: string[] }[];
}

export interface Runtime {
  /** Reconfigures every subsystem to `state`. Called in the state-change queue after each persisted change. */
  apply(state: DesiredState): Promise<void>;
  neighbor(address: string): NeighborRuntime;
  network(vni: number): NetworkRuntime;
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

const ZERO: PrefixCounts = { received: 0, accepted: 0, advertised: 0 };

/** A runtime with no BGP and no OVN: sessions stay idle and nothing is learned. It says so in status. */
export class IdleRuntime implements Runtime {
  async apply(_state: DesiredState): Promise<void> {}
  neighbor(_address: string): NeighborRuntime {
    return { state: 'idle', uptime: null, prefixes: { ...ZERO }, capabilities: [], negotiatedHoldTime: null, lastError: null, lastErrorAge: null, messages: { sent: 0, received: 0 } };
  }
  network(_vni: number): NetworkRuntime {
    return { localMacs: 0, remoteMacs: 0, remoteVteps: [], floodVteps: [] };
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
