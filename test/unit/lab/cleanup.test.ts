import { describe, expect, it } from 'vitest';
import { CleanupRegistry, describeFailures, once } from '../../../src/lab/cleanup.js';

describe('CleanupRegistry', () => {
  it('runs steps newest first and keeps going after a failure', async () => {
    const order: string[] = [];
    const r = new CleanupRegistry();
    r.add('netns', () => void order.push('netns'));
    r.add('daemon', () => {
      order.push('daemon');
      throw new Error('kill failed');
    });
    r.add('capture', async () => void order.push('capture'));
    const report = await r.run();
    expect(order).toEqual(['capture', 'daemon', 'netns']);
    expect(report.ok).toBe(false);
    expect(describeFailures(report)).toBe('daemon: kill failed');
  });

  it('is idempotent: a second run does nothing, concurrent runs share one pass', async () => {
    let n = 0;
    const r = new CleanupRegistry();
    r.add('count', async () => {
      await Promise.resolve();
      n++;
    });
    const [a, b] = await Promise.all([r.run(), r.run()]);
    expect(a).toBe(b);
    expect((await r.run()).steps).toEqual([]);
    expect(n).toBe(1);
    expect(r.history.map((s) => s.label)).toEqual(['count']);
  });

  it('once() makes an explicit stop() and the registry stop the same single call', async () => {
    let n = 0;
    const stop = once(async () => void n++);
    const r = new CleanupRegistry();
    r.add('stop', stop);
    await stop();
    await r.run();
    expect(n).toBe(1);
  });
});
