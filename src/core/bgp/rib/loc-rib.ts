// The Loc-RIB: for every route key, the accepted paths from all peers, kept sorted best first.
// One Map lookup per route and a sort over the few paths of that key: ingest stays linear.
import type { PathOrder } from './best-path.js';
import type { Path } from './path.js';

/** The best path of a key changed (either side undefined when the key appeared or went away). */
export interface BestChange {
  readonly key: string;
  readonly previous: Path | undefined;
  readonly current: Path | undefined;
}

/** Route key → paths, best first. */
export class LocRib {
  private readonly routes = new Map<string, Path[]>();

  constructor(private readonly order: PathOrder) {}

  /** Number of route keys with at least one path. */
  get size(): number {
    return this.routes.size;
  }

  /** The best path of a key. */
  best(key: string): Path | undefined {
    return this.routes.get(key)?.[0];
  }

  /** All paths of a key, best first. */
  paths(key: string): readonly Path[] {
    return this.routes.get(key) ?? [];
  }

  /** Adds a path, replacing the same peer's earlier path for the key (implicit withdraw, RFC 4271 §3.1). */
  upsert(path: Path, out: BestChange[]): void {
    const list = this.routes.get(path.key);
    if (list === undefined) {
      this.routes.set(path.key, [path]);
      out.push({ key: path.key, previous: undefined, current: path });
      return;
    }
    const before = list[0];
    const old = list.findIndex((p) => p.peer.address === path.peer.address);
    if (old >= 0) list.splice(old, 1);
    let at = list.findIndex((p) => this.order(path, p) < 0);
    if (at < 0) at = list.length;
    list.splice(at, 0, path);
    if (list[0] !== before) out.push({ key: path.key, previous: before, current: list[0] });
  }

  /** Removes one peer's path for a key. */
  remove(peerAddress: string, key: string, out: BestChange[]): void {
    const list = this.routes.get(key);
    if (list === undefined) return;
    const at = list.findIndex((p) => p.peer.address === peerAddress);
    if (at < 0) return;
    const before = list[0];
    list.splice(at, 1);
    if (list.length === 0) this.routes.delete(key);
    if (list[0] !== before) out.push({ key, previous: before, current: list[0] });
  }
}
