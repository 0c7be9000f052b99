// Our own routes for one network (RFC 7432 §7.2, §7.3, §11; RFC 8365 §5.1.3): what FRR 8.4 sends,
// field for field (DESIGN.md, "Protocol facts"), so FRR, GoBGP and os-ken install them.
import { ESI_ZERO } from '../../session-engine/wire/esi.js';
import { parseRd } from '../../session-engine/wire/rd.js';
import { parseRt } from '../../session-engine/wire/route-target.js';
import {
  PMSI_INGRESS_REPLICATION, TUNNEL_TYPE_VXLAN,
  type EvpnInclusiveMulticast, type EvpnMacIp, type ExtendedCommunity, type PathAttributes, type RouteDistinguisher,
} from '../../session-engine/wire/types.js';
import { exportRtsOf, rdOf, vtepIpOf, type NetworkConfig, type SpeakerConfig } from '../../model/config.js';

/** LOCAL_PREF sent to iBGP peers, as FRR does (RFC 4271 §5.1.5). */
export const ORIGIN_LOCAL_PREF = 100;

/** The per-network constants of our routes, computed once per network. */
export interface NetworkConstants {
  readonly vni: number;
  readonly asn: number;
  readonly rd: RouteDistinguisher;
  readonly vtepIp: string;
  /** RT extended communities to export (auto `<AS & 0xFFFF>:<VNI>` unless configured). */
  readonly rts: readonly ExtendedCommunity[];
}

/** The attributes of a group of our routes; per-peer-kind attributes are built once and cached on it. */
export interface RouteTemplate {
  readonly network: NetworkConstants;
  readonly kind: 'mac' | 'imet';
  readonly seq: number;
  readonly sticky: boolean;
  ibgp: PathAttributes | null;
  ebgp: PathAttributes | null;
}

/** A network's constants and its two shared templates. */
export interface NetworkOrigin extends NetworkConstants {
  /** MAC routes with sequence 0, not sticky: one shared template, so they pack into few UPDATEs. */
  readonly baseMac: RouteTemplate;
  readonly imet: RouteTemplate;
}

const template = (network: NetworkConstants, kind: 'mac' | 'imet', seq: number, sticky: boolean): RouteTemplate =>
  ({ network, kind, seq, sticky, ibgp: null, ebgp: null });

/** The constants of one network's routes: RD type 1 `<router-id>:<index>` unless explicit (RFC 7432 §7.9). */
export function networkOrigin(network: NetworkConfig, speaker: SpeakerConfig): NetworkOrigin {
  const constants: NetworkConstants = {
    vni: network.vni,
    asn: speaker.asn,
    rd: parseRd(rdOf(network, speaker)),
    vtepIp: vtepIpOf(speaker),
    rts: exportRtsOf(network, speaker).map((text) => ({ kind: 'route-target', rt: parseRt(text), transitive: true })),
  };
  return { ...constants, baseMac: template(constants, 'mac', 0, false), imet: template(constants, 'imet', 0, false) };
}

/** The template for a MAC's routes: the shared one for seq 0, else a fresh one shared by that MAC's routes. */
export function macTemplate(origin: NetworkOrigin, seq: number, sticky: boolean): RouteTemplate {
  return seq === 0 && !sticky ? origin.baseMac : template(origin.baseMac.network, 'mac', seq, sticky);
}

/** The type-3 route: etag 0 (VLAN-based service, RFC 8365 §5.1.3), originating IP = our VTEP (FRR floods to it). */
export function imetNlri(origin: NetworkOrigin): EvpnInclusiveMulticast {
  return { type: 3, rd: origin.rd, etag: 0, originatorIp: origin.vtepIp };
}

/** A type-2 route: ESI 0 (single-homed), etag 0, the VNI in all 24 label bits (RFC 8365 §5.1.3). */
export function macNlri(origin: NetworkOrigin, mac: string, ip: string | null): EvpnMacIp {
  return { type: 2, rd: origin.rd, esi: ESI_ZERO, etag: 0, mac, ip, label1: origin.vni };
}

/**
 * The attributes of a template for an iBGP or eBGP peer: ORIGIN IGP; AS_PATH empty (iBGP) or our AS
 * (eBGP, RFC 4271 §5.1.2); LOCAL_PREF 100 only to iBGP (§5.1.5); RTs and the VXLAN Encapsulation EC
 * (RFC 9012 §4.1, tunnel type 8) on every route; the MAC Mobility EC when seq > 0 or sticky (RFC 7432 §7.7);
 * for type 3 the PMSI Tunnel: ingress replication, label = VNI, tunnel id = our VTEP (RFC 6514 §5, RFC 8365 §5.1.3).
 */
export function attributesFor(t: RouteTemplate, ebgp: boolean): PathAttributes {
  const cached = ebgp ? t.ebgp : t.ibgp;
  if (cached !== null) return cached;
  const o = t.network;
  const ecs: ExtendedCommunity[] = [...o.rts, { kind: 'encapsulation', tunnelType: TUNNEL_TYPE_VXLAN }];
  if (t.kind === 'mac' && (t.seq > 0 || t.sticky)) ecs.push({ kind: 'mac-mobility', sticky: t.sticky, seq: t.seq });
  const attrs: PathAttributes = {
    origin: 0,
    asPath: ebgp ? [{ type: 2, asns: [o.asn] }] : [],
    extCommunities: ecs,
    other: [],
  };
  if (!ebgp) attrs.localPref = ORIGIN_LOCAL_PREF;
  if (t.kind === 'imet') {
    attrs.pmsiTunnel = { flags: 0, tunnelType: PMSI_INGRESS_REPLICATION, label: o.vni, tunnelId: o.vtepIp };
  }
  if (ebgp) t.ebgp = attrs;
  else t.ibgp = attrs;
  return attrs;
}
