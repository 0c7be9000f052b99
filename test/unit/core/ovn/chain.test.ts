import { describe, expect, it } from 'vitest';
import { argBytes, chainArgs, chunkSteps, kv, mapValue, MAX_ARG_BYTES, q, step } from '../../../../src/core/ovn/chain.js';

describe('chainArgs', () => {
  it('puts -- before every command so options never leak between commands', () => {
    expect(chainArgs([step(['--may-exist', 'lsp-add', 'ls0', 'p']), step(['set', 'A', 'b', 'c=d'], ['clear', 'A', 'b', 'x'])]))
      .toEqual(['--', '--may-exist', 'lsp-add', 'ls0', 'p', '--', 'set', 'A', 'b', 'c=d', '--', 'clear', 'A', 'b', 'x']);
  });
});

describe('chunkSteps', () => {
  const big = (n: number) => step(['add', 'T', 'r', 'c', 'x'.repeat(n)]);

  it('keeps everything in one chunk when it fits', () => {
    expect(chunkSteps([big(10), big(10)], 1000)).toHaveLength(1);
  });

  it('cuts at step boundaries when the budget is passed, keeping order', () => {
    const steps = Array.from({ length: 10 }, (_, i) => step(['cmd', String(i), 'y'.repeat(100)]));
    const chunks = chunkSteps(steps, 350);
    expect(chunks.length).toBeGreaterThan(1);
    expect(chunks.flat()).toEqual(steps);
    for (const c of chunks) expect(chainArgs(c).reduce((n, a) => n + argBytes(a), 0)).toBeLessThanOrEqual(350);
  });

  it('never splits a step, even one larger than the budget', () => {
    const s = step(['a', 'x'.repeat(500)], ['b', 'y'.repeat(500)]);
    expect(chunkSteps([big(1), s, big(1)], 100)).toEqual([[big(1)], [s], [big(1)]]);
  });

  it('refuses an argument no execve could carry', () => {
    expect(() => chunkSteps([big(MAX_ARG_BYTES)], 1 << 30)).toThrow(/at most 131072 bytes/);
  });
});

describe('OVSDB value quoting', () => {
  it('quotes keys and values so colons, spaces and hyphens survive', () => {
    expect(q('02:00:00:00:00:01 10.0.0.1')).toBe('"02:00:00:00:00:01 10.0.0.1"');
    expect(kv('options', 'remote_ip', '2001:db8::1')).toBe('options:"remote_ip"="2001:db8::1"');
    expect(mapValue({ key: '10', dst_port: '4789' })).toBe('{"dst_port"="4789", "key"="10"}');
  });
});
