// The Loc-RIB: for every route key, the accepted paths from all peers, best first.
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

  /** Adds a path, replacing the same peer's earlier path for the key (implicit withdraw, RFC 4271 §3.1). */
  upsert(path: Path, out: BestChange[]): void {
    const entry = this.routes.get(path.key);
    const before = first(entry);
    if (entry === undefined || (!Array.isArray(entry) && entry.peer.address === path.peer.address)) {
      this.routes.set(path.key, path);
      out.push({ key: path.key, previous: before, current: path });
      return;
    }
    const list = Array.isArray(entry) ? entry.filter((p) => p.peer.address !== path.peer.address) : [entry];
    let at = list.findIndex((p) => this.order(path, p) < 0);
    if (at < 0) at = list.length;
    list.splice(at, 0, path);
    this.store(path.key, list);
    if (list[0] !== before) out.push({ key: path.key, previous: before, current: list[0] });
  }

  /** Removes one peer's path for a key. */
  remove(peerAddress: string, key: string, out: BestChange[]): void {
    const entry = this.routes.get(key);
    if (entry === undefined) return;
    const before = first(entry);
    if (!Array.isArray(entry)) {
      if (entry.peer.address !== peerAddress) return;
      this.routes.delete(key);
      out.push({ key, previous: before, current: undefined });
      return;
    }
    const list = entry.filter((p) => p.peer.address !== peerAddress);
    if (list.length === entry.length) return;
    this.store(key, list);
    if (list[0] !== before) out.push({ key, previous: before, current: list[0] });
  }

  private store(key: string, list: Path[]): void {
    if (list.length === 0) this.routes.delete(key);
    else this.routes.set(key, list.length === 1 ? (list[0] as Path) : list);
  }
}
