// One EVPN instance (one configured network, one VNI): its local and remote MACs, its flood list of
// remote VTEPs, MAC mobility and duplicate detection. Changes only mark what they touch; flush() then
// settles each touched MAC once and emits the net change of the whole batch (one engine call): one
// event per actual change, none for a replay, and VTEP events around the MAC events that need them.
import type { AttrInfoCache } from '../rib/attr-info.js';
import type { BestChange } from '../rib/loc-rib.js';
import type { Path } from '../rib/path.js';
import type { NetworkConfig } from '../../model/config.js';
import { newHistory, recordMove, thawDue, type DupDetectionConfig } from './dup-detect.js';
import { labelKey, type EvpnEvent } from './events.js';
import { FloodList, keyField } from './flood-list.js';
import { mergeIps, sameIps, type LocalSource } from './local-mac.js';
import { MacEntry } from './mac-entry.js';
import { LOCAL, placeMac, type Placement } from './mac-place.js';

/** What we advertise for a local MAC that is ours (null: withdraw). */
export interface LocalAdvert {
  readonly ips: readonly string[];
  readonly seq: number;
  readonly sticky: boolean;
}

/** Receives the advertisement state of local MACs; it diffs, so repeated calls are harmless. */
export type MacAdvertiser = (vni: number, mac: string, advert: LocalAdvert | null) => void;

/** The highest MAC Mobility sequence seen per (VNI, MAC) beyond the MAC entries (see seen-seq.ts). */
export interface SeenSeqs {
  /** -1 when none is remembered. */
  highest(vni: number, mac: string): number;
  remember(vni: number, mac: string, seq: number): void;
}

/** What every EVI shares: our VTEP, the RIB's attribute cache, the thresholds, the advertiser, the seen sequences. */
export interface EviContext {
  readonly ownVtep: string;
  readonly attrs: AttrInfoCache;
  readonly dup: DupDetectionConfig;
  readonly advertise: MacAdvertiser;
  readonly seen: SeenSeqs;
}

/** A MAC found to be duplicated (RFC 7432 §15.1), frozen at `location`. */
export interface DuplicateMac {
  readonly vni: number;
  readonly mac: string;
  /** "local" or the VTEP IP it is frozen at. */
  readonly location: string;
  readonly detectedAt: number;
  readonly frozenUntil: number | null;
}

/** The state of one VNI. */
export class Evi {
  private readonly macs = new Map<string, MacEntry>();
  /** Remote VTEPs by number of imported type-2/type-3 best paths pointing at them. */
  private readonly flood = new FloodList();
  private readonly frozen = new Set<MacEntry>();
  /** MACs touched since the last flush. */
  private readonly dirty = new Set<MacEntry>();
  private readonly detected: DuplicateMac[] = [];
  private remoteMacCount = 0;
  private localMacCount = 0;

  constructor(readonly network: NetworkConfig, private readonly ctx: EviContext) {}

  /** The VNI of this instance. */
  get vni(): number {
    return this.network.vni;
  }

  /** applyRoute for changes[start..end), with their previous and/or current paths as the flags say. */
  applyRoutes(changes: readonly BestChange[], start: number, end: number, withPrevious: boolean, withCurrent: boolean): void {
    for (let i = start; i < end; i++) {
      const c = changes[i] as BestChange;
      this.applyRoute(withPrevious ? c.previous : undefined, withCurrent ? c.current : undefined);
    }
  }

  /** An imported best path changed: previous and current are the same route key (either may be absent). */
  applyRoute(previous: Path | undefined, current: Path | undefined): void {
    if (current !== undefined) this.countEnd(current, 1);
    if (previous !== undefined) this.countEnd(previous, -1);
    const nlri = (current ?? previous)?.nlri;
    if (nlri?.type !== 2) return;
    const entry = this.entry(nlri.mac);
    if (previous !== undefined) entry.removeRemote(previous.key);
    if (current !== undefined) {
      entry.addRemote(current);
      entry.seenSeq = Math.max(entry.seenSeq, this.ctx.attrs.get(current.attributes).seq);
    }
    this.dirty.add(entry);
  }

  /**
   * Settles the touched MACs and emits the batch's net changes: new VTEPs first, then MAC events,
   * then VTEPs that left, so a consumer never sees a MAC behind a VTEP it does not know.
   */
  flush(now: number, out: EvpnEvent[], regroup = false): void {
    this.flood.pushJoined(this.vni, out);
    for (const entry of this.dirty) this.settle(entry, now, out, regroup);
    this.dirty.clear();
    this.flood.pushLeftAndEnd(this.vni, out);
  }

  /** A local MAC from one source, with its IPs (replacing what that source said before). */
  setLocalMac(mac: string, source: LocalSource, ips: readonly string[], sticky: boolean): void {
    const entry = this.entry(mac);
    const sorted = mergeIps([ips]);
    if (entry.local === null) {
      // RFC 7432 §15.1: a MAC learned locally that was seen remotely is advertised with a higher sequence.
      entry.local = { sources: new Map([[source, sorted]]), ips: sorted, sticky, seq: this.seenOf(entry) + 1 };
      this.localMacCount++;
    } else {
      const had = entry.local.sources.get(source);
      if (had !== undefined && sameIps(had, sorted) && entry.local.sticky === sticky) return;
      entry.local.sources.set(source, sorted);
      entry.local.ips = mergeIps(entry.local.sources.values());
      entry.local.sticky = sticky;
    }
    this.dirty.add(entry);
  }

  /** A source no longer has this local MAC; the MAC goes when no source has it. */
  deleteLocalMac(mac: string, source: LocalSource): void {
    const entry = this.macs.get(mac);
    if (entry?.local?.sources.delete(source) !== true) return;
    if (entry.local.sources.size === 0) {
      entry.local = null;
      this.localMacCount--;
    } else {
      entry.local.ips = mergeIps(entry.local.sources.values());
    }
    this.dirty.add(entry);
  }

  /**
   * An HA takeover (issue 10): every MAC we advertise goes out with a sequence above the highest seen for
   * it, the old active's included (RFC 7432 §15.1), so remote VTEPs move to us at once instead of at the
   * old route's withdrawal or hold timer. A MAC nobody else advertised keeps its sequence; a local MAC a
   * remote VTEP won is not taken back; sticky MACs keep their flag and the rules of §15.2.
   */
  raiseLocalSeqs(): void {
    for (const entry of this.macs.values()) {
      if (entry.local === null || entry.at !== LOCAL) continue;
      const seen = this.seenOf(entry);
      if (entry.local.seq > seen) continue;
      entry.local.seq = seen + 1;
      this.dirty.add(entry);
    }
  }

  /** The local MACs one source has contributed. */
  localMacsFrom(source: LocalSource): string[] {
    const macs: string[] = [];
    for (const e of this.macs.values()) if (e.local?.sources.has(source) === true) macs.push(e.mac);
    return macs;
  }

  /** Lifts the freeze of duplicates whose freeze time ran out, and places them again. */
  thaw(now: number): void {
    for (const entry of [...this.frozen]) if (entry.history !== null && thawDue(entry.history, now)) this.unfreeze(entry);
  }

  /** When the next timed freeze runs out, null when none. */
  nextThaw(): number | null {
    let next: number | null = null;
    for (const e of this.frozen) {
      const until = e.history?.frozen?.until ?? null;
      if (until !== null && (next === null || until < next)) next = until;
    }
    return next;
  }

  /** Clears a duplicate by hand (like FRR's `clear evpn dup-addr`). False when the MAC was not frozen. */
  clearDuplicate(mac: string): boolean {
    const entry = this.macs.get(mac);
    if (entry === undefined || !this.frozen.has(entry)) return false;
    this.unfreeze(entry);
    return true;
  }

  /** The network is being removed (between batches): every remote MAC and VTEP goes, our advertisements too. */
  teardown(out: EvpnEvent[]): void {
    for (const entry of this.macs.values()) {
      const at = entry.at;
      if (at === LOCAL) this.ctx.advertise(this.vni, entry.mac, null);
      else if (at !== null) out.push({ type: 'mac-removed', vni: this.vni, mac: entry.mac, vtep: at, ...keyField(entry.key, this.vni) });
    }
    for (const { vtep, key } of this.flood.ends()) out.push({ type: 'vtep-removed', vni: this.vni, vtep, ...keyField(key, this.vni) });
    this.macs.clear();
    this.flood.clear();
    this.frozen.clear();
    this.dirty.clear();
    this.remoteMacCount = 0;
    this.localMacCount = 0;
  }

  /** Duplicates found since the last call. */
  takeDetected(): DuplicateMac[] {
    return this.detected.splice(0);
  }

  /** Every MAC currently frozen as a duplicate. */
  duplicates(): DuplicateMac[] {
    return [...this.frozen].map((e) => this.duplicateOf(e));
  }

  /** Counts for the network view: every remote VTEP, and those in the flood list. */
  counts(): { localMacs: number; remoteMacs: number; remoteVteps: string[]; floodVteps: string[] } {
    return { localMacs: this.localMacCount, remoteMacs: this.remoteMacCount, remoteVteps: this.flood.vteps(), floodVteps: this.flood.floodVteps() };
  }

  /** True when BUM traffic of this VNI goes to the VTEP (it is in the flood list). */
  floodsTo(vtep: string): boolean {
    return this.flood.has(vtep);
  }

  /** Where the MAC is placed now: LOCAL, a remote VTEP IP, or null (unknown, or placed nowhere). */
  macLocation(mac: string): string | null {
    return this.macs.get(mac)?.at ?? null;
  }

  /** The MACs placed behind remote VTEPs, with their merged state. */
  *remoteMacs(): Generator<{ mac: string; vtep: string; key: number; ips: readonly string[]; seq: number; sticky: boolean }> {
    for (const e of this.macs.values()) {
      if (e.at !== null && e.at !== LOCAL) yield { mac: e.mac, vtep: e.at, key: e.key, ips: e.ips, seq: e.seq, sticky: e.sticky };
    }
  }

  /** Every MAC of the EVI as the MAC table shows it: placement, both sequence numbers, duplicate state. */
  *macTable(): Generator<{ mac: string; at: string | null; ips: readonly string[]; localSeq: number | null; remoteSeq: number | null; sticky: boolean; duplicate: boolean }> {
    for (const e of this.macs.values()) {
      const local = e.at === LOCAL && e.local !== null;
      yield {
        mac: e.mac, at: e.at, ips: local ? e.local!.ips : e.ips, localSeq: e.local?.seq ?? null, remoteSeq: e.seenSeq < 0 ? null : e.seenSeq,
        sticky: local ? e.local!.sticky : e.sticky, duplicate: this.frozen.has(e),
      };
    }
  }

  /** The local MACs, whether we advertise them (active) or a remote VTEP won them. */
  *localMacs(): Generator<{ mac: string; ips: readonly string[]; seq: number; sticky: boolean; active: boolean; sources: LocalSource[] }> {
    for (const e of this.macs.values()) {
      const l = e.local;
      if (l !== null) yield { mac: e.mac, ips: l.ips, seq: l.seq, sticky: l.sticky, active: e.at === LOCAL, sources: [...l.sources.keys()] };
    }
  }

  /**
   * Counts the (VTEP, key) end a path points at. Type 2: the next hop (RFC 8365 §5.1.3), key = Label1,
   * never flooded to on its own. Type 3: the originating IP (what FRR floods to), key = the PMSI label, and
   * only with a PMSI Tunnel of type ingress replication (RFC 8365 §9): without it there is no BUM tunnel.
   */
  private countEnd(path: Path, delta: 1 | -1): void {
    const nlri = path.nlri;
    if (nlri.type === 2) {
      this.flood.count(path.nextHop, labelKey(nlri.label1, this.vni), delta, false);
    } else if (nlri.type === 3) {
      const label = this.ctx.attrs.get(path.attributes).ingressReplicationLabel;
      if (label !== null) this.flood.count(nlri.originatorIp, labelKey(label, this.vni), delta, true);
    }
  }

  private entry(mac: string): MacEntry {
    let entry = this.macs.get(mac);
    if (entry === undefined) {
      entry = new MacEntry(mac);
      this.macs.set(mac, entry);
    }
    return entry;
  }

  /**
   * Places the MAC again and emits what changed: the heart of RFC 7432 §15 for one MAC. `regroup`: the
   * change is routes found to be our HA group's (Rib.setGroupMembers), not a move: a MAC that comes back to
   * us that way keeps its sequence (the group's own is no claim to beat; a takeover raises it, see
   * raiseLocalSeqs) and counts no move.
   */
  private settle(entry: MacEntry, now: number, out: EvpnEvent[], regroup: boolean): void {
    const pinned = entry.history?.frozen?.at ?? null;
    let next = placeMac(entry.remote(), entry.local, this.ctx.ownVtep, this.ctx.attrs, pinned, this.vni);
    const wasAt = entry.at;
    if (next.at === LOCAL && wasAt !== LOCAL && entry.local !== null && entry.local.seq <= entry.seenSeq && !regroup) {
      // Taking the MAC back from a remote VTEP: advertise above every sequence seen (RFC 7432 §15.1).
      entry.local.seq = this.seenOf(entry) + 1;
      next = { ...next, seq: entry.local.seq };
    }
    if (wasAt !== null && next.at !== null && wasAt !== next.at && pinned === null && !regroup) this.countMove(entry, next.at, now);
    // The entry still holds the placement the last events said: it is the "before" of this change.
    this.emit(entry.mac, entry, next, out);
    entry.at = next.at;
    entry.ips = next.ips;
    entry.seq = next.seq;
    entry.sticky = next.sticky;
    entry.key = next.key;
    if (next.at === LOCAL) this.ctx.advertise(this.vni, entry.mac, { ips: next.ips, seq: next.seq, sticky: next.sticky });
    else if (wasAt === LOCAL) this.ctx.advertise(this.vni, entry.mac, null);
    if (entry.noRemote && entry.local === null && next.at === null && !this.frozen.has(entry)) {
      // The entry goes, its highest sequence stays: a later local MAC or takeover must still beat it.
      if (entry.seenSeq >= 0) this.ctx.seen.remember(this.vni, entry.mac, entry.seenSeq);
      this.macs.delete(entry.mac);
    }
  }

  /** The highest sequence seen for the MAC: on its imported routes, or remembered (group members', gone ones). */
  private seenOf(entry: MacEntry): number {
    return Math.max(entry.seenSeq, this.ctx.seen.highest(this.vni, entry.mac));
  }

  private countMove(entry: MacEntry, to: string, now: number): void {
    entry.history ??= newHistory();
    if (!recordMove(entry.history, to, now, this.ctx.dup)) return;
    this.frozen.add(entry);
    this.detected.push(this.duplicateOf(entry));
  }

  private unfreeze(entry: MacEntry): void {
    this.frozen.delete(entry);
    entry.history = null;
    this.dirty.add(entry);
  }

  private duplicateOf(entry: MacEntry): DuplicateMac {
    const f = entry.history?.frozen;
    return { vni: this.vni, mac: entry.mac, location: f?.at ?? LOCAL, detectedAt: f?.since ?? 0, frozenUntil: f?.until ?? null };
  }

  /** One event per actual change of a MAC's remote placement; local placements are advertisements, not events. */
  private emit(mac: string, before: Placement, next: Placement, out: EvpnEvent[]): void {
    const wasRemote = before.at !== null && before.at !== LOCAL;
    const isRemote = next.at !== null && next.at !== LOCAL;
    if (wasRemote && !isRemote) {
      this.remoteMacCount--;
      out.push({ type: 'mac-removed', vni: this.vni, mac, vtep: before.at as string, ...keyField(before.key, this.vni) });
      return;
    }
    if (!isRemote) return;
    if (!wasRemote) this.remoteMacCount++;
    const vtep = next.at as string;
    if (before.at !== null && before.at !== vtep) {
      out.push({ type: 'mac-moved', vni: this.vni, mac, ips: next.ips.slice(), vtep, ...keyField(next.key, this.vni), seq: next.seq, sticky: next.sticky, from: before.at });
    } else if (!wasRemote || !sameIps(before.ips, next.ips) || before.seq !== next.seq || before.sticky !== next.sticky || before.key !== next.key) {
      // A new key at the same VTEP is an upsert onto another (VTEP, key) port: the consumer unlinks the old one.
      out.push({ type: 'mac-added', vni: this.vni, mac, ips: next.ips.slice(), vtep, ...keyField(next.key, this.vni), seq: next.seq, sticky: next.sticky });
    }
  }
}

