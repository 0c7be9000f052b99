// Adj-RIB-Out of one peer: what we told it, and which keys changed since. We only advertise our own
// routes (no route-reflector role), so "desired" is always the origin table's current entry.

/** A route we can advertise: immutable, so a changed route is a new object and compares by reference. */
export interface OutRoute {
  readonly key: string;
}

/** What must be sent to bring the peer up to date. */
export interface OutChanges<R extends OutRoute> {
  withdraw: R[];
  announce: R[];
}

/** The routes sent to one peer, and the keys changed since the last flush. */
export class AdjRibOut<R extends OutRoute> {
  private readonly sent = new Map<string, R>();
  private readonly dirty = new Set<string>();

  /** Routes currently advertised to the peer. */
  get size(): number {
    return this.sent.size;
  }

  /** The keys of the routes currently advertised to the peer. */
  sentKeys(): IterableIterator<string> {
    return this.sent.keys();
  }

  /** A route of ours changed (added, replaced or removed). */
  markDirty(key: string): void {
    this.dirty.add(key);
  }

  /** True when a flush would produce something. */
  get pending(): boolean {
    return this.dirty.size > 0;
  }

  /** Diffs the changed keys against what is desired now, records the result as sent, and clears the marks. */
  flush(desired: (key: string) => R | undefined): OutChanges<R> {
    const changes: OutChanges<R> = { withdraw: [], announce: [] };
    for (const key of this.dirty) {
      const want = desired(key);
      const have = this.sent.get(key);
      if (want === have) continue;
      if (want === undefined) {
        if (have !== undefined) changes.withdraw.push(have);
        this.sent.delete(key);
      } else {
        changes.announce.push(want);
        this.sent.set(key, want);
      }
    }
    this.dirty.clear();
    return changes;
  }

  /**
   * Route refresh (RFC 2918): every desired route is announced again, and anything the peer still holds
   * that is no longer desired is withdrawn. The table becomes exactly what is desired.
   */
  refresh(all: Iterable<R>): OutChanges<R> {
    const desired = new Map<string, R>();
    for (const r of all) desired.set(r.key, r);
    const withdraw = [...this.sent.values()].filter((r) => !desired.has(r.key));
    this.sent.clear();
    this.dirty.clear();
    for (const [key, r] of desired) this.sent.set(key, r);
    return { withdraw, announce: [...desired.values()] };
  }
}
