// Session ups and downs: graceful restart keeps state without events, a plain drop removes it.
import { describe, expect, it } from 'vitest';
import { RouteEngine } from '../../../../src/core/route-engine/route-engine.js';
import { prefixCounts, routeList } from '../../../../src/core/route-engine/evpn/views.js';
import { ManualClock, SPEAKER, announce, endOfRibUpdate, imetRoute, macRoute, network } from '../../../support/evpn-fixtures.js';

const RR = '10.255.0.1';
const X = '192.168.100.1';
const PEER = { address: RR, routerId: RR, ebgp: false };
const M1 = macRoute(X, '02:00:00:00:00:01');
const M2 = macRoute(X, '02:00:00:00:00:02');

function loaded(): { e: RouteEngine; clock: ManualClock } {
  const clock = new ManualClock();
  const e = new RouteEngine({ speaker: SPEAKER, clock, stalePathSeconds: 300 });
  e.peerUp(PEER);
  e.addNetwork(network(10));
  e.ingest(RR, announce(X, [imetRoute(X), M1, M2]));
  return { e, clock };
}

describe('session down without graceful restart', () => {
  it('withdraws every route from the peer, with removals, VTEP last', () => {
    const { e } = loaded();
    expect(e.peerDown(RR, null).map((x) => x.type)).toEqual(['mac-removed', 'mac-removed', 'vtep-removed']);
    expect(routeList(e).filter((r) => r.from === RR)).toEqual([]);
  });
});

describe('graceful restart, receiving side (RFC 4724 §4.2)', () => {
  it('keeps the routes as stale with no events, then removes only what End-of-RIB did not refresh', () => {
    const { e } = loaded();
    expect(e.peerDown(RR, 120)).toEqual([]);
    expect(routeList(e).filter((r) => r.from === RR).every((r) => r.stale)).toBe(true);
    expect(e.peerUp({ ...PEER, keepStale: true })).toEqual([]);
    expect(e.ingest(RR, announce(X, [imetRoute(X), M1]))).toEqual([]);
    expect(routeList(e).filter((r) => r.from === RR && r.stale).map((r) => r.mac)).toEqual(['02:00:00:00:00:02']);
    expect(e.ingest(RR, endOfRibUpdate())).toEqual([{ type: 'mac-removed', vni: 10, mac: '02:00:00:00:00:02', vtep: X }]);
    expect(prefixCounts(e, RR)).toMatchObject({ received: 2, accepted: 2 });
  });

  it('sweeps the stale routes with removals when the restart timer expires', () => {
    const { e, clock } = loaded();
    e.peerDown(RR, 120);
    expect(e.nextDeadline()).toBe(clock.now() + 120_000);
    clock.advance(119);
    expect(e.tick()).toEqual([]);
    clock.advance(1);
    expect(e.tick().map((x) => x.type)).toEqual(['mac-removed', 'mac-removed', 'vtep-removed']);
    expect(e.nextDeadline()).toBeNull();
  });

  it('drops the stale routes at once when the peer returns without keeping forwarding state', () => {
    const { e } = loaded();
    e.peerDown(RR, 120);
    expect(e.peerUp(PEER).map((x) => x.type)).toEqual(['mac-removed', 'mac-removed', 'vtep-removed']);
  });

  it('stops waiting for End-of-RIB after the stale-path time', () => {
    const { e, clock } = loaded();
    e.peerDown(RR, 120);
    clock.advance(30);
    e.peerUp({ ...PEER, keepStale: true });
    clock.advance(300);
    expect(e.tick()).toHaveLength(3);
  });
});

describe('outbound side of a session', () => {
  it('queues all our routes for a new session, then only changes, and a full set on route refresh', () => {
    const { e } = loaded();
    const first = e.takeUpdates(RR);
    expect(first.flatMap((m) => m.attributes.mpReach?.evpn ?? []).map((n) => n.type)).toEqual([3]);
    expect(e.takeUpdates(RR)).toEqual([]);
    e.setLocalMac(10, '02:00:00:00:00:aa', 'ovn', []);
    expect(e.takeUpdates(RR).flatMap((m) => m.attributes.mpReach?.evpn ?? []).map((n) => n.type)).toEqual([2]);
    expect(e.refreshUpdates(RR).flatMap((m) => m.attributes.mpReach?.evpn ?? [])).toHaveLength(2);
    expect(prefixCounts(e, RR).advertised).toBe(2);
  });

  it('refuses to build UPDATEs for a peer without a session', () => {
    const { e } = loaded();
    e.peerDown(RR, null);
    expect(() => e.takeUpdates(RR)).toThrow(/expected an established session with 10\.255\.0\.1, got none/);
  });
});

describe('advertising off (an HA standby, issue 10)', () => {
  const nlriTypes = (msgs: ReturnType<RouteEngine['takeUpdates']>) => ({
    announced: msgs.flatMap((m) => m.attributes.mpReach?.evpn ?? []).map((n) => n.type),
    withdrawn: msgs.flatMap((m) => m.attributes.mpUnreach?.evpn ?? []).map((n) => n.type),
  });

  it('withdraws what was sent, sends nothing new, keeps learning, and announces the current routes when on again', () => {
    const { e } = loaded();
    e.syncLocalMacs(10, 'ovn', new Map([['02:00:00:00:00:99', []]]));
    expect(nlriTypes(e.takeUpdates(RR)).announced.sort()).toEqual([2, 3]);
    e.setAdvertising(false);
    expect(e.advertising).toBe(false);
    const off = nlriTypes(e.takeUpdates(RR));
    expect({ announced: off.announced, withdrawn: off.withdrawn.sort() }).toEqual({ announced: [], withdrawn: [2, 3] });
    e.syncLocalMacs(10, 'ovn', new Map([['02:00:00:00:00:99', []], ['02:00:00:00:00:98', []]]));
    expect(e.takeUpdates(RR)).toEqual([]);
    expect(e.refreshUpdates(RR)).toEqual([]);
    e.peerUp({ address: '10.255.0.2', routerId: '10.255.0.2', ebgp: false });
    expect(e.takeUpdates('10.255.0.2')).toEqual([]);
    expect(routeList(e).filter((r) => r.from === RR).length).toBeGreaterThan(0);
    e.setAdvertising(true);
    expect(nlriTypes(e.takeUpdates(RR)).announced.sort()).toEqual([2, 2, 3]);
    expect(nlriTypes(e.takeUpdates('10.255.0.2')).announced.sort()).toEqual([2, 2, 3]);
  });
});
