import { describe, expect, it } from 'vitest';
import { LabTimeoutError } from '../../../src/lab/errors.js';
import { waitFor, waitUntil } from '../../../src/lab/wait.js';

describe('waitFor / waitUntil', () => {
  it('returns the first defined value', async () => {
    let n = 0;
    expect(await waitFor('n to reach 3', async () => (++n >= 3 ? n : undefined), { intervalMs: 1 })).toBe(3);
  });

  it('times out with the last error the probe threw', async () => {
    const err = await waitFor('never', async () => {
      throw new Error('socket missing');
    }, { timeoutMs: 20, intervalMs: 5 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LabTimeoutError);
    expect((err as Error).message).toMatch(/waiting for never; last seen: socket missing/);
  });

  it('waitUntil reports what it saw last', async () => {
    await expect(waitUntil('state established', async () => ({ ok: false, seen: 'active' }), { timeoutMs: 20, intervalMs: 5 }))
      .rejects.toThrow(/last seen: active/);
  });
});
