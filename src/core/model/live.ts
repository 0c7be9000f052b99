// The live state the subsystems report to the core API, beside the configured objects (config.ts) and the
// shown ones (views.ts): the BGP side fills in neighbors and networks, the OVN side a port's addresses. Kept
// here, below both the daemon and the BGP side, so neither has to import the other for a shape.
import type { NeighborView, PrefixCounts } from './views.js';

/** Live state of one neighbor's session: the part of its view the BGP side fills in. */
export type NeighborRuntime = Pick<NeighborView, 'state' | 'uptime' | 'prefixes' | 'capabilities' | 'negotiatedHoldTime' | 'lastError' | 'lastErrorAge' | 'messages'
  | 'lastAttemptError' | 'downtime' | 'peerRouterId' | 'connection' | 'routeTypes' | 'history'>;

/** Live counts of one EVPN instance. */
export interface NetworkRuntime {
  localMacs: number;
  remoteMacs: number;
  remoteVteps: string[];
  duplicateMacs?: { mac: string; location: string }[];
  /** From the OVN side, when it runs. */
  switchStatus?: 'ok' | 'waiting for logical switch' | 'unknown';
  /** The flood list; absent means the same as remoteVteps (a runtime that does not tell them apart). */
  floodVteps?: string[];
}

/** The MAC/IPs an OVN logical switch port carries, for `client add` without --mac. */
export interface PortAddresses {
  logicalSwitch: string;
  /** The switch's uuid (a network may name its switch by uuid). */
  logicalSwitchUuid?: string;
  entries: { mac: string; ips: string[] }[];
}

/** Local MACs of one VNI found on its logical switch's VM ports: mac -> IPs. */
export type LocalMacs = ReadonlyMap<string, readonly string[]>;

const ZERO: PrefixCounts = { received: 0, accepted: 0, advertised: 0 };

/** Zero counts for every EVPN route type. */
export const zeroRouteTypes = (): NeighborRuntime['routeTypes'] => ({
  1: { ...ZERO }, 2: { ...ZERO }, 3: { ...ZERO }, 4: { ...ZERO }, 5: { ...ZERO },
});

/** A neighbor without a session (yet): idle, no counters, these prefix counts. */
export const idleNeighbor = (prefixes: PrefixCounts = { ...ZERO }): NeighborRuntime => ({
  state: 'idle', uptime: null, prefixes, capabilities: [], negotiatedHoldTime: null, lastError: null, lastErrorAge: null, messages: { sent: 0, received: 0 },
  lastAttemptError: null, downtime: null, peerRouterId: null, connection: null, routeTypes: zeroRouteTypes(), history: [],
});
