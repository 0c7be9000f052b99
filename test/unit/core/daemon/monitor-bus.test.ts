import { describe, expect, it } from 'vitest';
import { MAX_BACKLOG, MonitorBus } from '../../../../src/core/daemon/monitor-bus.js';

describe('MonitorBus', () => {
  it('delivers events in order to each subscriber, and forgets a subscriber that stopped', async () => {
    const bus = new MonitorBus();
    expect(bus.active).toBe(false);
    const it1 = bus.subscribe()[Symbol.asyncIterator]();
    const first = it1.next(); // subscribes
    await Promise.resolve();
    bus.publish({ kind: 'ovn-batch', ms: 3, ok: true });
    bus.publish({ kind: 'session', neighbor: '192.0.2.1', event: 'up', reason: null });
    expect((await first).value).toMatchObject({ kind: 'ovn-batch', ms: 3 });
    expect((await it1.next()).value).toMatchObject({ kind: 'session', event: 'up' });
    expect(bus.active).toBe(true);
    await it1.return?.(undefined);
    expect(bus.active).toBe(false);
  });

  it(`keeps at most ${MAX_BACKLOG} events for a subscriber that does not read, then drops it with an error`, async () => {
    const bus = new MonitorBus();
    const it1 = bus.subscribe()[Symbol.asyncIterator]();
    const first = it1.next();
    await Promise.resolve();
    for (let i = 0; i < MAX_BACKLOG + 50; i++) bus.publish({ kind: 'ovn-batch', ms: i, ok: true });
    // The backlog never grows past the bound: the subscriber is told it fell behind instead of being fed more.
    await expect(first).rejects.toThrow(/fell 10000 events behind/);
    expect(bus.active).toBe(false);
  });
});
