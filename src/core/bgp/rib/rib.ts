// The RIB: Adj-RIB-In per peer (keyed by neighbor address), the Loc-RIB with best paths, the inbound
// checks, and the receiving side of graceful restart (RFC 4724 §4.2). It knows nothing of EVIs: it
// reports best-path changes and the EVPN layer imports them.
import { EvpnError } from '../../errors.js';
import type { EvpnNlri, PathAttributes } from '../wire/types.js';
import { AttrInfoCache } from './attr-info.js';
import { pathOrder } from './best-path.js';
import type { MonotonicClock as Clock } from '../../clock.js';
import { UpdateKeys } from './keys.js';
import { LocRib, type BestChange } from './loc-rib.js';
import { GroupedPath, type PathGroup } from './path-group.js';
import { routeVtep, type Path, type PeerRef } from './path.js';

/** Who we are, for the inbound checks. */
export interface RibIdentity {
  asn: number;
  routerId: string;
  vtepIp: string;
}

/** RFC 4724 leaves the wait for End-of-RIB after a restart to local policy; FRR's stalepath-time is 360 s. */
export const DEFAULT_STALE_PATH_SECONDS = 360;

interface PeerRib {
  ref: PeerRef;
  readonly paths: Map<string, Path>;
  accepted: number;
  established: boolean;
  /** When the stale paths of this peer are swept (restart timer, then stale-path timer). */
  staleDeadline: number | null;
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
      this.peers.set(ref.address, { ref, paths: new Map(), accepted: 0, established: true, staleDeadline: null });
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
    if (restartTimeSeconds === null || peer.paths.size === 0) {
      this.dropAll(peer, out);
      this.peers.delete(address);
      return;
    }
    for (const path of peer.paths.values()) path.stale = true;
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
   * inbound checks on the attributes) is looked at once for all of them; each route then costs its key,
   * two Map updates and a best-path step. Nothing to do (and no session check) for an empty list.
   */
  announceUpdate(address: string, nlri: readonly EvpnNlri[], attributes: PathAttributes, nextHop: string, out: BestChange[]): void {
    if (nlri.length === 0) return;
    const peer = this.established(address);
    const group: PathGroup = { peer: peer.ref, attributes, nextHop, receivedAt: this.clock.now() };
    const attributesOk = this.acceptableAttributes(peer.ref, attributes);
    const keys = new UpdateKeys();
    for (const n of nlri) {
      const route = keys.shared(n);
      // Our own VTEP as the route's VTEP would tunnel to ourselves.
      const accepted = attributesOk && routeVtep(route, nextHop) !== this.self.vtepIp;
      this.store(peer, new GroupedPath(keys.key(route), route, group, accepted), out);
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
    for (const n of nlri) this.drop(peer, keys.key(n), out);
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
      if (!peer.established && peer.paths.size === 0) this.peers.delete(address);
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

  /** Every path the peers sent, accepted or not, peer by peer. */
  *allPaths(): Generator<Path> {
    for (const peer of this.peers.values()) yield* peer.paths.values();
  }

  /** Received and accepted counts of one peer (zeros for an unknown peer). */
  counts(address: string): PeerPathCounts {
    const peer = this.peers.get(address);
    return { received: peer?.paths.size ?? 0, accepted: peer?.accepted ?? 0 };
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
   * Inbound checks on the attributes: our own BGP Identifier as ORIGINATOR_ID (RFC 4456 §8), or our AS
   * in an eBGP path (RFC 4271 §9.1.2).
   */
  private acceptableAttributes(peer: PeerRef, attributes: PathAttributes): boolean {
    const info = this.attrs.get(attributes);
    return info.originatorId !== this.self.routerId && !(peer.ebgp && info.ownAsInPath);
  }

  /** Stores a path in the peer's Adj-RIB-In, replacing its earlier path for the key (implicit withdraw, RFC 4271 §3.1). */
  private store(peer: PeerRib, path: Path, out: BestChange[]): void {
    const old = peer.paths.get(path.key);
    peer.paths.set(path.key, path);
    if (old?.accepted === true) peer.accepted--;
    if (path.accepted) {
      peer.accepted++;
      this.loc.upsert(path, out);
    } else if (old?.accepted === true) {
      this.loc.remove(peer.ref.address, path.key, out);
    }
  }

  private drop(peer: PeerRib, key: string, out: BestChange[]): void {
    const old = peer.paths.get(key);
    if (old === undefined) return;
    peer.paths.delete(key);
    if (old.accepted) {
      peer.accepted--;
      this.loc.remove(peer.ref.address, key, out);
    }
  }

  private dropAll(peer: PeerRib, out: BestChange[]): void {
    for (const key of [...peer.paths.keys()]) this.drop(peer, key, out);
  }

  private sweepStale(peer: PeerRib, out: BestChange[]): void {
    for (const [key, path] of peer.paths) if (path.stale) this.drop(peer, key, out);
    peer.staleDeadline = null;
  }

  private hasStale(peer: PeerRib): boolean {
    for (const path of peer.paths.values()) if (path.stale) return true;
    return false;
  }
}
