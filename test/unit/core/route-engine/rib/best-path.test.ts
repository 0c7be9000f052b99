import { describe, expect, it } from 'vitest';
import { AttrInfoCache } from '../../../../../src/core/route-engine/rib/attr-info.js';
import { pathOrder } from '../../../../../src/core/route-engine/rib/best-path.js';
import { compareClaimParts, compareClaims } from '../../../../../src/core/route-engine/rib/mac-mobility.js';
import { routeKey } from '../../../../../src/core/route-engine/rib/keys.js';
import type { Path, PeerRef } from '../../../../../src/core/route-engine/rib/path.js';
import type { EvpnNlri, PathAttributes } from '../../../../../src/core/session-engine/wire/types.js';
import { attrs, imetRoute, macRoute, type AttrOptions } from '../../../../support/evpn-fixtures.js';

const order = pathOrder(new AttrInfoCache(65000));
const ibgp = (address: string, routerId = address): PeerRef => ({ address, routerId, ebgp: false });
const NLRI = macRoute('192.168.100.1', '02:ac:10:ff:00:11', '10.0.0.11');

function path(peer: PeerRef, o: AttrOptions = {}, nextHop = '192.168.100.1', nlri: EvpnNlri = NLRI, a: PathAttributes = attrs(o)): Path {
  return { peer, key: routeKey(nlri), nlri, attributes: a, nextHop, receivedAt: 0, accepted: true, reflected: false, group: false, stale: false };
}

/** Asserts a beats b both ways round, so the order is antisymmetric. */
function prefers(a: Path, b: Path): void {
  expect(order(a, b)).toBeLessThan(0);
  expect(order(b, a)).toBeGreaterThan(0);
}

describe('best path (RFC 4271 §9.1.2.2)', () => {
  const p1 = ibgp('10.0.0.1');
  const p2 = ibgp('10.0.0.2');

  it('prefers the higher LOCAL_PREF', () => prefers(path(p2, { localPref: 200 }), path(p1, { localPref: 100 })));
  it('then the shorter AS_PATH', () => prefers(path(p2, { asPath: [65001] }), path(p1, { asPath: [65001, 65002] })));
  it('then the lower ORIGIN', () => prefers(path(p2, { origin: 0 }), path(p1, { origin: 2 })));

  it('compares MED only between paths from the same neighbor AS', () => {
    prefers(path(p2, { asPath: [65001], med: 5 }), path(p1, { asPath: [65001], med: 50 }));
    // Different neighbor AS: MED is skipped and the lower router id (p1) wins despite its higher MED.
    prefers(path(p1, { asPath: [65002], med: 50 }), path(p2, { asPath: [65001], med: 5 }));
  });

  it('then eBGP over iBGP', () => {
    prefers(path({ address: '10.0.0.9', routerId: '10.0.0.9', ebgp: true }, { asPath: [65001] }), path(p1, { asPath: [65003] }));
  });

  it('then the lowest router id, with ORIGINATOR_ID standing in for reflected paths (RFC 4456 §9)', () => {
    prefers(path(ibgp('10.0.0.2', '1.1.1.1')), path(ibgp('10.0.0.1', '2.2.2.2')));
    prefers(path(ibgp('10.0.0.1', '9.9.9.9'), { originatorId: '1.1.1.1' }), path(ibgp('10.0.0.2', '2.2.2.2')));
  });

  it('ends with the lowest peer address, so the order is total', () => {
    prefers(path(ibgp('10.0.0.9', '1.1.1.1')), path(ibgp('10.0.0.10', '1.1.1.1')));
  });
});

describe('MAC mobility on top of the decision (RFC 7432 §15)', () => {
  const p1 = ibgp('10.0.0.1');
  const p2 = ibgp('10.0.0.2');

  it('prefers the higher sequence number even against a higher LOCAL_PREF', () => {
    prefers(path(p2, { seq: 3, localPref: 50 }), path(p1, { seq: 2, localPref: 500 }));
  });

  it('breaks equal sequence numbers by the lower VTEP IP (next hop)', () => {
    prefers(path(p2, { seq: 1 }, '192.168.100.9'), path(p1, { seq: 1 }, '192.168.100.10'));
  });

  it('never lets a sticky MAC lose to a non-sticky one', () => {
    prefers(path(p2, { sticky: true, seq: 0 }), path(p1, { seq: 100 }));
  });

  it('does not apply to other route types', () => {
    const imet = imetRoute('192.168.100.1');
    prefers(path(p2, { localPref: 200 }, '192.168.100.9', imet), path(p1, { localPref: 100 }, '192.168.100.1', imet));
  });
});

describe('MAC mobility claims (RFC 7432 §15.1, §15.2)', () => {
  const claims = [
    { seq: 0, sticky: false, vtep: '192.168.100.9' },
    { seq: 0, sticky: false, vtep: '192.168.100.10' },
    { seq: 3, sticky: false, vtep: '192.168.100.20' },
    { seq: 0, sticky: true, vtep: '192.168.100.30' },
  ];

  it('orders sticky first, then the higher sequence, then the lower VTEP, the same taken apart or whole', () => {
    for (const a of claims) {
      for (const b of claims) {
        const whole = compareClaims(a, b);
        expect(Math.sign(compareClaimParts(a.sticky, a.seq, a.vtep, b.sticky, b.seq, b.vtep))).toBe(Math.sign(whole));
        expect(Math.sign(compareClaims(b, a)) + Math.sign(whole)).toBe(0);
      }
    }
    expect([...claims].sort(compareClaims).map((c) => c.vtep)).toEqual(['192.168.100.30', '192.168.100.20', '192.168.100.9', '192.168.100.10']);
  });
});
