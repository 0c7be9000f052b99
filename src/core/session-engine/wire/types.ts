// The decoded shapes of BGP messages as the rest of the daemon sees them. This file is the contract
// between the wire codec (encode/decode), the FSM/session and the RIB/EVPN logic.
// Wire-exact values are kept structured (RD, RT types) so that encode(decode(x)) == x, byte for byte.

export const AFI_IPV4 = 1;
export const AFI_IPV6 = 2;
export const AFI_L2VPN = 25; // RFC 4761
export const SAFI_UNICAST = 1;
export const SAFI_EVPN = 70; // RFC 7432 §3

/** Route distinguisher, RFC 4364 §4.2: type 0 (2-octet AS : 4-octet), 1 (IPv4 : 2-octet), 2 (4-octet AS : 2-octet). */
export type RouteDistinguisher =
  | { type: 0; asn: number; assigned: number }
  | { type: 1; ip: string; assigned: number }
  | { type: 2; asn: number; assigned: number };

/** ESI: 10 octets, shown as colon hex ("00:00:00:00:00:00:00:00:00:00" is single-homed), RFC 7432 §5. */
export type Esi = string;

/** RFC 7432 §7.1 Ethernet Auto-Discovery. */
export interface EvpnEthernetAd {
  type: 1;
  rd: RouteDistinguisher;
  esi: Esi;
  etag: number;
  label: number; // raw 24-bit field; for VXLAN the VNI (RFC 8365 §5.1.3)
}

/** RFC 7432 §7.2 MAC/IP Advertisement. ip is null when IP length is 0. */
export interface EvpnMacIp {
  type: 2;
  rd: RouteDistinguisher;
  esi: Esi;
  etag: number;
  mac: string; // lower-case, colon separated
  ip: string | null;
  label1: number; // raw 24-bit field; for VXLAN the whole field is the VNI
  label2?: number; // present only when the NLRI carries a second label (L3VNI, RFC 9135)
}

/** RFC 7432 §7.3 Inclusive Multicast Ethernet Tag. */
export interface EvpnInclusiveMulticast {
  type: 3;
  rd: RouteDistinguisher;
  etag: number;
  originatorIp: string;
}

/** RFC 7432 §7.4 Ethernet Segment. */
export interface EvpnEthernetSegment {
  type: 4;
  rd: RouteDistinguisher;
  esi: Esi;
  originatorIp: string;
}

/** RFC 9136 §3 IP Prefix. prefix is "addr/len"; gateway is the GW IP ("0.0.0.0"/"::" when none). */
export interface EvpnIpPrefix {
  type: 5;
  rd: RouteDistinguisher;
  esi: Esi;
  etag: number;
  prefix: string;
  gateway: string;
  label: number;
}

/** An EVPN route type this codec does not know: kept as opaque bytes so it can be shown and re-encoded. */
export interface EvpnUnknownRoute {
  type: number; // anything but 1..5
  raw: Uint8Array;
}

export type EvpnNlri = EvpnEthernetAd | EvpnMacIp | EvpnInclusiveMulticast | EvpnEthernetSegment | EvpnIpPrefix;

/** Any route found in an EVPN NLRI field: a known type, or an unknown one kept raw (tell them apart with `'raw' in r`). */
export type EvpnRoute = EvpnNlri | EvpnUnknownRoute;

/** Route target, RFC 4360 §3 / RFC 5668: type 0x00 (2-octet AS), 0x01 (IPv4), 0x02 (4-octet AS), subtype 0x02. */
export type RouteTarget =
  | { type: 0; asn: number; assigned: number }
  | { type: 1; ip: string; assigned: number }
  | { type: 2; asn: number; assigned: number };

export const TUNNEL_TYPE_VXLAN = 8; // RFC 9012 §14.5 / RFC 8365 §5.1.3

export type ExtendedCommunity =
  | { kind: 'route-target'; rt: RouteTarget; transitive: boolean }
  | { kind: 'encapsulation'; tunnelType: number } // 0x03/0x0c, RFC 9012 §4.1
  | { kind: 'mac-mobility'; sticky: boolean; seq: number } // 0x06/0x00, RFC 7432 §7.7
  | { kind: 'esi-label'; singleActive: boolean; label: number } // 0x06/0x01, RFC 7432 §7.5
  | { kind: 'router-mac'; mac: string } // 0x06/0x03, RFC 9135 §8.1
  | { kind: 'default-gateway' } // 0x03/0x0d, RFC 7432 §7.8
  | { kind: 'unknown'; bytes: Uint8Array }; // 8 octets, passed through unchanged

/** RFC 6514 §5 PMSI Tunnel attribute. tunnelId is an IP for ingress replication (type 6). */
export interface PmsiTunnel {
  flags: number;
  tunnelType: number; // 6 = ingress replication
  label: number; // raw 24-bit field; the VNI for VXLAN
  tunnelId: string | Uint8Array; // IPv4/IPv6 text when type 6 and 4/16 octets, else raw bytes
}

export const PMSI_INGRESS_REPLICATION = 6;

export interface AsPathSegment {
  type: 1 | 2 | 3 | 4; // AS_SET, AS_SEQUENCE, AS_CONFED_SEQUENCE, AS_CONFED_SET (RFC 5065)
  asns: number[];
}

/** MP_REACH_NLRI (RFC 4760 §3). nextHops holds one address, or two for IPv6 global + link-local. */
export interface MpReach {
  afi: number;
  safi: number;
  nextHops: string[];
  /** EVPN routes when afi/safi is L2VPN/EVPN; empty otherwise (other families are kept in `rawNlri`). */
  evpn: (EvpnNlri | EvpnUnknownRoute)[];
  rawNlri?: Uint8Array;
  /** Next hop octets of another family when they are not one, or two, IP addresses (nextHops is then empty). */
  rawNextHop?: Uint8Array;
}

export interface MpUnreach {
  afi: number;
  safi: number;
  evpn: (EvpnNlri | EvpnUnknownRoute)[];
  rawNlri?: Uint8Array;
}

/** A path attribute this codec does not interpret: passed through if optional transitive (RFC 4271 §5). */
export interface RawAttribute {
  flags: number;
  type: number;
  value: Uint8Array;
}

export interface PathAttributes {
  origin?: 0 | 1 | 2;
  asPath?: AsPathSegment[];
  nextHop?: string;
  med?: number;
  localPref?: number;
  atomicAggregate?: boolean;
  originatorId?: string; // RFC 4456
  clusterList?: string[]; // RFC 4456
  extCommunities?: ExtendedCommunity[];
  pmsiTunnel?: PmsiTunnel;
  mpReach?: MpReach;
  mpUnreach?: MpUnreach;
  /** Unrecognized attributes, in arrival order. */
  other: RawAttribute[];
}

/** Capabilities (RFC 5492). Unknown codes are kept raw and ignored. */
export type Capability =
  | { code: 1; afi: number; safi: number } // multiprotocol, RFC 4760 §8
  | { code: 2 } // route refresh, RFC 2918
  | { code: 64; restartFlags: number; restartTime: number; families: { afi: number; safi: number; flags: number }[] } // RFC 4724 §3
  | { code: 65; asn: number } // 4-octet AS, RFC 6793
  | { code: 70 } // enhanced route refresh, RFC 7313
  | { code: number; raw: Uint8Array }; // anything else, ignored

export interface OpenMessage {
  type: 'open';
  version: number;
  /** The 2-octet My AS field (AS_TRANS 23456 when the real AS is 4-octet). */
  myAs: number;
  holdTime: number;
  routerId: string;
  capabilities: Capability[];
}

export interface UpdateMessage {
  type: 'update';
  /** IPv4 unicast withdrawn routes and NLRI are not used by EVPN; kept raw for completeness. */
  withdrawnRaw: Uint8Array;
  attributes: PathAttributes;
  nlriRaw: Uint8Array;
}

export interface NotificationMessage {
  type: 'notification';
  code: number;
  subcode: number;
  data: Uint8Array;
}

export interface KeepaliveMessage {
  type: 'keepalive';
}

/** ROUTE-REFRESH (RFC 2918); subtype 0 normal, 1 BoRR, 2 EoRR (RFC 7313). */
export interface RouteRefreshMessage {
  type: 'route-refresh';
  afi: number;
  subtype: number;
  safi: number;
}

export type BgpMessage = OpenMessage | UpdateMessage | NotificationMessage | KeepaliveMessage | RouteRefreshMessage;

/** RFC 7606 §2 handling levels, from least to most drastic. */
export type ErrorAction = 'attribute-discard' | 'treat-as-withdraw' | 'afi-safi-disable' | 'session-reset';

/** NOTIFICATION error codes, RFC 4271 §4.5 and later. */
export const NOTIFY = {
  MESSAGE_HEADER: 1,
  OPEN_MESSAGE: 2,
  UPDATE_MESSAGE: 3,
  HOLD_TIMER_EXPIRED: 4,
  FSM: 5,
  CEASE: 6,
  ROUTE_REFRESH: 7, // RFC 7313
} as const;
