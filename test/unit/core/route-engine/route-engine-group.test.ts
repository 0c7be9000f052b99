// HA group members (issue 10): the fabric reflects the active's routes to the standby. They are shown, never
// imported, and their MAC sequences are remembered, so a takeover advertises above them (RFC 7432 §15.1).
import { describe, expect, it } from 'vitest';
import type { UpdateMessage } from '../../../../src/core/session-engine/wire/types.js';
import { RouteEngine } from '../../../../src/core/route-engine/route-engine.js';
import { networkCounts, routeList } from '../../../../src/core/route-engine/evpn/views.js';
import { ManualClock, SPEAKER, announce, attrs, imetRoute, macRoute, network, withdraw } from '../../../support/evpn-fixtures.js';

const RR = '10.255.0.1';
/** The old active: its own router id and VTEP; we (SPEAKER) are 192.168.100.2. */
const G1 = { chassis: 'gw1', routerId: '192.168.100.9', vteps: ['192.168.100.9'] };
const G1_VTEP = '192.168.100.9';
const X = '192.168.100.1';
const VM1 = '02:00:00:00:00:22';
const G1_VM1 = macRoute(G1.routerId, VM1, null, 10, 1);

/** A standby: group known, not advertising, VM1 local (the NB is shared), a session to the reflector. */
function standby(opts: { members?: boolean } = {}): { e: RouteEngine; clock: ManualClock } {
  const clock = new ManualClock();
  const e = new RouteEngine({ speaker: SPEAKER, clock });
  if (opts.members ?? true) e.setGroupMembers([G1]);
  e.setAdvertising(false);
  e.peerUp({ address: RR, routerId: RR, ebgp: false });
  e.addNetwork(network(10));
  e.syncLocalMacs(10, 'ovn', new Map([[VM1, ['10.0.0.22']]]));
  return { e, clock };
}

/** The MAC Mobility sequence of VM1's route in what we send (null: no MAC Mobility EC, i.e. 0). */
function sentSeq(updates: UpdateMessage[]): number | null | undefined {
  const u = updates.find((m) => m.attributes.mpReach?.evpn.some((n) => 'mac' in n && n.mac === VM1));
  if (u === undefined) return undefined;
  const ec = u.attributes.extCommunities?.find((c) => c.kind === 'mac-mobility');
  return ec?.kind === 'mac-mobility' ? ec.seq : null;
}

const localSeq = (e: RouteEngine): number | undefined => [...e.evi(10).localMacs()].find((m) => m.mac === VM1)?.seq;

describe('routes of other HA group members', () => {
  it('are listed as the group\'s and imported nowhere: no VTEP, no remote MAC, no move of our local MAC', () => {
    const { e } = standby();
    const events = [
      ...e.ingest(RR, announce(G1_VTEP, [imetRoute(G1_VTEP, 1)], attrs({ originatorId: G1.routerId, pmsiVni: 10 }))),
      ...e.ingest(RR, announce(G1_VTEP, [G1_VM1], attrs({ originatorId: G1.routerId, seq: 4 }))),
    ];
    expect(events).toEqual([]);
    expect(networkCounts(e, 10)).toMatchObject({ remoteVteps: [], remoteMacs: 0, localMacs: 1 });
    expect(e.evi(10).macLocation(VM1)).toBe('local');
    expect(e.takeDuplicates()).toEqual([]);
    const rows = routeList(e).filter((r) => r.from === RR);
    expect(rows.map((r) => [r.type, r.vni, r.group, r.used, r.seq])).toEqual([[2, null, 'gw1', false, 4], [3, null, 'gw1', false, 0]]);
  });

  it('leave the import when the member is learned after them', () => {
    const { e } = standby({ members: false });
    e.ingest(RR, announce(G1_VTEP, [imetRoute(G1_VTEP, 1), G1_VM1], attrs({ originatorId: G1.routerId, pmsiVni: 10, seq: 2 })));
    expect(networkCounts(e, 10).remoteVteps).toEqual([G1_VTEP]);
    // Imported, G1's seq 2 won our local entry; known as the group's, it goes and the MAC is ours again.
    expect(e.evi(10).macLocation(VM1)).toBe(G1_VTEP);
    expect(e.setGroupMembers([G1]).map((x) => x.type)).toEqual(['mac-removed', 'vtep-removed']);
    expect(networkCounts(e, 10).remoteVteps).toEqual([]);
    expect(e.evi(10).macLocation(VM1)).toBe('local');
    e.ingest(RR, withdraw([G1_VM1]));
    e.setAdvertising(true);
    expect(localSeq(e)).toBe(3);
  });

  it('that won a MAC before the member was known give it back without a sequence bump or a counted move', () => {
    // The old active resumed (SIGCONT) and read the new active's reflected route before its token named it.
    const { e } = standby({ members: false });
    e.setAdvertising(true);
    expect(sentSeq(e.takeUpdates(RR))).toBeNull();
    e.ingest(RR, announce(G1_VTEP, [G1_VM1], attrs({ originatorId: G1.routerId, seq: 1 })));
    expect(e.evi(10).macLocation(VM1)).toBe(G1_VTEP);
    e.takeUpdates(RR);
    e.setGroupMembers([G1]);
    expect(e.evi(10).macLocation(VM1)).toBe('local');
    // Seq 2 would beat the new active at every remote VTEP (and FRR's zebra never goes back to a lower one).
    expect(localSeq(e)).toBe(0);
    expect(sentSeq(e.takeUpdates(RR))).toBeNull();
    expect(e.evi(10).duplicates()).toEqual([]);
    // Its next takeover still goes above what the other member used.
    e.setAdvertising(false);
    e.setAdvertising(true);
    expect(localSeq(e)).toBe(2);
  });
});

describe('takeover (turning advertising on)', () => {
  it('advertises each local MAC above the highest sequence seen, even after the old active\'s withdraw', () => {
    const { e, clock } = standby();
    expect(localSeq(e)).toBe(0);
    e.ingest(RR, announce(G1_VTEP, [G1_VM1], attrs({ originatorId: G1.routerId }))); // seq 0: no MAC Mobility EC
    e.ingest(RR, withdraw([G1_VM1])); // kill -9 of the old active: the reflector withdraws before we take over
    clock.advance(60); // a minute: the old active's routes may still be held elsewhere (hold timer, GR stale)
    expect(e.takeUpdates(RR)).toEqual([]);
    expect(e.setAdvertising(true)).toEqual([]);
    expect(localSeq(e)).toBe(1);
    expect(sentSeq(e.takeUpdates(RR))).toBe(1);
  });

  it('goes above a higher sequence the old active used, and again above ours the next time round', () => {
    const { e } = standby();
    e.ingest(RR, announce(G1_VTEP, [G1_VM1], attrs({ originatorId: G1.routerId, seq: 7 })));
    e.setAdvertising(true);
    expect(sentSeq(e.takeUpdates(RR))).toBe(8);
    // We lose the group; G1 takes over above us (9), then we take over again.
    e.setAdvertising(false);
    e.ingest(RR, announce(G1_VTEP, [G1_VM1], attrs({ originatorId: G1.routerId, seq: 9 })));
    e.setAdvertising(true);
    expect(sentSeq(e.takeUpdates(RR))).toBe(10);
  });

  it('changes nothing when nobody else advertised the MAC', () => {
    const { e } = standby();
    e.setAdvertising(true);
    expect(localSeq(e)).toBe(0);
    expect(sentSeq(e.takeUpdates(RR))).toBeNull();
  });

  it('forgets a sequence after its time: then a takeover advertises as before', () => {
    const { e, clock } = standby();
    e.ingest(RR, announce(G1_VTEP, [G1_VM1], attrs({ originatorId: G1.routerId, seq: 3 })));
    e.ingest(RR, withdraw([G1_VM1]));
    clock.advance(601); // past the 10 min of seen-seq.ts: no PE can still hold a route withdrawn that long ago
    e.setAdvertising(true);
    expect(localSeq(e)).toBe(0);
  });

  it('keeps a sticky MAC sticky, and does not take back a MAC a remote VTEP won', () => {
    const { e } = standby();
    e.setLocalMac(10, '02:00:00:00:00:33', 'config', [], { sticky: true });
    e.syncLocalMacs(10, 'ovn', new Map([[VM1, []], ['02:00:00:00:00:44', []]]));
    e.ingest(RR, announce(G1_VTEP, [macRoute(G1.routerId, '02:00:00:00:00:33', null, 10, 1)], attrs({ originatorId: G1.routerId, seq: 2, sticky: true })));
    // A VM moved to site X: X's route wins over our local entry of it (RFC 7432 §15.1).
    e.ingest(RR, announce(X, [macRoute(X, '02:00:00:00:00:44')], attrs({ seq: 5 })));
    expect(e.evi(10).macLocation('02:00:00:00:00:44')).toBe(X);
    expect(e.setAdvertising(true)).toEqual([]);
    const local = new Map([...e.evi(10).localMacs()].map((m) => [m.mac, [m.seq, m.sticky, m.active]]));
    expect(local.get('02:00:00:00:00:33')).toEqual([3, true, true]);
    expect(local.get('02:00:00:00:00:44')).toEqual([0, false, false]);
    expect(e.evi(10).macLocation('02:00:00:00:00:44')).toBe(X);
  });
});
