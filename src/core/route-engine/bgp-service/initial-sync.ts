// When the routes are complete after a (re)start, so the OVN side may reconcile without deleting what
// keeps traffic flowing: every configured neighbor is Established and sent End-of-RIB (RFC 4724 §4.1),
// or, for a peer without graceful restart (which need not send End-of-RIB), has been up a few seconds;
// or, for a session adopted from the session engine, has answered our ROUTE-REFRESH (relearn.ts);
// or the restart time is over; or there are no neighbors. Settled once, it stays settled.
import type { PeerOutState } from './outbound.js';
import { relearnDoneAt } from './relearn.js';

/** How long a peer without graceful restart gets to send its table before we call it complete. */
export const NO_EOR_SETTLE_MS = 5000;

/** The one-time wait for the initial routes. */
export class InitialSync {
  private settled = false;
  private waiters: (() => void)[] = [];

  /** `deadline`: clock time (ms) after which we stop waiting whatever happened. */
  constructor(private readonly deadline: number) {}

  /** Resolves once settled. */
  wait(): Promise<void> {
    return this.settled ? Promise.resolve() : new Promise((done) => this.waiters.push(done));
  }

  get done(): boolean {
    return this.settled;
  }

  /** Re-evaluates; returns when to check again (ms clock time), or null when settled. */
  check(now: number, neighbors: readonly string[], peers: ReadonlyMap<string, PeerOutState>): number | null {
    if (this.settled) return null;
    let next = this.deadline;
    const complete = (address: string): boolean => {
      const p = peers.get(address);
      if (p === undefined) return false;
      if (p.eorReceived) return true;
      if (p.relearn !== undefined && p.relearn !== null) {
        const done = relearnDoneAt(p);
        if (done === null) return false; // waiting for EoRR
        if (done > now) next = Math.min(next, done);
        return done <= now;
      }
      if (p.capabilities.gracefulRestart !== null) return false;
      const at = p.upAt + NO_EOR_SETTLE_MS;
      if (at > now) next = Math.min(next, at);
      return at <= now;
    };
    if (now >= this.deadline || neighbors.every(complete)) {
      this.settled = true;
      for (const w of this.waiters.splice(0)) w();
      return null;
    }
    return next;
  }
}
