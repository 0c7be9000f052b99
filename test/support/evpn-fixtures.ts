// Builders for EVPN routes and UPDATEs as the codec would decode them, and a clock tests can move.
// Routes are built as plain values; nothing here mocks the RIB or the engine.
import type { MonotonicClock as Clock } from '../../src/core/clock.js';
import {
  AFI_L2VPN, SAFI_EVPN,
  type EvpnInclusiveMulticast, type EvpnMacIp, type EvpnNlri, type ExtendedCommunity, type PathAttributes, type UpdateMessage,
} from '../../src/core/session-engine/wire/types.js';
import type { NetworkConfig, SpeakerConfig } from '../../src/core/model/config.js';

/** A clock that moves only when told to. */
export class ManualClock implements Clock {
  constructor(private t = 1_000_000) {}
  now(): number {
    return this.t;
  }
  advance(seconds: number): void {
    this.t += seconds * 1000;
  }
}

export const ZERO_ESI = '00:00:00:00:00:00:00:00:00:00';

/** A type-2 route with a type 1 RD `<rdIp>:<index>` (FRR's form: an index, not the VNI). */
export function macRoute(rdIp: string, mac: string, ip: string | null = null, vni = 10, index = 2): EvpnMacIp {
  return { type: 2, rd: { type: 1, ip: rdIp, assigned: index }, esi: ZERO_ESI, etag: 0, mac, ip, label1: vni };
}

/** A type-3 route from a VTEP. */
export function imetRoute(vtep: string, index = 2): EvpnInclusiveMulticast {
  return { type: 3, rd: { type: 1, ip: vtep, assigned: index }, etag: 0, originatorIp: vtep };
}

/** A type 0 RT community `asn:n`. */
export const rt = (asn: number, n: number): ExtendedCommunity => ({ kind: 'route-target', rt: { type: 0, asn, assigned: n }, transitive: true });

export interface AttrOptions {
  rts?: ExtendedCommunity[];
  seq?: number;
  sticky?: boolean;
  localPref?: number;
  asPath?: number[];
  med?: number;
  origin?: 0 | 1 | 2;
  originatorId?: string;
  pmsiVni?: number;
}

/** Attributes as FRR sends them (ORIGIN IGP, LOCAL_PREF 100, empty AS_PATH, RT 65000:10, Encap VXLAN), adjustable. */
export function attrs(o: AttrOptions = {}): PathAttributes {
  const ecs: ExtendedCommunity[] = [...(o.rts ?? [rt(65000, 10)]), { kind: 'encapsulation', tunnelType: 8 }];
  if (o.seq !== undefined || o.sticky !== undefined) ecs.push({ kind: 'mac-mobility', seq: o.seq ?? 0, sticky: o.sticky ?? false });
  const a: PathAttributes = {
    origin: o.origin ?? 0,
    asPath: o.asPath === undefined ? [] : [{ type: 2, asns: o.asPath }],
    localPref: o.localPref ?? 100,
    extCommunities: ecs,
    other: [],
  };
  if (o.med !== undefined) a.med = o.med;
  if (o.originatorId !== undefined) a.originatorId = o.originatorId;
  if (o.pmsiVni !== undefined) a.pmsiTunnel = { flags: 0, tunnelType: 6, label: o.pmsiVni, tunnelId: '0.0.0.0' };
  return a;
}

/** An UPDATE announcing NLRI with one next hop and one set of attributes. */
export function announce(nextHop: string, nlri: EvpnNlri[], a: PathAttributes = attrs()): UpdateMessage {
  return {
    type: 'update', withdrawnRaw: new Uint8Array(0), nlriRaw: new Uint8Array(0),
    attributes: { ...a, mpReach: { afi: AFI_L2VPN, safi: SAFI_EVPN, nextHops: [nextHop], evpn: nlri } },
  };
}

/** An UPDATE withdrawing NLRI. */
export function withdraw(nlri: EvpnNlri[]): UpdateMessage {
  return {
    type: 'update', withdrawnRaw: new Uint8Array(0), nlriRaw: new Uint8Array(0),
    attributes: { other: [], mpUnreach: { afi: AFI_L2VPN, safi: SAFI_EVPN, evpn: nlri } },
  };
}

/** The End-of-RIB marker for L2VPN/EVPN. */
export const endOfRibUpdate = (): UpdateMessage => withdraw([]);

/** Our speaker: AS 65000, router id = VTEP 192.168.100.2 (the lab's Y side). */
export const SPEAKER: SpeakerConfig = { asn: 65000, routerId: '192.168.100.2', listenPort: 179 };

/** A network with automatic RD/RTs. */
export function network(vni: number, index = 1, extra: Partial<NetworkConfig> = {}): NetworkConfig {
  return { vni, logicalSwitch: `ls${vni}`, importRts: [], exportRts: [], floodUnknown: true, index, ...extra };
}
