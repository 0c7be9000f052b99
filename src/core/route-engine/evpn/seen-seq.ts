// The highest MAC Mobility sequence number seen per (VNI, MAC) on any received route, kept after the route
// is gone (RFC 7432 §15.1: a PE that starts advertising a MAC must use a sequence above every one seen for
// it). It matters for HA takeovers (issue 10): the old active's routes are withdrawn before the new active
// advertises (kill -9: its sessions drop first), yet the remote VTEPs may still hold them (a session kept
// up by a paused process until its hold timer, a graceful-restart stale copy), so the new active must
// beat their sequence. The EVI's MAC entry holds the number while it has routes (MacEntry.seenSeq);
// this memory holds it for the group members' routes (never imported) and after an entry is gone.
//
// Bounded in time and size. A withdrawn route outlives its withdrawal in other PEs only as long as a hold
// time or a graceful-restart stale period (FRR: 120 s restart time + 360 s stale-path time), so a number
// older than that protects nothing and is forgotten. A churning fabric must not grow memory without end
// either, so past the cap the oldest half goes early. Forgetting is safe: the takeover then advertises
// the engine's usual sequence and the remote VTEPs move at the old route's withdrawal or hold timer, as
// before this memory existed.
//
// Two generations instead of a time stamp per entry: remember() writes into the current one, lookups read
// both, and every half period (or when the current one is half the cap) the older generation is dropped.
// An entry so lives between half a period and a period after it was last remembered.
import { ValidationError } from '../../errors.js';

/** How long and how many: long enough to outlive a GR stale period, small enough for 100k MACs. */
export interface SeenSeqLimits {
  /** A number is forgotten between ttlMs / 2 and ttlMs after it was last seen. */
  readonly ttlMs: number;
  /** At most this many (VNI, MAC) numbers are held. */
  readonly maxEntries: number;
}

/** 10 minutes (beyond FRR's 120 s restart + 360 s stale-path time) and 200k MACs (twice the tested scale). */
export const DEFAULT_SEEN_SEQ_LIMITS: SeenSeqLimits = Object.freeze({ ttlMs: 600_000, maxEntries: 200_000 });

const keyOf = (vni: number, mac: string): string => `${vni}/${mac}`;

/** Highest sequence seen per (VNI, MAC), forgotten after a while. Time is passed in (monotonic ms). */
export class SeenSeqMemory {
  private current = new Map<string, number>();
  private older = new Map<string, number>();
  private since: number;

  constructor(now: number, private readonly limits: SeenSeqLimits = DEFAULT_SEEN_SEQ_LIMITS) {
    if (!(limits.ttlMs > 0)) throw new ValidationError('seen-sequence memory TTL', limits.ttlMs, 'a positive number of milliseconds');
    if (!Number.isInteger(limits.maxEntries) || limits.maxEntries < 2) {
      throw new ValidationError('seen-sequence memory size', limits.maxEntries, 'an integer of at least 2');
    }
    this.since = now;
  }

  /** Notes a sequence seen for the MAC at `now`; the highest one stays. */
  remember(vni: number, mac: string, seq: number, now: number): void {
    this.age(now);
    const key = keyOf(vni, mac);
    const had = Math.max(this.current.get(key) ?? -1, this.older.get(key) ?? -1);
    this.current.set(key, Math.max(had, seq));
    if (this.current.size >= this.limits.maxEntries / 2) this.rotate(now);
  }

  /** The highest sequence still remembered for the MAC, -1 when none. */
  highest(vni: number, mac: string, now: number): number {
    this.age(now);
    const key = keyOf(vni, mac);
    return Math.max(this.current.get(key) ?? -1, this.older.get(key) ?? -1);
  }

  /** Numbers held (both generations; a MAC in both counts twice). */
  get size(): number {
    return this.current.size + this.older.size;
  }

  private age(now: number): void {
    if (now - this.since < this.limits.ttlMs / 2) return;
    // Two half periods without a rotation: both generations are too old.
    if (now - this.since >= this.limits.ttlMs) this.current = new Map();
    this.rotate(now);
  }

  private rotate(now: number): void {
    this.older = this.current;
    this.current = new Map();
    this.since = now;
  }
}
