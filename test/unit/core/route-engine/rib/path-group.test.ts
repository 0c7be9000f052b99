import { describe, expect, it } from 'vitest';
import { AttrInfoCache } from '../../../../../src/core/route-engine/rib/attr-info.js';
import { GroupedPath, MacIpPath, type PathGroup } from '../../../../../src/core/route-engine/rib/path-group.js';
import type { EvpnMacIp } from '../../../../../src/core/session-engine/wire/types.js';
import { attrs, macRoute } from '../../../../support/evpn-fixtures.js';

const group: PathGroup = {
  peer: { address: '10.255.0.1', routerId: '10.255.0.1', ebgp: false }, attributes: attrs(), nextHop: '192.168.100.1', receivedAt: 42,
};

describe('GroupedPath', () => {
  it('reads what the routes of one UPDATE share from their group', () => {
    const nlri = macRoute('192.168.100.1', '02:00:00:00:00:01');
    const p = new GroupedPath('k', nlri, group, 'accepted');
    expect([p.key, p.nlri, p.peer, p.attributes, p.nextHop, p.receivedAt, p.accepted, p.stale])
      .toEqual(['k', nlri, group.peer, group.attributes, '192.168.100.1', 42, true, false]);
    expect(new GroupedPath('k', nlri, group, 'refused').accepted).toBe(false);
  });

  it('keeps stale per path: marking one route of an UPDATE leaves its siblings alone', () => {
    const a = new GroupedPath('a', macRoute('192.168.100.1', '02:00:00:00:00:01'), group, 'refused');
    const b = new GroupedPath('b', macRoute('192.168.100.1', '02:00:00:00:00:02'), group, 'accepted');
    a.stale = true;
    expect([a.stale, a.accepted, b.stale]).toEqual([true, false, false]);
    a.stale = false;
    expect([a.stale, a.accepted]).toEqual([false, false]);
  });
});

describe('MacIpPath', () => {
  it('is its own NLRI: equal to, and serialized like, the route it was made from', () => {
    const nlri = macRoute('192.168.100.1', '02:00:00:00:00:01', '10.0.0.1');
    const p = new MacIpPath('k', nlri, group, 'accepted');
    expect(p.nlri).toBe(p);
    expect(p.nlri).toEqual(nlri);
    expect(JSON.parse(JSON.stringify(p.nlri))).toEqual(nlri);
    expect({ ...p.nlri }).toEqual(nlri);
    expect([p.key, p.peer, p.attributes, p.nextHop, p.receivedAt, p.accepted, p.stale]).toEqual(['k', group.peer, group.attributes, '192.168.100.1', 42, true, false]);
  });

  it('keeps a second label, and stale per path', () => {
    const nlri: EvpnMacIp = { ...macRoute('192.168.100.1', '02:00:00:00:00:02'), label2: 5000 };
    const p = new MacIpPath('k', nlri, group, 'refused');
    expect(p.nlri).toEqual(nlri);
    expect(p.label2).toBe(5000);
    p.stale = true;
    expect([p.stale, p.accepted, new MacIpPath('j', nlri, group, 'accepted').stale]).toEqual([true, false, false]);
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
