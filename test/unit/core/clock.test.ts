// Wakeup: one timer for a deadline that moves. Later deadlines keep the armed timer (it fires early and the
// owner re-arms); an earlier one replaces it; null cancels.
import { describe, expect, it } from 'vitest';
import { Wakeup } from '../../../src/core/clock.js';
import { FakeClock } from '../../support/fake-clock.js';

describe('Wakeup', () => {
  it('keeps the armed timer for a later deadline, replaces it for an earlier one, cancels on null', async () => {
    const clock = new FakeClock();
    const fired: number[] = [];
    const w = new Wakeup(clock, () => fired.push(clock.now()));
    w.arm(100);
    w.arm(150); // later: the timer at 100 stays
    expect(clock.pending()).toEqual([100]);
    w.arm(50); // earlier: replaces it
    expect(clock.pending()).toEqual([50]);
    await clock.advance(60);
    expect(fired).toEqual([50]);
    w.arm(200);
    w.arm(null);
    expect(clock.pending()).toEqual([]);
    await clock.advance(500);
    expect(fired).toEqual([50]);
  });

  it('arms again after it fired, also for a deadline already past', async () => {
    const clock = new FakeClock();
    let fired = 0;
    const w = new Wakeup(clock, () => fired++);
    w.arm(10);
    await clock.advance(10);
    w.arm(5); // in the past: fires at once
    expect(clock.pending()).toEqual([0]);
    await clock.advance(0);
    expect(fired).toBe(2);
  });
});
