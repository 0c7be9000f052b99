// Import by route target, never by parsing the RD (FRR's RD holds an index, not the VNI: DESIGN.md).
// Two indexes: import key → VNIs (from the configured networks) and import key → route keys (of the
// Loc-RIB's best paths), so adding a network re-evaluates only the routes carrying its RTs, never the
// whole table. An import key is an RT's text (a configured import RT matches exactly) or `*:<n>`, an RT's
// local administrator with any AS (an automatic import RT, as FRR matches it: see route-target.ts).
import type { AttrInfo } from './attr-info.js';

const NONE: readonly number[] = Object.freeze([]);
const NO_RTS: readonly string[] = Object.freeze([]);

/** Import key → importing VNIs, and import key → route keys whose best path carries it. */
export class RtImportIndex {
  private readonly vnisByRt = new Map<string, Set<number>>();
  private readonly keysByRt = new Map<string, Set<string>>();
  /** Bumped on every network change; invalidates the per-attributes VNI cache. */
  private generation = 0;

  /** A network imports these keys (importMatchesOf). Returns the keys of routes that carry any of them, to (re)import. */
  addNetwork(vni: number, rts: readonly string[]): Set<string> {
    this.generation++;
    const keys = new Set<string>();
    for (const rt of rts) {
      let vnis = this.vnisByRt.get(rt);
      if (vnis === undefined) this.vnisByRt.set(rt, (vnis = new Set()));
      vnis.add(vni);
      for (const key of this.keysByRt.get(rt) ?? []) keys.add(key);
    }
    return keys;
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

  /** Keeps the RT → key index in step with a best-path change of one key. */
  track(key: string, previous: AttrInfo | undefined, current: AttrInfo | undefined): void {
    this.trackRun([{ key }], 0, 1, previous, current);
  }

  /**
   * track() for the keys of changes[start..end), whose best paths all went from attributes with
   * `previous` facts to attributes with `current` facts: one lookup per RT, not one per key.
   */
  trackRun(changes: readonly { readonly key: string }[], start: number, end: number, previous: AttrInfo | undefined, current: AttrInfo | undefined): void {
    if (previous?.importKeys === current?.importKeys) return;
    for (const rt of previous?.importKeys ?? NO_RTS) {
      const keys = this.keysByRt.get(rt);
      if (keys === undefined) continue;
      for (let i = start; i < end; i++) keys.delete((changes[i] as { readonly key: string }).key);
      if (keys.size === 0) this.keysByRt.delete(rt);
    }
    for (const rt of current?.importKeys ?? NO_RTS) {
      let keys = this.keysByRt.get(rt);
      if (keys === undefined) this.keysByRt.set(rt, (keys = new Set()));
      for (let i = start; i < end; i++) keys.add((changes[i] as { readonly key: string }).key);
    }
  }
}
