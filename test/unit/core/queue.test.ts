import { describe, expect, it } from 'vitest';
import { SerialQueue } from '../../../src/core/queue.js';

describe('SerialQueue', () => {
  it('runs tasks one at a time in order, even when they await', async () => {
    const q = new SerialQueue();
    const log: string[] = [];
    const task = (name: string, ticks: number) => async () => {
      log.push(`start ${name}`);
      for (let i = 0; i < ticks; i++) await Promise.resolve();
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([q.run(task('a', 5)), q.run(task('b', 0)), q.run(task('c', 2))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('keeps going after a failing task', async () => {
    const q = new SerialQueue();
    const failed = q.run(() => {
      throw new Error('boom');
    });
    const next = q.run(() => 42);
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe(42);
    await q.idle();
    expect(q.pending).toBe(0);
  });
});
