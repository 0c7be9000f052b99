// What the shared interop suite needs from a reference speaker (FRR, gobgpd, os-ken): originate and
// withdraw its routes, show what it originates and what it accepted from us, reset the session from its
// side, and tell whether it received a given NOTIFICATION from us.
import type { RouteView } from '../../../src/core/model/views.js';
import type { SpeakerPair, SpeakerPairOptions } from '../../../src/lab/topology/speaker-pair.js';

/** The MAC and IP the peer advertises (the lab's h1 on site X). */
export const PEER_CLIENT = { mac: '02:ac:10:ff:00:11', ip: '10.0.0.11' } as const;

/** The fields `route list` must show exactly as the peer originated them. */
export type ComparableRoute = Pick<RouteView, 'type' | 'rd' | 'rts' | 'label' | 'nextHop' | 'mac' | 'ip'>;

/** Watches for NOTIFICATIONs the peer receives from us, from the moment it was started. */
export interface NotificationWatch {
  /** True once the peer received code/subcode from us. */
  seen(code: number, subcode: number): Promise<boolean>;
  stop(): Promise<void>;
}

/** A reference speaker in the pair's peer netns. */
export interface PeerUnderTest {
  /** The peer originates its type 3 and MAC/IP type 2 routes for PEER_CLIENT. */
  advertise(): Promise<void>;
  /** The peer withdraws its type 2 routes of PEER_CLIENT. */
  withdrawMac(): Promise<void>;
  /** The peer withdraws its type 3 (advertise() brings it back). */
  withdrawImet(): Promise<void>;
  /** The peer's own routes as it shows them (what it sends us), sorted by the caller. */
  ownRoutes(): Promise<ComparableRoute[]>;
  /** What is still missing of our type 3 and type 2 on the peer (label, PMSI, Encap EC...), null when all is there. */
  ourRoutesProblem(): Promise<string | null>;
  /** True once the peer no longer has our client's MAC. */
  lacksOurMac(): Promise<boolean>;
  /** True once the peer no longer has our type 3 (no flood entry towards us). */
  lacksOurImet(): Promise<boolean>;
  /** Ends the session from the peer's side (it comes back by itself). */
  reset(): Promise<void>;
  /** The peer considers the session Established. */
  established(): Promise<boolean>;
  watchNotifications(): Promise<NotificationWatch>;
}

/** How to build a pair for one peer kind and make its adapter. */
export interface PeerKind {
  readonly name: string;
  readonly kind: SpeakerPairOptions['peer'];
  /** Extra pair options (timers, idle hold after reset...). */
  readonly pairOptions?: Partial<SpeakerPairOptions>;
  /**
   * Over eBGP the peer imports our automatic RT (<our AS>:<VNI>) without configuration: FRR by the VNI
   * with any AS (*:VNI), gobgpd because its global RIB takes every route. os-ken's VRF matches exactly.
   */
  readonly importsOurAutoRt: boolean;
  /**
   * Over eBGP the peer sends our own routes back to us (FRR: no sender-side AS-path loop detection by
   * default), which must then show as reflected. gobgpd does not.
   */
  readonly echoesOverEbgp: boolean;
  adapter(pair: SpeakerPair, rt: string): PeerUnderTest;
}

/** Sorts comparable routes so two lists can be compared with toEqual. */
export const byRoute = (a: ComparableRoute, b: ComparableRoute): number =>
  JSON.stringify([a.type, a.rd, a.mac, a.ip]).localeCompare(JSON.stringify([b.type, b.rd, b.mac, b.ip]));

/** The comparable part of our view of a route. */
export const comparable = (r: RouteView): ComparableRoute =>
  ({ type: r.type, rd: r.rd, rts: [...r.rts].sort(), label: r.label, nextHop: r.nextHop, mac: r.mac, ip: r.ip });
