// HaSide remembers the other members of its group from the tokens it sees, so their routes are known as the
// group's (issue 10). The lock is not started: its events are fed in as HaLock would report them.
import { describe, expect, it } from 'vitest';
import { HaSide, type GroupMemberIdentity } from '../../../../src/core/daemon/ha-side.js';
import { silentLogger } from '../../../../src/core/log.js';
import type { HaLockEvent } from '../../../../src/core/ovn/ovsdb-lock.js';

function side(): { feed(e: HaLockEvent): void; seen: GroupMemberIdentity[][]; roles: boolean[]; ha: HaSide } {
  const seen: GroupMemberIdentity[][] = [];
  const roles: boolean[] = [];
  const ha = new HaSide({
    remotes: 'tcp:127.0.0.1:1', group: 'gw', chassis: 'gw2', log: silentLogger,
    onRole: (active) => roles.push(active), onMembers: (m) => seen.push([...m]),
  });
  // HaLock reports through the handler it was given; the test plays the lock.
  const feed = (e: HaLockEvent) => (ha as unknown as { onLockEvent(e: HaLockEvent): void }).onLockEvent(e);
  return { feed, seen, roles, ha };
}

const G1 = { routerId: '192.168.100.2', vteps: ['192.168.100.2'] };

describe('HaSide group members', () => {
  it('learns another member from its token, once per identity, and keeps it after the token is replaced', () => {
    const { feed, seen, ha } = side();
    feed({ kind: 'holder', holder: { group: 'gw', epoch: 1, chassis: 'gw1', member: G1 } });
    feed({ kind: 'holder', holder: { group: 'gw', epoch: 1, chassis: 'gw1', member: { ...G1, vteps: [...G1.vteps] } } });
    expect(seen).toEqual([[{ chassis: 'gw1', ...G1 }]]);
    // We take over: our own token names no one else, and gw1 stays known (its routes may still be around).
    feed({ kind: 'acquired', token: { group: 'gw', epoch: 2, chassis: 'gw2', member: { routerId: '192.168.100.5', vteps: ['192.168.100.5'] } } });
    feed({ kind: 'holder', holder: { group: 'gw', epoch: 2, chassis: 'gw2', member: { routerId: '192.168.100.5', vteps: ['192.168.100.5'] } } });
    expect(ha.groupMembers()).toEqual([{ chassis: 'gw1', ...G1 }]);
    expect(seen).toHaveLength(1);
    // gw1 comes back with another VTEP: the latest identity replaces the old one.
    feed({ kind: 'holder', holder: { group: 'gw', epoch: 3, chassis: 'gw1', member: { ...G1, vteps: ['192.168.100.9'] } } });
    expect(seen.at(-1)).toEqual([{ chassis: 'gw1', routerId: G1.routerId, vteps: ['192.168.100.9'] }]);
  });

  it('learns nothing from a plain token (written before identities)', () => {
    const { feed, seen, ha } = side();
    feed({ kind: 'holder', holder: { group: 'gw', epoch: 1, chassis: 'gw1' } });
    expect(seen).toEqual([]);
    expect(ha.groupMembers()).toEqual([]);
  });
});
