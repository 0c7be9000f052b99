// `evpnctl monitor`: what the daemon does, as it happens (gobgp monitor, bgpctl monitor). Each subscriber
// gets a bounded queue; one that falls MAX_BACKLOG events behind (a client that stopped reading: the
// control connection only pulls the next event once the last one was written) is dropped with an error,
// so a slow monitor never grows the daemon. Publishing costs nothing while no one subscribes.
import { EvpnError } from '../errors.js';

/** One thing that happened; `at` is wall-clock ISO time. */
export type MonitorEvent = { at: string } & (
  | { kind: 'session'; neighbor: string; event: 'up' | 'down'; reason: string | null }
  | { kind: 'route'; neighbor: string; direction: 'in' | 'out'; routeType: number; action: string }
  | { kind: 'evpn'; event: string; vni: number; mac: string | null; vtep: string | null }
  | { kind: 'ovn-batch'; ms: number; ok: boolean }
);

/** Events a subscriber may have pending before it is dropped. */
export const MAX_BACKLOG = 10_000;

type Body = MonitorEvent extends infer E ? (E extends { at: string } ? Omit<E, 'at'> : never) : never;

interface Subscriber {
  queue: MonitorEvent[];
  wake: (() => void) | null;
  overflow: boolean;
}

/** Fan-out of monitor events to the subscribed control connections. */
export class MonitorBus {
  private readonly subs = new Set<Subscriber>();

  get active(): boolean {
    return this.subs.size > 0;
  }

  publish(e: Body): void {
    if (this.subs.size === 0) return;
    const ev = { at: new Date().toISOString(), ...e } as MonitorEvent;
    for (const s of this.subs) {
      if (s.queue.length >= MAX_BACKLOG) s.overflow = true;
      else s.queue.push(ev);
      s.wake?.();
    }
  }

  /** A stream of events until the consumer stops (return()) or falls too far behind (throws). */
  async *subscribe(): AsyncGenerator<MonitorEvent> {
    const s: Subscriber = { queue: [], wake: null, overflow: false };
    this.subs.add(s);
    try {
      for (;;) {
        if (s.overflow) throw new EvpnError('error', `monitor: this client fell ${MAX_BACKLOG} events behind (it reads too slowly); dropped`);
        const next = s.queue.shift();
        if (next !== undefined) {
          yield next;
          continue;
        }
        await new Promise<void>((resolve) => { s.wake = resolve; });
        s.wake = null;
      }
    } finally {
      this.subs.delete(s);
    }
  }
}
