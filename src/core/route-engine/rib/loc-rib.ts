// The Loc-RIB: for every route key, the accepted paths from all peers, best first. It is also where the
// peers' accepted paths are kept (the RIB has no second per-peer table of them): one table per route.
// One lookup per route and a sort over the few paths of that key: ingest stays linear.
// A key with one path (nearly all of them) stores the path itself, not a one-element array:
// that saves an array per route, which matters at 100k routes.
// The table is split by key prefix (route type and RD: what the routes of one UPDATE from FRR share),
// so the routes of an UPDATE land in one small table that stays in the CPU cache, instead of in one
// 100k-entry table where every lookup misses it. Callers that know the prefix pass its shard along.
import type { PathOrder } from './best-path.js';
import { keyPrefixOf } from './keys.js';
import type { Path } from './path.js';

/** The best path of a key changed (either side undefined when the key appeared or went away). */
export interface BestChange {
  readonly key: string;
  /** The key's prefix (keyPrefix()): the same string object for every key of one shard. */
  readonly prefix: string;
  readonly previous: Path | undefined;
  readonly current: Path | undefined;
}

type Entry = Path | Path[];

/** The keys of one prefix. Get one with LocRib.shard(); the routes are the LocRib's business. */
export class Shard {
  /** @internal */
  readonly routes = new Map<string, Entry>();

  constructor(readonly prefix: string) {}
}

const first = (e: Entry | undefined): Path | undefined => (Array.isArray(e) ? e[0] : e);

/** Route key → paths, best first, split by key prefix. */
export class LocRib {
  private readonly shards = new Map<string, Shard>();
  private keys = 0;

  constructor(private readonly order: PathOrder) {}

  /** Number of route keys with at least one path. */
  get size(): number {
    return this.keys;
  }

  /** The shard of a key prefix (keyPrefix()), for the upserts and removes of one UPDATE's routes. */
  shard(prefix: string): Shard {
    let shard = this.shards.get(prefix);
    if (shard === undefined) this.shards.set(prefix, (shard = new Shard(prefix)));
    return shard;
  }

  /** The shard of a key prefix if it has keys, without making one. */
  findShard(prefix: string): Shard | undefined {
    return this.shards.get(prefix);
  }

  /** The best path of a key. */
  best(key: string): Path | undefined {
    return first(this.shards.get(keyPrefixOf(key))?.routes.get(key));
  }

  /** All paths of a key, best first. */
  paths(key: string): readonly Path[] {
    const e = this.shards.get(keyPrefixOf(key))?.routes.get(key);
    return e === undefined ? [] : Array.isArray(e) ? e : [e];
  }

  /** The best path of every key of one prefix (none for a prefix without keys). */
  *bestIn(prefix: string): Generator<Path> {
    for (const e of this.shards.get(prefix)?.routes.values() ?? []) yield first(e) as Path;
  }

  /** Every path of every key, best first within a key. */
  *allPaths(): Generator<Path> {
    for (const shard of this.shards.values()) {
      for (const e of shard.routes.values()) {
        if (Array.isArray(e)) yield* e;
        else yield e;
      }
    }
  }

  /**
   * Adds a path, replacing the same peer's earlier path for the key (implicit withdraw, RFC 4271 §3.1).
   * Returns the path it replaced, undefined when that peer had none. `shard` is the key's, when known.
   */
  upsert(path: Path, out: BestChange[], held?: Shard): Path | undefined {
    const key = path.key;
    // A held shard that emptied has left the table (remove() drops empty shards): take the table's.
    const shard = held !== undefined && held.routes.size > 0 ? held : this.shard(held?.prefix ?? keyPrefixOf(key));
    const routes = shard.routes;
    const entry = routes.get(key);
    if (entry === undefined || (!Array.isArray(entry) && entry.peer.address === path.peer.address)) {
      if (entry === undefined) this.keys++;
      routes.set(key, path);
      out.push({ key, prefix: shard.prefix, previous: entry, current: path });
      return entry;
    }
    const before = first(entry);
    const replaced = Array.isArray(entry) ? entry.find((p) => p.peer.address === path.peer.address) : undefined;
    const list = Array.isArray(entry) ? entry.filter((p) => p !== replaced) : [entry];
    let at = list.findIndex((p) => this.order(path, p) < 0);
    if (at < 0) at = list.length;
    list.splice(at, 0, path);
    routes.set(key, list);
    if (list[0] !== before) out.push({ key, prefix: shard.prefix, previous: before, current: list[0] });
    return replaced;
  }

  /** Removes one peer's path for a key; returns it, undefined when that peer had none. */
  remove(peerAddress: string, key: string, out: BestChange[], shard = this.findShard(keyPrefixOf(key))): Path | undefined {
    const entry = shard?.routes.get(key);
    if (shard === undefined || entry === undefined) return undefined;
    let removed: Path | undefined;
    let rest: Path[] = [];
    if (!Array.isArray(entry)) {
      if (entry.peer.address !== peerAddress) return undefined;
      removed = entry;
    } else {
      removed = entry.find((p) => p.peer.address === peerAddress);
      if (removed === undefined) return undefined;
      rest = entry.filter((p) => p !== removed);
    }
    if (rest.length === 0) this.drop(shard, key);
    else shard.routes.set(key, rest.length === 1 ? (rest[0] as Path) : rest);
    if (rest[0] !== first(entry)) out.push({ key, prefix: shard.prefix, previous: first(entry), current: rest[0] });
    return removed;
  }

  private drop(shard: Shard, key: string): void {
    shard.routes.delete(key);
    this.keys--;
    // An empty shard goes, so RDs that are gone leave nothing behind.
    if (shard.routes.size === 0 && this.shards.get(shard.prefix) === shard) this.shards.delete(shard.prefix);
  }
}
