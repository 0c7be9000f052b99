import { describe, expect, it } from 'vitest';
import type { BestChange } from '../../../../../src/core/route-engine/rib/loc-rib.js';
import type { Path } from '../../../../../src/core/route-engine/rib/path.js';
import { Rib } from '../../../../../src/core/route-engine/rib/rib.js';
import { EvpnError } from '../../../../../src/core/errors.js';
import { ManualClock, attrs, imetRoute, macRoute } from '../../../../support/evpn-fixtures.js';

const SELF = { asn: 65000, routerId: '192.168.100.2', vtepIp: '192.168.100.2' };
const RR1 = { address: '10.255.0.1', routerId: '10.255.0.1', ebgp: false };
const RR2 = { address: '10.255.0.2', routerId: '10.255.0.2', ebgp: false };

function setup(): { rib: Rib; clock: ManualClock; out: BestChange[] } {
  const clock = new ManualClock();
  const rib = new Rib(SELF, clock, 60_000);
  const out: BestChange[] = [];
  rib.peerUp(RR1, false, out);
  rib.peerUp(RR2, false, out);
  return { rib, clock, out };
}

const M1 = macRoute('192.168.100.1', '02:00:00:00:00:01', '10.0.0.1');
const M2 = macRoute('192.168.100.1', '02:00:00:00:00:02');

describe('Rib', () => {
  it('reports a best-path change only when the best path changes', () => {
    const { rib, out } = setup();
    const a = attrs();
    rib.announce(RR1.address, M1, a, '192.168.100.1', out);
    expect(out).toHaveLength(1);
    expect(out[0]?.previous).toBeUndefined();
    rib.announce(RR2.address, M1, a, '192.168.100.1', out); // RR2 loses on address: no change
    expect(out).toHaveLength(1);
    rib.withdraw(RR1.address, M1, out); // RR2 takes over
    expect(out).toHaveLength(2);
    expect(out[1]?.current?.peer.address).toBe(RR2.address);
    rib.withdraw(RR2.address, M1, out);
    expect(out[2]?.current).toBeUndefined();
    expect(rib.routeCount).toBe(0);
  });

  it('treats a re-announcement as an implicit withdraw of the same peer\'s path (RFC 4271 §3.1)', () => {
    const { rib, out } = setup();
    rib.announce(RR1.address, M1, attrs(), '192.168.100.1', out);
    rib.announce(RR1.address, M1, attrs({ seq: 1 }), '192.168.100.1', out);
    expect(rib.counts(RR1.address)).toEqual({ received: 1, accepted: 1 });
    expect(out[1]?.previous).toBe(out[0]?.current);
  });

  it('shares one attributes object among all paths of an UPDATE', () => {
    const { rib, out } = setup();
    const a = attrs();
    rib.announce(RR1.address, M1, a, '192.168.100.1', out);
    rib.announce(RR1.address, M2, a, '192.168.100.1', out);
    const [p1, p2] = [...rib.allPaths()];
    expect(p1?.attributes).toBe(a);
    expect(p2?.attributes).toBe(p1?.attributes);
  });

  it('takes the NLRI of one UPDATE together, checking our own VTEP route by route', () => {
    const { rib, clock, out } = setup();
    const a = attrs();
    const own = imetRoute(SELF.vtepIp);
    rib.announceUpdate(RR1.address, [M1, M2, own], a, '192.168.100.1', out);
    expect(out.map((c) => c.current?.nlri)).toEqual([M1, M2]); // the type-3 of our own VTEP is refused
    expect(rib.counts(RR1.address)).toEqual({ received: 3, accepted: 2 });
    const paths = [...rib.allPaths()];
    expect(paths.every((p) => p.attributes === a && p.receivedAt === clock.now() && p.peer.address === RR1.address)).toBe(true);
    rib.withdrawUpdate(RR1.address, [M1, own], out);
    expect(rib.counts(RR1.address)).toEqual({ received: 1, accepted: 1 });
    expect(out.at(-1)).toMatchObject({ previous: { nlri: M1 }, current: undefined });
    expect(() => rib.announceUpdate('10.9.9.9', [], a, '192.168.100.1', out)).not.toThrow(); // nothing to do
  });

  it('moves a route between accepted and refused when the same peer re-announces it', () => {
    const { rib, out } = setup();
    rib.announce(RR1.address, M1, attrs(), '192.168.100.1', out);
    rib.announce(RR1.address, M1, attrs({ originatorId: SELF.routerId }), '192.168.100.1', out);
    expect(rib.counts(RR1.address)).toEqual({ received: 1, accepted: 0 });
    expect(out.at(-1)?.current).toBeUndefined();
    rib.announce(RR1.address, M1, attrs(), '192.168.100.1', out);
    expect(rib.counts(RR1.address)).toEqual({ received: 1, accepted: 1 });
    expect(rib.best(out.at(-1)?.key ?? '')).toBe(out.at(-1)?.current);
    rib.withdraw(RR1.address, M1, out);
    expect(rib.counts(RR1.address)).toEqual({ received: 0, accepted: 0 });
  });

  it('counts but does not accept our own routes reflected back or looped', () => {
    const { rib, out } = setup();
    rib.announce(RR1.address, M1, attrs({ originatorId: SELF.routerId }), '192.168.100.1', out); // RFC 4456 §8
    rib.announce(RR1.address, imetRoute(SELF.vtepIp), attrs(), SELF.vtepIp, out); // own VTEP
    const ebgp = { address: '172.16.0.1', routerId: '172.16.0.1', ebgp: true };
    rib.peerUp(ebgp, false, out);
    rib.announce(ebgp.address, M2, attrs({ asPath: [65001, 65000] }), '192.168.100.1', out); // AS loop
    expect(out).toHaveLength(0);
    expect(rib.counts(RR1.address)).toEqual({ received: 2, accepted: 0 });
    expect(rib.counts(ebgp.address)).toEqual({ received: 1, accepted: 0 });
    // The first two are ours; the loop is someone else's route (its RD is 192.168.100.1's).
    expect([...rib.allPaths()].map((p) => [p.nlri.type, p.peer.address, p.accepted, p.reflected])).toEqual([
      [2, RR1.address, false, true], [3, RR1.address, false, true], [2, ebgp.address, false, false],
    ]);
  });

  it('refuses a route with our type-1 RD as ours even when its next hop and path were rewritten', () => {
    const { rib, out } = setup();
    const ebgp = { address: '172.16.0.1', routerId: '172.16.0.1', ebgp: true };
    rib.peerUp(ebgp, false, out);
    rib.announce(ebgp.address, macRoute(SELF.routerId, '02:00:00:00:00:03', null, 10, 1), attrs({ asPath: [65001] }), ebgp.address, out);
    expect(out).toHaveLength(0);
    expect([...rib.allPaths()].map((p) => [p.accepted, p.reflected])).toEqual([[false, true]]);
    // The same peer re-announces it as a route of its own RD: accepted, and no longer marked.
    rib.announce(ebgp.address, macRoute(ebgp.address, '02:00:00:00:00:03', null, 10, 1), attrs({ asPath: [65001] }), ebgp.address, out);
    expect(out).toHaveLength(1);
  });

  it('refuses routes from a peer without an established session', () => {
    const { rib, out } = setup();
    expect(() => rib.announce('10.9.9.9', M1, attrs(), '192.168.100.1', out)).toThrow(EvpnError);
    expect(() => rib.announce('10.9.9.9', M1, attrs(), '192.168.100.1', out)).toThrow(/expected an established session with 10\.9\.9\.9/);
  });

  it('keeps each peer\'s paths apart in the shared Loc-RIB: one peer going takes only its own', () => {
    const { rib, out } = setup();
    rib.announce(RR1.address, M1, attrs(), '192.168.100.1', out);
    rib.announce(RR2.address, M1, attrs(), '192.168.100.1', out);
    rib.announce(RR2.address, M2, attrs({ originatorId: SELF.routerId }), '192.168.100.1', out); // refused
    out.length = 0;
    rib.peerDown(RR1.address, null, out);
    expect(out.map((c) => c.current?.peer.address)).toEqual([RR2.address]); // RR2 takes over M1
    expect(rib.counts(RR2.address)).toEqual({ received: 2, accepted: 1 });
    expect([...rib.allPaths()].map((p) => p.peer.address)).toEqual([RR2.address, RR2.address]);
    rib.removePeer(RR2.address, out);
    expect([...rib.allPaths()]).toEqual([]);
    expect(rib.routeCount).toBe(0);
  });

  it('withdraws every path of a peer whose session drops without graceful restart', () => {
    const { rib, out } = setup();
    rib.announce(RR1.address, M1, attrs(), '192.168.100.1', out);
    rib.announce(RR1.address, M2, attrs(), '192.168.100.1', out);
    out.length = 0;
    rib.peerDown(RR1.address, null, out);
    expect(out.map((c) => c.current)).toEqual([undefined, undefined]);
    expect(rib.counts(RR1.address).received).toBe(0);
  });

  describe('graceful restart, receiving side (RFC 4724 §4.2)', () => {
    it('keeps a restarting peer\'s paths as stale, then sweeps what End-of-RIB did not refresh', () => {
      const { rib, out } = setup();
      rib.announce(RR1.address, M1, attrs(), '192.168.100.1', out);
      rib.announce(RR1.address, M2, attrs(), '192.168.100.1', out);
      out.length = 0;
      rib.peerDown(RR1.address, 120, out);
      expect(out).toHaveLength(0);
      expect([...rib.allPaths()].every((p) => p.stale)).toBe(true);
      rib.peerUp(RR1, true, out);
      rib.announce(RR1.address, M1, attrs(), '192.168.100.1', out); // refreshed, no longer stale
      expect(out.map((c) => c.current?.stale)).toEqual([false]);
      out.length = 0;
      rib.endOfRib(RR1.address, out);
      expect(out).toHaveLength(1);
      expect(out[0]?.previous?.nlri).toEqual(M2);
      expect(rib.nextDeadline()).toBeNull();
    });

    it('sweeps stale paths when the restart timer runs out, on the injected clock', () => {
      const { rib, clock, out } = setup();
      rib.announce(RR1.address, M1, attrs(), '192.168.100.1', out);
      out.length = 0;
      rib.peerDown(RR1.address, 120, out);
      expect(rib.nextDeadline()).toBe(clock.now() + 120_000);
      clock.advance(119);
      rib.expireTimers(out);
      expect(out).toHaveLength(0);
      clock.advance(1);
      rib.expireTimers(out);
      expect(out).toHaveLength(1);
      expect(rib.counts(RR1.address)).toEqual({ received: 0, accepted: 0 });
    });

    it('deletes stale paths at once when the new session did not keep forwarding state', () => {
      const { rib, out } = setup();
      rib.announce(RR1.address, M1, attrs(), '192.168.100.1', out);
      out.length = 0;
      rib.peerDown(RR1.address, 120, out);
      rib.peerUp(RR1, false, out);
      expect(out).toHaveLength(1);
      expect(out[0]?.current).toBeUndefined();
    });

    it('bounds the wait for End-of-RIB after the peer returns with the stale-path timer', () => {
      const { rib, clock, out } = setup();
      rib.announce(RR1.address, M1, attrs(), '192.168.100.1', out);
      rib.peerDown(RR1.address, 120, out);
      clock.advance(10);
      rib.peerUp(RR1, true, out);
      out.length = 0;
      expect(rib.nextDeadline()).toBe(clock.now() + 60_000);
      clock.advance(60);
      rib.expireTimers(out);
      expect(out).toHaveLength(1);
    });
  });

  describe('HA group members (issue 10)', () => {
    const G1 = { chassis: 'gw1', routerId: '192.168.100.9', vteps: ['192.168.100.9'] };
    const verdicts = (rib: Rib) => [...rib.allPaths()].map((p) => [p.nlri.type, p.accepted, p.reflected, p.group, rib.groupMemberOf(p)?.chassis ?? null]);

    it('keeps a member\'s routes, reflected or not, apart: by ORIGINATOR_ID, VTEP or type-1 RD', () => {
      const { rib, out } = setup();
      rib.setGroupMembers([G1], out, []);
      const group: Path[] = [];
      // Reflected by RR1 (RFC 4456 §8: the member's router id as ORIGINATOR_ID), its RD another's.
      rib.announceUpdate(RR1.address, [M1], attrs({ originatorId: G1.routerId }), '192.168.100.1', out, group);
      // Its VTEP (type 3: the originating IP), no ORIGINATOR_ID.
      rib.announceUpdate(RR1.address, [imetRoute(G1.vteps[0] as string)], attrs({ pmsiVni: 10 }), '192.168.100.1', out, group);
      // Its type-1 RD behind a rewritten next hop.
      rib.announceUpdate(RR2.address, [macRoute(G1.routerId, '02:00:00:00:00:05')], attrs(), RR2.address, out, group);
      expect(out).toHaveLength(0);
      expect(group.map((p) => p.nlri.type)).toEqual([2, 3, 2]);
      expect(rib.counts(RR1.address)).toEqual({ received: 2, accepted: 0 });
      expect(verdicts(rib)).toEqual([[2, false, false, true, 'gw1'], [3, false, false, true, 'gw1'], [2, false, false, true, 'gw1']]);
    });

    it('judges held routes again when the members change, both ways', () => {
      const { rib, out } = setup();
      rib.announce(RR1.address, M1, attrs({ originatorId: G1.routerId }), G1.routerId, out);
      rib.announce(RR1.address, M2, attrs(), '192.168.100.1', out);
      expect(out).toHaveLength(2);
      out.length = 0;
      const group: Path[] = [];
      rib.setGroupMembers([G1], out, group);
      expect(out.map((c) => [c.previous?.nlri, c.current])).toEqual([[M1, undefined]]);
      expect(group.map((p) => p.key)).toEqual([out[0]?.previous?.key]);
      expect(rib.counts(RR1.address)).toEqual({ received: 2, accepted: 1 });
      expect(rib.routeCount).toBe(1);
      out.length = 0;
      rib.setGroupMembers([], out, group);
      expect(out.map((c) => [c.previous, c.current?.nlri])).toEqual([[undefined, M1]]);
      expect(rib.counts(RR1.address)).toEqual({ received: 2, accepted: 2 });
      expect(verdicts(rib).every(([, accepted]) => accepted)).toBe(true);
    });

    it('keeps the stale flag when a route is judged again', () => {
      const { rib, out } = setup();
      rib.announce(RR1.address, M1, attrs({ originatorId: G1.routerId }), G1.routerId, out);
      rib.peerDown(RR1.address, 120, out);
      rib.setGroupMembers([G1], out, []);
      expect([...rib.allPaths()].map((p) => [p.group, p.stale])).toEqual([[true, true]]);
    });

    it('marks our own route reflected, not a member\'s, when it is both', () => {
      const { rib, out } = setup();
      rib.setGroupMembers([{ ...G1, vteps: [SELF.vtepIp] }], out, []);
      rib.announce(RR1.address, imetRoute(SELF.vtepIp), attrs(), SELF.vtepIp, out);
      expect(verdicts(rib)).toEqual([[3, false, true, false, 'gw1']]);
    });
  });
});
