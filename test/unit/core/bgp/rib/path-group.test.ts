import { describe, expect, it } from 'vitest';
import { AttrInfoCache } from '../../../../../src/core/bgp/rib/attr-info.js';
import { GroupedPath, type PathGroup } from '../../../../../src/core/bgp/rib/path-group.js';
import { attrs, macRoute } from '../../../../support/evpn-fixtures.js';

const group: PathGroup = {
  peer: { address: '10.255.0.1', routerId: '10.255.0.1', ebgp: false }, attributes: attrs(), nextHop: '192.168.100.1', receivedAt: 42,
};

describe('GroupedPath', () => {
  it('reads what the routes of one UPDATE share from their group', () => {
    const nlri = macRoute('192.168.100.1', '02:00:00:00:00:01');
    const p = new GroupedPath('k', nlri, group, true);
    expect([p.key, p.nlri, p.peer, p.attributes, p.nextHop, p.receivedAt, p.accepted, p.stale])
      .toEqual(['k', nlri, group.peer, group.attributes, '192.168.100.1', 42, true, false]);
    expect(new GroupedPath('k', nlri, group, false).accepted).toBe(false);
  });

  it('keeps stale per path: marking one route of an UPDATE leaves its siblings alone', () => {
    const a = new GroupedPath('a', macRoute('192.168.100.1', '02:00:00:00:00:01'), group, false);
    const b = new GroupedPath('b', macRoute('192.168.100.1', '02:00:00:00:00:02'), group, true);
    a.stale = true;
    expect([a.stale, a.accepted, b.stale]).toEqual([true, false, false]);
    a.stale = false;
    expect([a.stale, a.accepted]).toEqual([false, false]);
  });
});

describe('AttrInfoCache', () => {
  it('extracts once per attributes object, whatever order they are asked in', () => {
    const cache = new AttrInfoCache(65000);
    const a = attrs({ seq: 3 });
    const b = attrs({ sticky: true });
    const ia = cache.get(a);
    expect(cache.get(a)).toBe(ia);
    const ib = cache.get(b);
    expect([ia.seq, ib.sticky]).toEqual([3, true]);
    expect(cache.get(a)).toBe(ia);
    expect(cache.get(b)).toBe(ib);
  });
});
