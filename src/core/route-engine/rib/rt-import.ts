// Import by route target, never by parsing the RD (FRR's RD holds an index, not the VNI: DESIGN.md).
// Two indexes: import key → VNIs (from the configured networks) and import key → key prefixes (route type +
// RD, a Loc-RIB shard) with how many best paths there carry it, so adding a network re-evaluates only the
// shards holding routes with its RTs, never the whole table. Counting per prefix instead of keeping every
// route key costs one Map update per run of changes (the routes of one UPDATE share attributes and, nearly
// always, the RD), not two Set inserts per route: that was ~15 % of a 100k-route ingest.
// An import key is an RT's text (a configured import RT matches exactly) or `*:<n>`, an RT's local
// administrator with any AS (an automatic import RT, as FRR matches it: see route-target.ts).
import type { AttrInfo } from './attr-info.js';

const NONE: readonly number[] = Object.freeze([]);
const NO_RTS: readonly string[] = Object.freeze([]);

/** One best-path change as the index sees it: its key's prefix. */
export interface PrefixedChange {
  readonly prefix: string;
}

/** Import key → importing VNIs, and import key → key prefix → number of best paths there carrying it. */
export class RtImportIndex {
  private readonly vnisByRt = new Map<string, Set<number>>();
  private readonly prefixesByRt = new Map<string, Map<string, number>>();
  /** Bumped on every network change; invalidates the per-attributes VNI cache. */
  private generation = 0;

  /**
   * A network imports these keys (importMatchesOf). Returns the key prefixes (Loc-RIB shards) holding routes
   * that carry any of them, to (re)import: the caller filters their keys by vnisOf().
   */
  addNetwork(vni: number, rts: readonly string[]): Set<string> {
    this.generation++;
    const prefixes = new Set<string>();
    for (const rt of rts) {
      let vnis = this.vnisByRt.get(rt);
      if (vnis === undefined) this.vnisByRt.set(rt, (vnis = new Set()));
      vnis.add(vni);
      for (const prefix of this.prefixesByRt.get(rt)?.keys() ?? []) prefixes.add(prefix);
    }
    return prefixes;
  }
  /** A network stops importing these keys. */
  removeNetwork(vni: number, rts: readonly string[]): void {
    this.generation++;
    for (const rt of rts) {
      const vnis = this.vnisByRt.get(rt);
      vnis?.delete(vni);
      if (vnis?.size === 0) this.vnisByRt.delete(rt);
    }
  }

  /** The VNIs that import a path with these attributes, ascending; cached per attributes object. */
  vnisOf(info: AttrInfo): readonly number[] {
    const cached = info.importCache;
    if (cached !== null && cached.generation === this.generation) return cached.vnis;
    let vnis: number[] | null = null;
    for (const rt of info.importKeys) {
      for (const vni of this.vnisByRt.get(rt) ?? []) {
        if (vnis === null) vnis = [vni];
        else if (!vnis.includes(vni)) vnis.push(vni);
      }
    }
    const result = vnis === null ? NONE : vnis.sort((a, b) => a - b);
    info.importCache = { generation: this.generation, vnis: result };
    return result;
  }

  /** Keeps the RT → prefix counts in step with a best-path change of one key. */
  track(change: PrefixedChange, previous: AttrInfo | undefined, current: AttrInfo | undefined): void {
    this.trackRun([change], 0, 1, previous, current);
  }

  /**
   * track() for changes[start..end), whose best paths all went from attributes with `previous` facts to
   * attributes with `current` facts: one count update per RT and run of equal prefixes, not one per key.
   */
  trackRun(changes: readonly PrefixedChange[], start: number, end: number, previous: AttrInfo | undefined, current: AttrInfo | undefined): void {
    if (previous?.importKeys === current?.importKeys) return;
    for (let i = start, j = start; i < end; i = j) {
      const prefix = (changes[i] as PrefixedChange).prefix;
      for (j = i + 1; j < end && (changes[j] as PrefixedChange).prefix === prefix; j++);
      for (const rt of previous?.importKeys ?? NO_RTS) this.count(rt, prefix, i - j);
      for (const rt of current?.importKeys ?? NO_RTS) this.count(rt, prefix, j - i);
    }
  }

  private count(rt: string, prefix: string, delta: number): void {
    let byPrefix = this.prefixesByRt.get(rt);
    if (byPrefix === undefined) this.prefixesByRt.set(rt, (byPrefix = new Map()));
    const n = (byPrefix.get(prefix) ?? 0) + delta;
    if (n > 0) byPrefix.set(prefix, n);
    else {
      byPrefix.delete(prefix);
      if (byPrefix.size === 0) this.prefixesByRt.delete(rt);
    }
  }
}
