import { describe, expect, it } from 'vitest';
import { ErrorHistory, HISTORY_LENGTH } from '../../../../../src/core/session-engine/session/error-history.js';

const at = (ms: number) => ({ now: () => ms });

describe('ErrorHistory', () => {
  it('before any session: the latest failure is the last error', () => {
    const h = new ErrorHistory();
    h.record('TCP connection failed: ECONNREFUSED', 1000, false);
    h.record('received Cease / Connection Rejected', 2000, false);
    expect(h.view(at(5000))).toEqual({
      lastError: 'received Cease / Connection Rejected', lastErrorAge: 3, lastAttemptError: null, downtime: null, history: [],
    });
  });

  it("a session ended by the peer's Cease: failed redials do not replace it; downtime counts from the down", () => {
    const h = new ErrorHistory();
    h.sessionUp(1000);
    h.record('received Cease / Administrative Shutdown', 10_000, true);
    h.record('TCP connection failed: peer closed the connection', 11_000, false);
    const v = h.view(at(14_000));
    expect(v).toMatchObject({ lastError: 'received Cease / Administrative Shutdown', lastErrorAge: 4, lastAttemptError: 'TCP connection failed: peer closed the connection', downtime: 4 });
    expect(v.history).toEqual([
      { event: 'down', age: 4, reason: 'received Cease / Administrative Shutdown' },
      { event: 'up', age: 13, reason: null },
    ]);
  });

  it(`keeps the last ${HISTORY_LENGTH} ups and downs, newest first`, () => {
    const h = new ErrorHistory();
    for (let i = 0; i < 8; i++) {
      h.sessionUp(i * 10_000);
      h.record(`down ${i}`, i * 10_000 + 5000, true);
    }
    const v = h.view(at(100_000));
    expect(v.history).toHaveLength(HISTORY_LENGTH);
    expect(v.history[0]).toEqual({ event: 'down', age: 25, reason: 'down 7' });
    expect(v.history.at(-1)).toEqual({ event: 'up', age: 70, reason: null });
  });
});
