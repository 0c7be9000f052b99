// What the daemon shows: the objects behind every table and every `--json` output.
// These shapes are the stable machine interface documented in the README; add fields, never rename.
import type { ClientConfig, NeighborConfig, NetworkConfig, SpeakerConfig } from './config.js';

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
  /**
   * The last error: a NOTIFICATION decoded to text, or a transport error. While the session is Established
   * only the error that ended the previous session (if any) is shown; failed attempts before it are not.
   */
  lastError: string | null;
  /** Seconds since lastError happened, null without one. */
  lastErrorAge: number | null;
  messages: { sent: number; received: number };
  /** The latest failed connection attempt, when it differs from lastError (a peer refusing our redials after its Cease). */
  lastAttemptError: string | null;
  /** Seconds since the last session ended, null when none has ended (Up/Down shows it while not established). */
  downtime: number | null;
  /** The peer's BGP identifier from its OPEN, null when not established. */
  peerRouterId: string | null;
  /** TCP endpoints of the Established connection, null when not established. */
  connection: { localAddress: string; localPort: number; remoteAddress: string; remotePort: number } | null;
  /** EVPN routes per route type (1..5): received from the peer, accepted (imported), advertised to it. */
  routeTypes: Record<'1' | '2' | '3' | '4' | '5', PrefixCounts>;
  /** The last 10 session ups and downs, newest first, with the reason of each down. */
  history: { event: 'up' | 'down'; age: number; reason: string | null }[];
}

export interface NetworkView {
  vni: number;
  logicalSwitch: string;
  networkId: string | null;
  rd: string | null;
  importRts: string[];
  /**
   * What import matches: the configured import RTs exactly, or for automatic ones the VNI with any AS,
   * `*:<VNI>` and the RFC 8365 form `*:<VNI | 0x10000000>` (as FRR imports over eBGP).
   */
  importMatch: string[];
  exportRts: string[];
  floodUnknown: boolean;
  localMacs: number;
  remoteMacs: number;
  /** Every remote VTEP with an imported route in this VNI. */
  remoteVteps: string[];
  /**
   * Whether the logical switch exists in the OVN NB: 'ok', 'waiting for logical switch' (mapped but not
   * there: nothing is advertised or programmed for the VNI until it appears), or 'unknown' (OVN not connected).
   */
  switchStatus: 'ok' | 'waiting for logical switch' | 'unknown';
  /** MACs frozen by duplicate detection (RFC 7432 §15.1), where they are frozen ("local" or a VTEP); `mac clear-duplicate` lifts one. */
  duplicateMacs: { mac: string; location: string }[];
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
  /**
   * Remote clients: the OpenFlow port number of the VXLAN interface towards nextHop on br-int (rest_vtep's
   * `port` of a remote client); null until ovs-vswitchd assigned one. Absent for the other sources.
   */
  ofport?: number | null;
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
  /**
   * OVN is programmed from this route: a MAC/IP route whose VTEP is where the EVI places the MAC after
   * the MAC mobility decision (RFC 7432 §15), an imported best type 3 (flood list), or a route of ours.
   */
  used: boolean;
  stale: boolean;
  /**
   * Our own route that a peer sent back (a route reflector, or an eBGP peer): ORIGINATOR_ID = our router
   * id, its VTEP = ours, or a type-1 RD of our router id or VTEP IP. Shown, never imported.
   */
  reflected: boolean;
  /**
   * The chassis of the HA group member (issue 10) whose route this is, null for others: the fabric sent
   * us another member's route (its router id, VTEP or type-1 RD). Shown, never imported (`vni` null).
   */
  group: string | null;
  /** "local" for our own routes, else the neighbor address. */
  from: string;
  prefix: string | null;
}

/** One MAC of an EVI's MAC table (`evpnctl mac list`, FRR's `show evpn mac vni`). */
export interface MacView {
  vni: number;
  mac: string;
  /** The IPs of where the MAC is placed (local: ours; remote: merged from the winning VTEP's routes). */
  ips: string[];
  /** local: behind one of our ports; remote: behind `vtep`; none: known but placed nowhere. */
  where: 'local' | 'remote' | 'none';
  /** The remote VTEP the MAC is placed at (null unless remote). */
  vtep: string | null;
  /** Our MAC Mobility sequence number (RFC 7432 §15.1), null when the MAC is not local. */
  localSeq: number | null;
  /** The highest sequence number seen from a remote VTEP, null when none sent the MAC. */
  remoteSeq: number | null;
  /** Static MAC (RFC 7432 §15.2): the sticky flag of the placement. */
  sticky: boolean;
  /** Frozen by duplicate detection (RFC 7432 §15.1: N moves in M seconds). */
  duplicate: boolean;
}

/** The desired configuration as the operator gave it (`evpnctl config show`): no defaults filled in, no runtime state. */
export interface ConfigView {
  speaker: SpeakerConfig | null;
  neighbors: NeighborConfig[];
  /** Without the daemon-assigned RD index. */
  networks: Omit<NetworkConfig, 'index'>[];
  clients: ClientConfig[];
}

export interface SubsystemStatus {
  state: 'ok' | 'degraded' | 'disabled' | 'starting';
  lastError: string | null;
  /** Standing problems, one line each (OVN: remote VTEPs that cannot be programmed, OVS interface errors). */
  problems?: string[];
  /** The full text behind a one-line lastError (the tool's argv, what was expected and what came), for `status --verbose`. */
  detail?: string;
}

/** HA role of the daemon in its group (issue 10); role none without --ha-group. */
export interface HaView {
  role: 'none' | 'standby' | 'active';
  group: string | null;
  /** The chassis this daemon speaks for; null when it is not known (no --chassis, no OVS system-id). */
  chassis: string | null;
  /** The chassis holding the group's fencing token, i.e. the active; null before any. */
  holder: string | null;
  /** The token's epoch (one per takeover); null before any. */
  epoch: number | null;
  /** The last role change: what and why, and how many seconds ago. */
  lastChange: { role: 'none' | 'standby' | 'active'; reason: string; age: number } | null;
  /** Times this daemon became active. */
  takeovers: number;
  /** The lock connection: connecting, waiting, claiming, active; the member it is on; its last error. */
  lock: { state: string; remote: string | null; lastError: string | null } | null;
}

/** The daemon's processes: the supervisor, the session engine (null in --single-process) and the route engine. */
export interface ProcessesView {
  supervisor: number;
  sessionEngine: number | null;
  routeEngine: number;
}

/** What `evpnctl daemon reload` started. */
export interface ReloadView {
  notes: string[];
}

export interface StatusView {
  version: string;
  protocolVersion: number;
  /** The daemon's main pid: the supervisor's (all three processes' in --single-process). */
  pid: number;
  processes: ProcessesView;
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
  ha: HaView;
}
