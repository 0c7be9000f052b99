// The one-time wait for the initial routes after a start.
import { describe, expect, it } from 'vitest';
import { InitialSync, NO_EOR_SETTLE_MS } from '../../../../../src/core/route-engine/bgp-service/initial-sync.js';
import type { PeerOutState } from '../../../../../src/core/route-engine/bgp-service/outbound.js';
import type { NegotiatedCapabilities } from '../../../../../src/core/session-engine/fsm/types.js';
import { RELEARN_QUIET_MS } from '../../../../../src/core/route-engine/bgp-service/relearn.js';

const caps = (gr: boolean): NegotiatedCapabilities => ({
  mpEvpn: true, routeRefresh: true, enhancedRouteRefresh: false, fourOctetAs: true, names: [],
  gracefulRestart: gr ? { restartTime: 120, restarting: false, evpnForwardingPreserved: true } : null,
});
const peer = (gr: boolean, eorReceived: boolean, upAt = 0): PeerOutState => ({ eorSent: true, eorReceived, capabilities: caps(gr), upAt });

describe('InitialSync', () => {
  it('settles at once without neighbors', async () => {
    const s = new InitialSync(120_000);
    expect(s.check(0, [], new Map())).toBeNull();
    await s.wait();
    expect(s.done).toBe(true);
  });

  it('waits for End-of-RIB from every graceful-restart peer', () => {
    const s = new InitialSync(120_000);
    const peers = new Map([['a', peer(true, true)], ['b', peer(true, false)]]);
    expect(s.check(1000, ['a', 'b'], peers)).toBe(120_000);
    expect(s.check(1000, ['a', 'b', 'c'], new Map([...peers, ['b', peer(true, true)]]))).toBe(120_000); // c is not up
    expect(s.check(1000, ['a', 'b'], new Map([...peers, ['b', peer(true, true)]]))).toBeNull();
  });

  it('gives a peer without graceful restart a settle time instead', () => {
    const s = new InitialSync(120_000);
    const peers = new Map([['a', peer(false, false, 1000)]]);
    expect(s.check(2000, ['a'], peers)).toBe(1000 + NO_EOR_SETTLE_MS);
    expect(s.check(1000 + NO_EOR_SETTLE_MS, ['a'], peers)).toBeNull();
  });

  it('stops waiting at the deadline', () => {
    const s = new InitialSync(120_000);
    expect(s.check(119_999, ['a'], new Map())).toBe(120_000);
    expect(s.check(120_000, ['a'], new Map())).toBeNull();
  });
});

describe('InitialSync with a session adopted from the session engine', () => {
  it('waits for EoRR with enhanced route refresh, for a quiet period without it', () => {
    const enhanced: PeerOutState = { ...peer(true, false), relearn: { until: 'eorr' } };
    const plain: PeerOutState = { ...peer(true, false), relearn: { until: 'quiet', lastAt: 1000 } };
    const sync = new InitialSync(100_000);
    expect(sync.check(1000, ['a'], new Map([['a', enhanced]]))).toBe(100_000);
    expect(sync.check(1000, ['b'], new Map([['b', plain]]))).toBe(1000 + RELEARN_QUIET_MS);
    expect(sync.done).toBe(false);
    expect(sync.check(1000 + RELEARN_QUIET_MS, ['b'], new Map([['b', plain]]))).toBeNull();
    expect(sync.done).toBe(true);
  });
});
