// The Loc-RIB: for every route key, the accepted paths from all peers, best first. It is also where the
// peers' accepted paths are kept (the RIB has no second per-peer table of them): one Map per route, not two.
// One Map lookup per route and a sort over the few paths of that key: ingest stays linear.
// A key with one path (nearly all of them) stores the path itself, not a one-element array:
// that saves an array per route, which matters at 100k routes.
import type { PathOrder } from './best-path.js';
import type { Path } from './path.js';

/** The best path of a key changed (either side undefined when the key appeared or went away). */
export interface BestChange {
  readonly key: string;
  readonly previous: Path | undefined;
  readonly current: Path | undefined;
}

type Entry = Path | Path[];

const first = (e: Entry | undefined): Path | undefined => (Array.isArray(e) ? e[0] : e);

/** Route key → paths, best first. */
export class LocRib {
  private readonly routes = new Map<string, Entry>();

  constructor(private readonly order: PathOrder) {}

  /** Number of route keys with at least one path. */
  get size(): number {
    return this.routes.size;
  }

  /** The best path of a key. */
  best(key: string): Path | undefined {
    return first(this.routes.get(key));
  }

  /** All paths of a key, best first. */
  paths(key: string): readonly Path[] {
    const e = this.routes.get(key);
    return e === undefined ? [] : Array.isArray(e) ? e : [e];
  }

  /** Every path of every key, best first within a key. */
  *allPaths(): Generator<Path> {
    for (const e of this.routes.values()) {
      if (Array.isArray(e)) yield* e;
      else yield e;
    }
  }

  /**
   * Adds a path, replacing the same peer's earlier path for the key (implicit withdraw, RFC 4271 §3.1).
   * Returns the path it replaced, undefined when that peer had none.
   */
  upsert(path: Path, out: BestChange[]): Path | undefined {
    const key = path.key;
    const entry = this.routes.get(key);
    if (entry === undefined || (!Array.isArray(entry) && entry.peer.address === path.peer.address)) {
      this.routes.set(key, path);
      out.push({ key, previous: entry, current: path });
      return entry;
    }
    const before = first(entry);
    const replaced = Array.isArray(entry) ? entry.find((p) => p.peer.address === path.peer.address) : undefined;
    const list = Array.isArray(entry) ? entry.filter((p) => p !== replaced) : [entry];
    let at = list.findIndex((p) => this.order(path, p) < 0);
    if (at < 0) at = list.length;
    list.splice(at, 0, path);
    this.store(key, list);
    if (list[0] !== before) out.push({ key, previous: before, current: list[0] });
    return replaced;
  }

  /** Removes one peer's path for a key; returns it, undefined when that peer had none. */
  remove(peerAddress: string, key: string, out: BestChange[]): Path | undefined {
    const entry = this.routes.get(key);
    if (entry === undefined) return undefined;
    if (!Array.isArray(entry)) {
      if (entry.peer.address !== peerAddress) return undefined;
      this.routes.delete(key);
      out.push({ key, previous: entry, current: undefined });
      return entry;
    }
    const removed = entry.find((p) => p.peer.address === peerAddress);
    if (removed === undefined) return undefined;
    const list = entry.filter((p) => p !== removed);
    this.store(key, list);
    if (list[0] !== entry[0]) out.push({ key, previous: entry[0], current: list[0] });
    return removed;
  }

  private store(key: string, list: Path[]): void {
    if (list.length === 0) this.routes.delete(key);
    else this.routes.set(key, list.length === 1 ? (list[0] as Path) : list);
  }
}
