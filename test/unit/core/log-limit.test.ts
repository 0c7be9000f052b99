// Bounded log lines and per-key rate limiting on a fake clock.
import { describe, expect, it } from 'vitest';
import { RateLimitedLog, bounded, hexExcerpt } from '../../../src/core/log-limit.js';
import { captureLog as capture } from '../../support/capture-log.js';
import { FakeClock } from '../../support/fake-clock.js';

describe('bounded text and hex', () => {
  it('leaves short text alone and says how much of long text was cut', () => {
    expect(bounded('short')).toBe('short');
    expect(bounded('x'.repeat(1000), 10)).toBe(`${'x'.repeat(10)}… (990 more characters)`);
  });
  it('shows at most the first bytes in hex, with the full length', () => {
    expect(hexExcerpt(Uint8Array.of(0xff, 0, 0x13))).toBe('ff0013');
    const big = new Uint8Array(4096).fill(0xab);
    const h = hexExcerpt(big);
    expect(h).toBe(`${'ab'.repeat(128)}… (4096 bytes, first 128 shown)`);
    expect(hexExcerpt(big.subarray(10, 14))).toBe('abababab');
  });
});

describe('RateLimitedLog', () => {
  it('lets `burst` lines per key and window through, counts the rest, and reports the count in the next window', async () => {
    const clock = new FakeClock();
    const log = capture();
    const limit = new RateLimitedLog(clock, { burst: 3, windowMs: 10_000 });
    for (let i = 0; i < 100; i++) limit.write(log, 'warn', 'a', `a ${i}`);
    limit.write(log, 'warn', 'b', 'b 0');
    expect(log.lines).toEqual(['WARN a 0', 'WARN a 1', 'WARN a 2 [rate limit: further ones are counted, not logged, for 10 s]', 'WARN b 0']);
    expect(limit.suppressed('a')).toBe(97);
    await clock.advance(10_000);
    expect(limit.write(log, 'error', 'a', 'a again')).toBe(true);
    expect(log.lines.at(-1)).toBe('ERROR a again [97 more like this not logged before]');
    expect(limit.suppressed('a')).toBe(0);
  });
});
