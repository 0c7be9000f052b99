// The route engine's routes: the RIB (this is its one owner: nothing else changes it), the RT import index,
// the EVIs, our own routes and each peer's Adj-RIB-Out, wired together behind one synchronous API (OpenBGPD's
// route decision engine, minus the process). Every call returns the events it caused, in the order a consumer
// must apply them, so the daemon can push them through its single queue. No sockets, no OVN.
import { AdjRibOut } from './rib/adj-rib-out.js';
import type { MonotonicClock as Clock } from '../clock.js';
import type { BestChange } from './rib/loc-rib.js';
import { MAX_MESSAGE_SIZE } from './rib/message-size.js';
import type { Path } from './rib/path.js';
import { DEFAULT_STALE_PATH_SECONDS, Rib, type GroupMember } from './rib/rib.js';
import { RtImportIndex } from './rib/rt-import.js';
import { packUpdates } from './rib/update-packer.js';
import { readUpdate } from './rib/update-reader.js';
import type { EvpnNlri, UpdateMessage } from '../session-engine/wire/types.js';
import { ConflictError, EvpnError, NotFoundError } from '../errors.js';
import { importMatchesOf, speakerVteps, vtepIpOf, type NetworkConfig, type SpeakerConfig } from '../model/config.js';
import { parseIp, parseMac } from '../model/validate.js';
import { DEFAULT_DUP_DETECTION, checkDupConfig, type DupDetectionConfig } from './evpn/dup-detect.js';
import { Evi, type DuplicateMac, type EviContext } from './evpn/evi.js';
import type { EvpnEvent } from './evpn/events.js';
import { importChanges, type ImportContext } from './evpn/import-runs.js';
import type { LocalSource } from './evpn/local-mac.js';
import { OriginTable, type LocalRoute } from './evpn/origin-table.js';
import { attributesFor, networkOrigin } from './evpn/originate.js';
import { SeenSeqMemory, type SeenSeqLimits } from './evpn/seen-seq.js';

/** How the engine is set up; only speaker and clock are required. */
export interface EngineOptions {
  readonly speaker: SpeakerConfig;
  readonly clock: Clock;
  readonly dupDetection?: Partial<DupDetectionConfig>;
  /** How long stale paths wait for End-of-RIB after the peer came back (RFC 4724 §4.2 leaves it local). */
  readonly stalePathSeconds?: number;
  /** Bounds of the memory of sequences seen (see seen-seq.ts). */
  readonly seenSeqLimits?: SeenSeqLimits;
}

/** A session that reached Established, as the FSM negotiated it. */
export interface SessionInfo {
  readonly address: string;
  readonly routerId: string;
  readonly ebgp: boolean;
  /** Graceful restart with forwarding state kept for L2VPN/EVPN in the new OPEN (RFC 4724 §4.2). */
  readonly keepStale?: boolean;
  /** 4096, or up to 65535 with the Extended Message capability (RFC 8654). */
  readonly maxMessageSize?: number;
}

/** One established peer's outbound side. */
export interface PeerOut {
  readonly adj: AdjRibOut<LocalRoute>;
  readonly ebgp: boolean;
  readonly maxMessageSize: number;
}

/** What views may read of the RIB; only the RouteEngine changes it. */
export type RibView = Pick<Rib, 'allPaths' | 'attrs' | 'best' | 'groupMemberOf' | 'counts' | 'routeCount'>;

/** The EVPN control plane of one speaker, minus the sockets. */
export class RouteEngine {
  private readonly rib: Rib;
  readonly imports = new RtImportIndex();
  readonly origin: OriginTable;
  private readonly eviTable = new Map<number, Evi>();
  private readonly outTable = new Map<string, PeerOut>();
  private readonly ctx: EviContext;
  private readonly clock: Clock;
  private readonly speaker: SpeakerConfig;
  /** EVIs touched in the current call; flushed (settled, events emitted) before the call returns. */
  private readonly touched = new Set<Evi>();
  private readonly importContext: ImportContext;
  /** False on an HA standby: our routes are kept and tracked, but no peer is told about them (issue 10). */
  private advertisingOn = true;
  private readonly seen: SeenSeqMemory;

  /** The EVIs by VNI (read-only: change them through the engine). */
  get evis(): ReadonlyMap<number, Evi> {
    return this.eviTable;
  }

  /** The established peers' outbound sides by neighbor address. */
  get outs(): ReadonlyMap<string, PeerOut> {
    return this.outTable;
  }

  /** The RIB to read (views, counts); every change goes through this engine's methods. */
  get routes(): RibView {
    return this.rib;
  }

  constructor(opts: EngineOptions) {
    this.speaker = opts.speaker;
    this.clock = opts.clock;
    const vtepIp = vtepIpOf(opts.speaker);
    this.rib = new Rib({ asn: opts.speaker.asn, routerId: opts.speaker.routerId, vtepIp, vtepIp6: speakerVteps(opts.speaker).ipv6 }, opts.clock,
      (opts.stalePathSeconds ?? DEFAULT_STALE_PATH_SECONDS) * 1000);
    this.origin = new OriginTable((key) => {
      for (const out of this.outs.values()) out.adj.markDirty(key);
    });
    const seen = (this.seen = new SeenSeqMemory(opts.clock.now(), opts.seenSeqLimits));
    this.ctx = {
      ownVtep: vtepIp,
      attrs: this.rib.attrs,
      dup: checkDupConfig({ ...DEFAULT_DUP_DETECTION, ...opts.dupDetection }),
      advertise: (vni, mac, advert) => this.origin.setMac(vni, mac, advert),
      seen: {
        highest: (vni, mac) => seen.highest(vni, mac, opts.clock.now()),
        remember: (vni, mac, seq) => seen.remember(vni, mac, seq, opts.clock.now()),
      },
    };
    this.importContext = {
      attrs: this.rib.attrs,
      imports: this.imports,
      touchEvi: (vni) => {
        const evi = this.eviTable.get(vni);
        return evi === undefined ? undefined : this.touch(evi);
      },
    };
  }

  /** A network (EVI) is configured: originate its type-3, import the routes already carrying its RTs. */
  addNetwork(network: NetworkConfig): EvpnEvent[] {
    if (this.evis.has(network.vni)) throw new ConflictError(`expected VNI ${network.vni} to be new, got one that exists`);
    const evi = new Evi(network, this.ctx);
    this.eviTable.set(network.vni, evi);
    this.origin.addNetwork(networkOrigin(network, this.speaker));
    for (const prefix of this.imports.addNetwork(network.vni, importMatchesOf(network))) {
      for (const best of this.rib.bestIn(prefix)) {
        if (this.vnisOf(best).includes(network.vni)) this.touch(evi).applyRoute(undefined, best);
      }
    }
    return this.flush();
  }

  /** A network goes: its remote MACs and VTEPs are removed, our routes withdrawn; its routes stay in the RIB. */
  removeNetwork(vni: number): EvpnEvent[] {
    const evi = this.evi(vni);
    const out: EvpnEvent[] = [];
    evi.teardown(out);
    this.origin.removeNetwork(vni);
    this.imports.removeNetwork(vni, importMatchesOf(evi.network));
    this.eviTable.delete(vni);
    return out;
  }

  /** A local MAC from one source (a `client add`, or a VM port found in OVN) with its IPs. */
  setLocalMac(vni: number, mac: string, source: LocalSource, ips: readonly string[], opts: { sticky?: boolean } = {}): EvpnEvent[] {
    this.touch(this.evi(vni)).setLocalMac(parseMac(mac), source, ips.map((ip) => parseIp(ip)), opts.sticky ?? false);
    return this.flush();
  }

  /** One source no longer has this local MAC. */
  deleteLocalMac(vni: number, mac: string, source: LocalSource): EvpnEvent[] {
    this.touch(this.evi(vni)).deleteLocalMac(parseMac(mac), source);
    return this.flush();
  }

  /** Replaces everything one source says about a VNI's local MACs with a full snapshot (mac → ips). */
  syncLocalMacs(vni: number, source: LocalSource, macs: ReadonlyMap<string, readonly string[]>): EvpnEvent[] {
    const evi = this.touch(this.evi(vni));
    const wanted = new Map<string, readonly string[]>();
    for (const [mac, ips] of macs) wanted.set(parseMac(mac), ips.map((ip) => parseIp(ip)));
    for (const mac of evi.localMacsFrom(source)) if (!wanted.has(mac)) evi.deleteLocalMac(mac, source);
    for (const [mac, ips] of wanted) evi.setLocalMac(mac, source, ips, false);
    return this.flush();
  }

  /** A session reached Established; everything we originate is queued for it. */
  peerUp(session: SessionInfo): EvpnEvent[] {
    const changes: BestChange[] = [];
    this.rib.peerUp({ address: session.address, routerId: session.routerId, ebgp: session.ebgp }, session.keepStale ?? false, changes);
    const adj = new AdjRibOut<LocalRoute>();
    for (const route of this.origin.values()) adj.markDirty(route.key);
    this.outTable.set(session.address, { adj, ebgp: session.ebgp, maxMessageSize: session.maxMessageSize ?? MAX_MESSAGE_SIZE });
    return this.apply(changes);
  }

  /** A session left Established; restartTimeSeconds is the peer's GR restart time when GR was negotiated. */
  peerDown(address: string, restartTimeSeconds: number | null): EvpnEvent[] {
    const changes: BestChange[] = [];
    this.rib.peerDown(address, restartTimeSeconds, changes);
    this.outTable.delete(address);
    return this.apply(changes);
  }

  /** The neighbor was deleted: all its routes go, stale or not. */
  removePeer(address: string): EvpnEvent[] {
    const changes: BestChange[] = [];
    this.rib.removePeer(address, changes);
    this.outTable.delete(address);
    return this.apply(changes);
  }

  /** One UPDATE from a peer: withdrawals, then announcements, or End-of-RIB. */
  ingest(address: string, update: UpdateMessage): EvpnEvent[] {
    const content = readUpdate(update);
    if (content.endOfRib) return this.endOfRib(address);
    const changes: BestChange[] = [];
    this.rib.withdrawUpdate(address, content.withdrawn, changes);
    if (content.nextHop === null) {
      // No next hop means no VTEP; the codec should have refused the attribute (RFC 7606 §7.11), but
      // if it comes, withdrawing is safer than installing MACs behind nothing.
      this.rib.withdrawUpdate(address, content.announced, changes);
    } else {
      const group: Path[] = [];
      this.rib.announceUpdate(address, content.announced, content.attributes, content.nextHop, changes, group);
      this.rememberSeqs(group);
    }
    return this.apply(changes);
  }

  /**
   * The other members of our HA group (issue 10): their routes, which the fabric reflects to us, are kept
   * and shown but never imported (no tunnel to them, no remote MAC, no move, no duplicate); their MAC
   * sequences are remembered for our takeover. Routes already held are judged again.
   */
  setGroupMembers(members: readonly GroupMember[]): EvpnEvent[] {
    const changes: BestChange[] = [];
    const group: Path[] = [];
    this.rib.setGroupMembers(members, changes, group);
    this.rememberSeqs(group);
    importChanges(changes, this.importContext);
    return this.flush(true);
  }

  /** Withdraws routes directly, e.g. for RFC 7606 treat-as-withdraw decided by the codec. */
  withdraw(address: string, nlri: readonly EvpnNlri[]): EvpnEvent[] {
    const changes: BestChange[] = [];
    this.rib.withdrawUpdate(address, nlri, changes);
    return this.apply(changes);
  }

  /** End-of-RIB from a peer: its stale paths that were not refreshed are swept (RFC 4724 §4.2). */
  endOfRib(address: string): EvpnEvent[] {
    const changes: BestChange[] = [];
    this.rib.endOfRib(address, changes);
    return this.apply(changes);
  }

  /** Runs what is due at the clock's now: GR timers, timed duplicate freezes. */
  tick(): EvpnEvent[] {
    const changes: BestChange[] = [];
    this.rib.expireTimers(changes);
    const now = this.clock.now();
    for (const evi of this.evis.values()) this.touch(evi).thaw(now);
    return this.apply(changes);
  }

  /** When tick() next has work, null when nothing is pending. */
  nextDeadline(): number | null {
    const times = [this.rib.nextDeadline(), ...[...this.evis.values()].map((e) => e.nextThaw())];
    const due = times.filter((t): t is number => t !== null);
    return due.length === 0 ? null : Math.min(...due);
  }

  /** The UPDATEs that bring one peer up to date with our routes (empty when nothing changed). */
  takeUpdates(address: string): UpdateMessage[] {
    const out = this.peerOut(address);
    const changes = out.adj.flush((key) => (this.advertisingOn ? this.origin.get(key) : undefined));
    return this.pack(out, changes.withdraw, changes.announce);
  }

  /** Route refresh (RFC 2918) toward a peer: our whole Adj-RIB-Out for it, again. */
  refreshUpdates(address: string): UpdateMessage[] {
    const out = this.peerOut(address);
    const changes = out.adj.refresh(this.advertisingOn ? this.origin.values() : []);
    return this.pack(out, changes.withdraw, changes.announce);
  }

  /** Whether our routes (type 3s, local MACs) go to peers. */
  get advertising(): boolean {
    return this.advertisingOn;
  }

  /**
   * Turns advertising on or off. Off (an HA standby): every route we sent is withdrawn at the next
   * takeUpdates and nothing is sent until it is on again; the origin table keeps changing meanwhile, so
   * turning it on announces exactly what is ours at that moment. Remote routes are learned either way.
   */
  setAdvertising(on: boolean): EvpnEvent[] {
    if (on === this.advertisingOn) return [];
    this.advertisingOn = on;
    for (const out of this.outs.values()) for (const route of this.origin.values()) out.adj.markDirty(route.key);
    // Turning on is an HA takeover: our MACs go out above the sequences the old active used (RFC 7432 §15.1).
    if (on) for (const evi of this.evis.values()) this.touch(evi).raiseLocalSeqs();
    return this.flush();
  }

  /** Duplicate MACs detected since the last call, for logs and metrics. */
  takeDuplicates(): DuplicateMac[] {
    return [...this.evis.values()].flatMap((e) => e.takeDetected());
  }

  /** Lifts the freeze of a duplicate MAC by hand. */
  clearDuplicate(vni: number, mac: string): EvpnEvent[] {
    if (!this.touch(this.evi(vni)).clearDuplicate(parseMac(mac))) {
      this.touched.clear();
      throw new NotFoundError(`expected MAC ${mac} in VNI ${vni} to be a frozen duplicate, got one that is not`);
    }
    return this.flush();
  }

  /** The EVI of a VNI, or NotFoundError. */
  evi(vni: number): Evi {
    const evi = this.evis.get(vni);
    if (evi === undefined) throw new NotFoundError(`expected a network with VNI ${vni}, got none`);
    return evi;
  }

  /** The VNIs a path's RTs import it into. */
  vnisOf(path: Path): readonly number[] {
    const info = this.rib.attrs.get(path.attributes);
    return info.vxlanEncap ? this.imports.vnisOf(info) : [];
  }

  /** Remembers the MAC sequences of group members' type-2 routes, in every VNI their RTs import into. */
  private rememberSeqs(paths: readonly Path[]): void {
    const now = this.clock.now();
    for (const path of paths) {
      if (path.nlri.type !== 2) continue;
      const seq = this.rib.attrs.get(path.attributes).seq;
      for (const vni of this.vnisOf(path)) this.seen.remember(vni, path.nlri.mac, seq, now);
    }
  }

  private peerOut(address: string): PeerOut {
    const out = this.outs.get(address);
    if (out === undefined) throw new EvpnError('invalid', `expected an established session with ${address}, got none`);
    return out;
  }

  private pack(out: PeerOut, withdraw: readonly LocalRoute[], announce: readonly LocalRoute[]): UpdateMessage[] {
    return packUpdates(
      withdraw.map((r) => r.nlri),
      announce.map((r) => ({ nlri: r.nlri, attributes: attributesFor(r.template, out.ebgp), nextHop: r.template.network.vtepIp })),
      out.maxMessageSize,
    );
  }

  /** Imports best-path changes into the EVIs by RT (never by RD), then flushes the touched EVIs. */
  private apply(changes: readonly BestChange[]): EvpnEvent[] {
    importChanges(changes, this.importContext);
    return this.flush();
  }

  private touch(evi: Evi): Evi {
    this.touched.add(evi);
    return evi;
  }

  /** Settles every EVI touched by this call and returns the events, EVI by EVI; `regroup`: see Evi.settle. */
  private flush(regroup = false): EvpnEvent[] {
    const out: EvpnEvent[] = [];
    if (this.touched.size === 0) return out;
    const now = this.clock.now();
    for (const evi of this.touched) evi.flush(now, out, regroup);
    this.touched.clear();
    return out;
  }
}
