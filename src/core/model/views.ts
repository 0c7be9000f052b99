// What the daemon shows: the objects behind every table and every `--json` output.
// These shapes are the stable machine interface documented in the README; add fields, never rename.

export type BgpState = 'idle' | 'connect' | 'active' | 'opensent' | 'openconfirm' | 'established';

export interface SpeakerView {
  asn: number;
  routerId: string;
  /** The VTEP we advertise (IPv4 when we have one). */
  vtepIp: string;
  /** Our VTEP per family (null: none of that family). */
  vtepIp4: string | null;
  vtepIp6: string | null;
  listenAddress: string | null;
  listenPort: number;
}

export interface PrefixCounts {
  received: number;
  accepted: number;
  advertised: number;
}

export interface NeighborView {
  address: string;
  remoteAs: number;
  localAddress: string | null;
  port: number;
  passive: boolean;
  holdTime: number;
  ebgpMultihop: number | null;
  type: 'ibgp' | 'ebgp' | null;
  state: BgpState;
  /** Seconds in Established, null when not established. */
  uptime: number | null;
  prefixes: PrefixCounts;
  /** Capabilities both sides announced, e.g. "mp-evpn", "route-refresh", "4-octet-as", "graceful-restart". */
  capabilities: string[];
  /** Negotiated hold time, null when not established. */
  negotiatedHoldTime: number | null;
  /** The last error: a NOTIFICATION decoded to text, or a transport error. */
  lastError: string | null;
  messages: { sent: number; received: number };
}

export interface NetworkView {
  vni: number;
  logicalSwitch: string;
  networkId: string | null;
  rd: string | null;
  importRts: string[];
  exportRts: string[];
  floodUnknown: boolean;
  localMacs: number;
  remoteMacs: number;
  /** Every remote VTEP with an imported route in this VNI. */
  remoteVteps: string[];
  /** The remote VTEPs that get BUM traffic: those with a type 3 with ingress replication (RFC 8365 §9). */
  floodVteps: string[];
}

export interface ClientView {
  vni: number;
  mac: string;
  ip: string | null;
  port: string | null;
  /** config: `client add`; ovn: a VM port found on the logical switch; remote: learned through BGP. */
  source: 'config' | 'ovn' | 'remote';
  nextHop: string | null;
}

export interface RouteView {
  type: 1 | 2 | 3 | 4 | 5;
  rd: string;
  esi: string | null;
  etag: number;
  mac: string | null;
  ip: string | null;
  /** The VNI the route was imported into (by RT), null when no EVI imports it. */
  vni: number | null;
  /** The label (VNI) carried in the NLRI or PMSI, null for types without one. */
  label: number | null;
  nextHop: string;
  originatorIp: string | null;
  rts: string[];
  seq: number;
  sticky: boolean;
  best: boolean;
  stale: boolean;
  /** "local" for our own routes, else the neighbor address. */
  from: string;
  prefix: string | null;
}

export interface SubsystemStatus {
  state: 'ok' | 'degraded' | 'disabled' | 'starting';
  lastError: string | null;
  /** Standing problems, one line each (OVN: remote VTEPs that cannot be programmed, OVS interface errors). */
  problems?: string[];
}

export interface StatusView {
  version: string;
  protocolVersion: number;
  pid: number;
  uptime: number;
  socket: string;
  stateDir: string;
  speaker: SpeakerView | null;
  neighbors: { configured: number; established: number };
  networks: number;
  clients: number;
  routes: { local: number; remote: number };
  bgp: SubsystemStatus;
  ovn: SubsystemStatus;
}
