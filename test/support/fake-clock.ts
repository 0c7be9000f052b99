// A hand-driven Clock for unit tests: time moves only when the test says so.
import type { Clock, TimerHandle } from '../../src/core/clock.js';

interface Pending { id: number; at: number; fn: () => void }

/** Fake time with one-shot timers fired by advance(). */
export class FakeClock implements Clock {
  private t = 0;
  private nextId = 1;
  private timers: Pending[] = [];

  now(): number {
    return this.t;
  }

  setTimer(ms: number, fn: () => void): TimerHandle {
    const p = { id: this.nextId++, at: this.t + ms, fn };
    this.timers.push(p);
    return p.id;
  }

  clearTimer(handle: TimerHandle): void {
    this.timers = this.timers.filter((p) => p.id !== handle);
  }

  /** Delays of the timers still pending, from now. */
  pending(): number[] {
    return this.timers.map((p) => p.at - this.t).sort((a, b) => a - b);
  }

  /** Moves time forward by ms, firing due timers in order and letting promise chains settle after each. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    await settle();
    for (;;) {
      const due = this.timers.filter((p) => p.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.timers = this.timers.filter((p) => p !== due);
      this.t = due.at;
      due.fn();
      await settle();
    }
    this.t = end;
  }
}

/** Lets every queued promise callback run (setImmediate comes after the microtask queue). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}
