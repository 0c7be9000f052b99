import { describe, expect, it } from 'vitest';
import { AdjRibOut } from '../../../../../src/core/route-engine/rib/adj-rib-out.js';

interface R { key: string; v: number }

describe('AdjRibOut', () => {
  it('sends only what changed since the last flush, by object identity', () => {
    const table = new Map<string, R>();
    const out = new AdjRibOut<R>();
    const a = { key: 'a', v: 1 };
    table.set('a', a);
    out.markDirty('a');
    expect(out.flush((k) => table.get(k))).toEqual({ withdraw: [], announce: [a] });
    out.markDirty('a'); // marked, but the same object: nothing to send
    expect(out.flush((k) => table.get(k))).toEqual({ withdraw: [], announce: [] });
    const a2 = { key: 'a', v: 2 };
    table.set('a', a2);
    out.markDirty('a');
    expect(out.flush((k) => table.get(k)).announce).toEqual([a2]);
    table.delete('a');
    out.markDirty('a');
    expect(out.flush((k) => table.get(k))).toEqual({ withdraw: [a2], announce: [] });
    expect(out.size).toBe(0);
  });

  it('on route refresh re-announces everything and withdraws what the peer should no longer have', () => {
    const out = new AdjRibOut<R>();
    const a = { key: 'a', v: 1 };
    const b = { key: 'b', v: 1 };
    out.markDirty('a');
    out.markDirty('b');
    out.flush((k) => (k === 'a' ? a : b));
    const c = { key: 'c', v: 1 };
    expect(out.refresh([a, c])).toEqual({ withdraw: [b], announce: [a, c] });
    expect(out.size).toBe(2);
    expect(out.pending).toBe(false);
  });
});
