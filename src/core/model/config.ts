// The desired configuration the daemon persists: what the operator asked for, nothing learned.
// Runtime state (sessions, routes, OVN objects) is derived from it and never stored here.
import { isIPv4 } from 'node:net';
import { RFC8365_VXLAN_AUTO_RT, wildcardRtKey } from '../session-engine/wire/route-target.js';

/** The BGP speaker: one per daemon. */
export interface SpeakerConfig {
  asn: number;
  routerId: string;
  /**
   * Own VTEP IP (IPv4, or IPv6 as before --vtep-ip6 existed): next hop and originating IP of our routes;
   * defaults to routerId unless only vtepIp6 is given.
   */
  vtepIp?: string;
  /** Own IPv6 VTEP: local_ip of the ports towards IPv6 remote VTEPs; advertised only when there is no IPv4 VTEP. */
  vtepIp6?: string;
  listenAddress?: string;
  listenPort: number;
}

export interface NeighborConfig {
  address: string;
  remoteAs: number;
  localAddress?: string;
  port: number;
  passive: boolean;
  holdTime: number;
  ebgpMultihop?: number;
}

export interface NetworkConfig {
  vni: number;
  /** The OVN logical switch (name or uuid) this VNI is stretched from. */
  logicalSwitch: string;
  /** Set when the network was given as a Neutron network id (logicalSwitch is then neutron-<id>). */
  networkId?: string;
  /** Explicit RD; otherwise type 1 `<router-id>:<index>` (RFC 7432 §7.9). */
  rd?: string;
  /** Explicit RTs; empty means auto `<AS & 0xFFFF>:<VNI>`. */
  importRts: string[];
  exportRts: string[];
  /** Put `unknown` on EVPN ports so OVN floods BUM and unknown unicast to remote VTEPs. */
  floodUnknown: boolean;
  /** Per-VNI index for the automatic RD, stable for the network's lifetime. */
  index: number;
}

/** A MAC/IP advertised explicitly with `client add` (the seed API's clients). */
export interface ClientConfig {
  vni: number;
  mac: string;
  /** The OVN logical switch port (name or uuid) the client sits behind. */
  port: string;
  ip?: string;
}

export interface DesiredState {
  speaker?: SpeakerConfig;
  neighbors: NeighborConfig[];
  networks: NetworkConfig[];
  clients: ClientConfig[];
}

export const DEFAULT_BGP_PORT = 179;
export const DEFAULT_HOLD_TIME = 90; // RFC 4271 §10 suggests 90 s

export const emptyState = (): DesiredState => ({ neighbors: [], networks: [], clients: [] });

/** The logical switch of a Neutron network, as networking-ovn names it. */
export const neutronSwitchName = (networkId: string): string => `neutron-${networkId}`;

/** Our VTEPs, one per family; null for a family we have none in. */
export interface SpeakerVteps {
  ipv4: string | null;
  ipv6: string | null;
}

/**
 * Our VTEP per family. IPv4: --vtep-ip when it is IPv4, else the router id unless an IPv6 VTEP is
 * configured (an IPv6-only underlay has no IPv4 VTEP). IPv6: --vtep-ip6, or --vtep-ip when that is IPv6.
 */
export function speakerVteps(speaker: SpeakerConfig): SpeakerVteps {
  const v = speaker.vtepIp;
  const ipv6 = speaker.vtepIp6 ?? (v !== undefined && !isIPv4(v) ? v : null);
  const ipv4 = v !== undefined ? (isIPv4(v) ? v : null) : ipv6 === null ? speaker.routerId : null;
  return { ipv4, ipv6 };
}

/**
 * The VTEP we advertise (next hop, type-3 originating IP, PMSI tunnel id): the IPv4 one when we have
 * one, as today and as FRR (one `local` address per vxlan device), else the IPv6 one. A remote VTEP of
 * the other family still gets a port with our VTEP of its family as local_ip.
 */
export const vtepIpOf = (speaker: SpeakerConfig): string => {
  const v = speakerVteps(speaker);
  return v.ipv4 ?? v.ipv6 ?? speaker.routerId;
};

/** The RD a network's routes carry: explicit, else type 1 `<router-id>:<index>` (RFC 7432 §7.9). */
export const rdOf = (network: NetworkConfig, speaker: SpeakerConfig): string =>
  network.rd ?? `${speaker.routerId}:${network.index}`;

/** FRR's automatic RT: `<AS & 0xFFFF>:<VNI>` (RFC 8365 §5.1.2.1 permits the AS:VNI form). */
export const autoRt = (asn: number, vni: number): string => `${asn & 0xffff}:${vni}`;

export const importRtsOf = (network: NetworkConfig, speaker: SpeakerConfig): string[] =>
  network.importRts.length > 0 ? network.importRts : [autoRt(speaker.asn, network.vni)];

/**
 * What a network's import matches (the RT import index's keys). Configured import RTs match exactly.
 * Automatic ones match the VNI as an RT's local administrator with any AS, `*:<VNI>`, as FRR and Cumulus
 * do so that eBGP peers (whose auto RT carries their own AS) import each other's routes; and the RFC 8365
 * §5.1.2.1 form `*:<VNI | 0x10000000>` (FRR's `autort rfc8365-compatible`, Junos' `vrf-target auto`).
 */
export const importMatchesOf = (network: NetworkConfig): string[] =>
  (network.importRts.length > 0
    ? network.importRts
    : [wildcardRtKey(network.vni), wildcardRtKey((network.vni | RFC8365_VXLAN_AUTO_RT) >>> 0)]);

export const exportRtsOf = (network: NetworkConfig, speaker: SpeakerConfig): string[] =>
  network.exportRts.length > 0 ? network.exportRts : [autoRt(speaker.asn, network.vni)];

/** Lowest index not used by any network, so RDs stay short and stable. */
export function nextNetworkIndex(networks: readonly NetworkConfig[]): number {
  const used = new Set(networks.map((n) => n.index));
  let i = 1;
  while (used.has(i)) i++;
  return i;
}
