// The RIB: Adj-RIB-In per peer (keyed by neighbor address), the Loc-RIB with best paths, the inbound
// checks, and the receiving side of graceful restart (RFC 4724 §4.2). It knows nothing of EVIs: it
// reports best-path changes and the EVPN layer imports them.
// A peer's accepted paths live only in the Loc-RIB (one table per route, not two); what the inbound
// checks refused is kept per peer. So what concerns one whole peer (session down, End-of-RIB sweep)
// walks the Loc-RIB, as FRR's peer clear walks its table: rare, and linear in the table.
import { EvpnError } from '../../errors.js';
import type { EvpnNlri, PathAttributes } from '../../session-engine/wire/types.js';
import { AttrInfoCache } from './attr-info.js';
import { pathOrder } from './best-path.js';
import type { MonotonicClock as Clock } from '../../clock.js';
import { keyPrefixOf, UpdateKeys } from './keys.js';
import { LocRib, type BestChange, type Shard } from './loc-rib.js';
import { GroupedPath, MacIpPath, type PathGroup, type Verdict } from './path-group.js';
import { routeVtep, type Path, type PeerRef } from './path.js';

/** Who we are, for the inbound checks. */
export interface RibIdentity {
  asn: number;
  routerId: string;
  vtepIp: string;
  /** Our other VTEP (IPv6 next to an IPv4 one), when there is one. */
  vtepIp6?: string | null;
}

/**
 * Another member of our HA group (issue 10): the fabric (a route reflector, or eBGP where the AS path
 * allows it) sends us its routes, but the group is one PE seen from outside, so they are ours in effect:
 * never imported (no tunnel towards it, no remote MAC, no mobility move), shown in `route list`.
 */
export interface GroupMember {
  chassis: string;
  routerId: string;
  vteps: readonly string[];
}

/** RFC 4724 leaves the wait for End-of-RIB after a restart to local policy; FRR's stalepath-time is 360 s. */
export const DEFAULT_STALE_PATH_SECONDS = 360;

interface PeerRib {
  ref: PeerRef;
  /** Paths held from the peer, accepted or refused, and the accepted ones (in the Loc-RIB). */
  received: number;
  accepted: number;
  /** Paths the inbound checks refused, by key: kept for counts and display only (our own routes coming back). */
  readonly refused: Map<string, Path>;
  established: boolean;
  /** When the stale paths of this peer are swept (restart timer, then stale-path timer). */
  staleDeadline: number | null;
  /**
   * False when none of the peer's paths can be stale: only peerDown() marks paths stale, so until then an
   * End-of-RIB (sent after every initial table, RFC 4724 §2) needs no walk of the whole Loc-RIB.
   */
  mayHoldStale: boolean;
}

/** Counts of one peer's paths. */
export interface PeerPathCounts {
  received: number;
  accepted: number;
}

/** Adj-RIB-In + Loc-RIB, with graceful-restart stale handling over an injected clock. */
export class Rib {
  readonly attrs: AttrInfoCache;
  private readonly loc: LocRib;
  private readonly peers = new Map<string, PeerRib>();
  /** The other HA group members by router id, and by VTEP (both also name them in `route list`). */
  private memberIds = new Map<string, GroupMember>();
  private memberVteps = new Map<string, GroupMember>();

  constructor(
    private readonly self: RibIdentity,
    private readonly clock: Clock,
    private readonly stalePathMs = DEFAULT_STALE_PATH_SECONDS * 1000,
  ) {
    this.attrs = new AttrInfoCache(self.asn);
    this.loc = new LocRib(pathOrder(this.attrs));
  }

  /**
   * A session reached Established. With stale paths left from a graceful restart, keepStale says whether
   * the new OPEN kept the forwarding state (GR capability with the F bit for L2VPN/EVPN): if not, they
   * are deleted now (RFC 4724 §4.2); if so, they wait for End-of-RIB or the stale-path timer.
   */
  peerUp(ref: PeerRef, keepStale: boolean, out: BestChange[]): void {
    const peer = this.peers.get(ref.address);
    if (peer === undefined) {
      this.peers.set(ref.address, { ref, received: 0, accepted: 0, refused: new Map(), established: true, staleDeadline: null, mayHoldStale: false });
      return;
    }
    peer.ref = ref;
    peer.established = true;
    if (!keepStale) this.sweepStale(peer, out);
    else peer.staleDeadline = this.hasStale(peer) ? this.clock.now() + this.stalePathMs : null;
  }

  /**
   * A session left Established. With graceful restart negotiated the peer's paths turn stale and stay
   * (no removals) until End-of-RIB or the restart timer (RFC 4724 §4.2); without it they are withdrawn.
   */
  peerDown(address: string, restartTimeSeconds: number | null, out: BestChange[]): void {
    const peer = this.peers.get(address);
    if (peer === undefined) return;
    peer.established = false;
    if (restartTimeSeconds === null || peer.received === 0) {
      this.dropAll(peer, out);
      this.peers.delete(address);
      return;
    }
    for (const path of this.pathsOf(peer)) path.stale = true;
    peer.mayHoldStale = true;
    peer.staleDeadline = this.clock.now() + restartTimeSeconds * 1000;
  }

  /** The neighbor was deleted: withdraw everything it sent, stale or not. */
  removePeer(address: string, out: BestChange[]): void {
    const peer = this.peers.get(address);
    if (peer === undefined) return;
    this.dropAll(peer, out);
    this.peers.delete(address);
  }

  /** One announced NLRI; attributes are the UPDATE's shared object (without MP_REACH/MP_UNREACH). */
  announce(address: string, nlri: EvpnNlri, attributes: PathAttributes, nextHop: string, out: BestChange[]): void {
    this.announceUpdate(address, [nlri], attributes, nextHop, out);
  }

  /**
   * The announced NLRI of one UPDATE. What they share (peer, attributes, next hop, arrival time, the
   * inbound checks on the attributes) is looked at once for all of them; each route then costs its key
   * and one Loc-RIB update. Nothing to do (and no session check) for an empty list.
   */
  announceUpdate(address: string, nlri: readonly EvpnNlri[], attributes: PathAttributes, nextHop: string, out: BestChange[], groupOut?: Path[]): void {
    if (nlri.length === 0) return;
    const peer = this.established(address);
    const group: PathGroup = { peer: peer.ref, attributes, nextHop, receivedAt: this.clock.now() };
    const byAttributes = this.attributesVerdict(peer.ref, attributes);
    const keys = new UpdateKeys();
    let shard: Shard | undefined;
    for (const n of nlri) {
      const route = keys.shared(n);
      const verdict = this.routeVerdict(byAttributes, route, nextHop);
      const key = keys.key(route);
      const path = route.type === 2 ? new MacIpPath(key, route, group, verdict) : new GroupedPath(key, route, group, verdict);
      if (verdict !== 'accepted') {
        this.refuse(peer, path, out);
        if (verdict === 'group') groupOut?.push(path);
        continue;
      }
      if (shard?.prefix !== keys.prefix) shard = this.loc.shard(keys.prefix);
      this.accept(peer, path, shard, out);
    }
  }

  /** One withdrawn NLRI (MP_UNREACH, or treat-as-withdraw per RFC 7606). Unknown keys are ignored. */
  withdraw(address: string, nlri: EvpnNlri, out: BestChange[]): void {
    this.withdrawUpdate(address, [nlri], out);
  }

  /** The withdrawn NLRI of one UPDATE; nothing to do (and no session check) for an empty list. */
  withdrawUpdate(address: string, nlri: readonly EvpnNlri[], out: BestChange[]): void {
    if (nlri.length === 0) return;
    const peer = this.established(address);
    const keys = new UpdateKeys();
    for (const n of nlri) {
      const key = keys.key(n);
      this.drop(peer, key, out, this.loc.findShard(keys.prefix));
    }
  }

  /** End-of-RIB from the peer (RFC 4724 §2): whatever is still stale was not re-announced, so it goes. */
  endOfRib(address: string, out: BestChange[]): void {
    const peer = this.peers.get(address);
    if (peer !== undefined) this.sweepStale(peer, out);
  }

  /** Sweeps the stale paths of every peer whose timer ran out. */
  expireTimers(out: BestChange[]): void {
    const now = this.clock.now();
    for (const [address, peer] of this.peers) {
      if (peer.staleDeadline === null || peer.staleDeadline > now) continue;
      this.sweepStale(peer, out);
      if (!peer.established && peer.received === 0) this.peers.delete(address);
    }
  }

  /** The earliest pending stale-path deadline, so the daemon can schedule one timer. */
  nextDeadline(): number | null {
    let next: number | null = null;
    for (const peer of this.peers.values()) {
      if (peer.staleDeadline !== null && (next === null || peer.staleDeadline < next)) next = peer.staleDeadline;
    }
    return next;
  }

  /** The best path of a route key. */
  best(key: string): Path | undefined {
    return this.loc.best(key);
  }

  /** The best paths of the keys of one key prefix (a Loc-RIB shard: route type and RD). */
  bestIn(prefix: string): Iterable<Path> {
    return this.loc.bestIn(prefix);
  }

  /** Every path the peers sent, accepted or not: the accepted ones by route key, then the refused ones. */
  *allPaths(): Generator<Path> {
    yield* this.loc.allPaths();
    for (const peer of this.peers.values()) yield* peer.refused.values();
  }

  /**
   * The other members of our HA group. Every held path is judged again (rare: a member's identity is
   * learned or changes; linear in the table, like a peer clear): one now found to be a member's leaves the
   * Loc-RIB (pushed to groupOut), one no longer a member's is accepted.
   */
  setGroupMembers(members: readonly GroupMember[], out: BestChange[], groupOut: Path[]): void {
    this.memberIds = new Map(members.map((m) => [m.routerId, m]));
    this.memberVteps = new Map(members.flatMap((m) => m.vteps.map((v) => [v, m] as const)));
    for (const peer of this.peers.values()) {
      const changed: (GroupedPath | MacIpPath)[] = [];
      for (const path of this.pathsOf(peer)) {
        if (!(path instanceof GroupedPath || path instanceof MacIpPath)) continue;
        const verdict = this.routeVerdict(this.attributesVerdict(peer.ref, path.attributes), path.nlri, path.nextHop);
        if (verdict !== path.verdict) changed.push(path.withVerdict(verdict));
      }
      for (const path of changed) {
        if (path.accepted) this.accept(peer, path, this.loc.shard(keyPrefixOf(path.key)), out);
        else this.refuse(peer, path, out);
        if (path.group) groupOut.push(path);
      }
    }
  }

  /** The group member a path is from (its router id as originator or peer, its VTEP, its type-1 RD), else null. */
  groupMemberOf(path: Path): GroupMember | null {
    if (this.memberIds.size === 0) return null;
    const info = this.attrs.get(path.attributes);
    return this.memberIds.get(info.originatorId ?? path.peer.routerId) ?? this.memberOfRoute(path.nlri, path.nextHop);
  }

  /** Received and accepted counts of one peer (zeros for an unknown peer). */
  counts(address: string): PeerPathCounts {
    const peer = this.peers.get(address);
    return { received: peer?.received ?? 0, accepted: peer?.accepted ?? 0 };
  }

  /** Number of route keys with at least one accepted path. */
  get routeCount(): number {
    return this.loc.size;
  }

  private established(address: string): PeerRib {
    const peer = this.peers.get(address);
    if (peer === undefined || !peer.established) {
      throw new EvpnError('invalid', `expected an established session with ${address} before routes from it, got ${peer ? 'one that is down' : 'no session'}`);
    }
    return peer;
  }

  /**
   * Inbound checks on the attributes: our own BGP Identifier as ORIGINATOR_ID is our route reflected
   * back (RFC 4456 §8); our AS in an eBGP path is a loop (RFC 4271 §9.1.2), which isOwnRoute may still
   * find to be ours.
   */
  private attributesVerdict(peer: PeerRef, attributes: PathAttributes): Verdict {
    const info = this.attrs.get(attributes);
    if (info.originatorId === this.self.routerId) return 'reflected';
    // A group member's route, reflected (RFC 4456 §8: its router id as ORIGINATOR_ID) or from the member itself.
    if (this.memberIds.size > 0 && this.memberIds.has(info.originatorId ?? peer.routerId)) return 'group';
    return peer.ebgp && info.ownAsInPath ? 'refused' : 'accepted';
  }

  /** The verdict of one route: ours (reflected) first, then a group member's, else what the attributes said. */
  private routeVerdict(byAttributes: Verdict, route: EvpnNlri, nextHop: string): Verdict {
    if (byAttributes === 'reflected' || this.isOwnRoute(route, nextHop)) return 'reflected';
    if (byAttributes === 'group' || (this.memberVteps.size > 0 && this.memberOfRoute(route, nextHop) !== null)) return 'group';
    return byAttributes;
  }

  /** The member whose VTEP the route points at, or whose router id or VTEP is its type-1 RD (RFC 7432 §7.9). */
  private memberOfRoute(route: EvpnNlri, nextHop: string): GroupMember | null {
    const byVtep = this.memberVteps.get(routeVtep(route, nextHop));
    if (byVtep !== undefined) return byVtep;
    if (route.rd.type !== 1) return null;
    return this.memberIds.get(route.rd.ip) ?? this.memberVteps.get(route.rd.ip) ?? null;
  }

  /**
   * A route of ours come back, whatever the attributes say: its VTEP is ours (importing it would tunnel
   * to ourselves), or its RD is type 1 with our router id or VTEP IP (our automatic RD, RFC 7432 §7.9,
   * which no other PE may use). An explicit RD of another form is not taken as proof: the rest_vtep
   * form `<AS>:<VNI>` is the same on every site that kept it.
   */
  private isOwnRoute(route: EvpnNlri, nextHop: string): boolean {
    const vtep = routeVtep(route, nextHop);
    if (vtep === this.self.vtepIp || (this.self.vtepIp6 != null && vtep === this.self.vtepIp6)) return true;
    return route.rd.type === 1 && (route.rd.ip === this.self.routerId || route.rd.ip === this.self.vtepIp);
  }

  /** An accepted path: into the Loc-RIB, replacing the peer's earlier path for the key (implicit withdraw, RFC 4271 §3.1). */
  private accept(peer: PeerRib, path: Path, shard: Shard, out: BestChange[]): void {
    if (this.loc.upsert(path, out, shard) !== undefined) return;
    peer.accepted++;
    // Refused before, accepted now: the same route, still one received.
    if (peer.refused.size === 0 || !peer.refused.delete(path.key)) peer.received++;
  }

  /** A refused path: kept aside; an accepted path of the peer for the key is implicitly withdrawn. */
  private refuse(peer: PeerRib, path: Path, out: BestChange[]): void {
    if (this.loc.remove(peer.ref.address, path.key, out) !== undefined) peer.accepted--;
    else if (!peer.refused.has(path.key)) peer.received++;
    peer.refused.set(path.key, path);
  }

  private drop(peer: PeerRib, key: string, out: BestChange[], shard?: Shard): void {
    if (this.loc.remove(peer.ref.address, key, out, shard) !== undefined) {
      peer.accepted--;
      peer.received--;
    } else if (peer.refused.size > 0 && peer.refused.delete(key)) {
      peer.received--;
    }
  }

  /** The peer's paths, accepted and refused: a walk of the Loc-RIB. */
  private *pathsOf(peer: PeerRib): Generator<Path> {
    const address = peer.ref.address;
    for (const path of this.loc.allPaths()) if (path.peer.address === address) yield path;
    yield* peer.refused.values();
  }

  /** Drops the peer's paths that pass the test (keys collected first: dropping changes the table). */
  private dropWhere(peer: PeerRib, test: (path: Path) => boolean, out: BestChange[]): void {
    const keys: string[] = [];
    for (const path of this.pathsOf(peer)) if (test(path)) keys.push(path.key);
    for (const key of keys) this.drop(peer, key, out);
  }

  private dropAll(peer: PeerRib, out: BestChange[]): void {
    this.dropWhere(peer, () => true, out);
  }

  private sweepStale(peer: PeerRib, out: BestChange[]): void {
    if (peer.mayHoldStale) this.dropWhere(peer, (path) => path.stale, out);
    peer.mayHoldStale = false;
    peer.staleDeadline = null;
  }

  private hasStale(peer: PeerRib): boolean {
    if (!peer.mayHoldStale) return false;
    for (const path of this.pathsOf(peer)) if (path.stale) return true;
    return false;
  }
}
