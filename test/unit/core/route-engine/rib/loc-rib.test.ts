import { describe, expect, it } from 'vitest';
import { keyPrefixOf, routeKey } from '../../../../../src/core/route-engine/rib/keys.js';
import { LocRib, type BestChange } from '../../../../../src/core/route-engine/rib/loc-rib.js';
import type { Path } from '../../../../../src/core/route-engine/rib/path.js';
import { attrs, macRoute } from '../../../../support/evpn-fixtures.js';

const NLRI = macRoute('192.168.100.1', '02:00:00:00:00:01');
const KEY = routeKey(NLRI);
const path = (address: string, pref: number): Path => ({
  peer: { address, routerId: address, ebgp: false }, key: KEY, nlri: NLRI, attributes: attrs({ localPref: pref }),
  nextHop: '192.168.100.1', receivedAt: 0, accepted: true, reflected: false, group: false, stale: false,
});
const order = (a: Path, b: Path): number => (b.attributes.localPref ?? 0) - (a.attributes.localPref ?? 0);

describe('LocRib', () => {
  it('keeps paths best first through single-path and multi-path states', () => {
    const rib = new LocRib(order);
    const out: BestChange[] = [];
    const a = path('10.0.0.1', 100);
    const b = path('10.0.0.2', 200);
    const c = path('10.0.0.3', 50);
    rib.upsert(a, out);
    rib.upsert(c, out);
    rib.upsert(b, out);
    expect(rib.paths(KEY)).toEqual([b, a, c]);
    expect(out.map((x) => [x.previous?.peer.address, x.current?.peer.address])).toEqual([[undefined, '10.0.0.1'], ['10.0.0.1', '10.0.0.2']]);
    out.length = 0;
    const b2 = path('10.0.0.2', 10); // the best peer re-announces worse: implicit withdraw of b
    rib.upsert(b2, out);
    expect(rib.paths(KEY)).toEqual([a, c, b2]);
    expect(out).toEqual([{ key: KEY, prefix: keyPrefixOf(KEY), previous: b, current: a }]);
    out.length = 0;
    rib.remove('10.0.0.3', KEY, out);
    rib.remove('10.0.0.9', KEY, out); // unknown peer: nothing
    expect(out).toEqual([]);
    rib.remove('10.0.0.1', KEY, out);
    expect(rib.paths(KEY)).toEqual([b2]);
    rib.remove('10.0.0.2', KEY, out);
    expect(out.map((x) => x.current)).toEqual([b2, undefined]);
    expect(rib.size).toBe(0);
    expect(rib.best(KEY)).toBeUndefined();
  });

  it('replaces a lone path of the same peer and reports the new object as best', () => {
    const rib = new LocRib(order);
    const out: BestChange[] = [];
    const a = path('10.0.0.1', 100);
    const a2 = path('10.0.0.1', 100);
    rib.upsert(a, out);
    rib.upsert(a2, out);
    expect(out[1]).toEqual({ key: KEY, prefix: keyPrefixOf(KEY), previous: a, current: a2 });
    expect(rib.paths(KEY)).toEqual([a2]);
  });
});

describe('LocRib as the store of accepted paths', () => {
  it('returns what an upsert replaced and what a remove removed, for the one peer only', () => {
    const rib = new LocRib(order);
    const out: BestChange[] = [];
    const a = path('10.0.0.1', 100);
    const b = path('10.0.0.2', 200);
    expect(rib.upsert(a, out)).toBeUndefined();
    expect(rib.upsert(b, out)).toBeUndefined();
    const a2 = path('10.0.0.1', 300);
    expect(rib.upsert(a2, out)).toBe(a);
    expect(rib.remove('10.0.0.9', KEY, out)).toBeUndefined();
    expect(rib.remove('10.0.0.2', KEY, out)).toBe(b);
    expect(rib.upsert(path('10.0.0.1', 1), out)).toBe(a2);
  });

  it('lists every path of every key, best first within a key', () => {
    const rib = new LocRib(order);
    const out: BestChange[] = [];
    const other = { ...path('10.0.0.1', 100), key: 'other' };
    const a = path('10.0.0.1', 100);
    const b = path('10.0.0.2', 200);
    rib.upsert(other, out);
    rib.upsert(a, out);
    rib.upsert(b, out);
    expect([...rib.allPaths()]).toEqual([other, b, a]);
  });
});

describe('LocRib shards', () => {
  it('finds a key whatever the shard it went in with, and drops a shard once empty', () => {
    const rib = new LocRib(order);
    const out: BestChange[] = [];
    const shard = rib.shard(keyPrefixOf(KEY));
    const a = path('10.0.0.1', 100);
    rib.upsert(a, out, shard);
    expect(rib.best(KEY)).toBe(a);
    expect(rib.remove('10.0.0.1', KEY, out, shard)).toBe(a);
    expect(rib.findShard(keyPrefixOf(KEY))).toBeUndefined();
    const b = path('10.0.0.2', 100);
    rib.upsert(b, out, shard); // the held shard had left the table: the route must still be found
    expect(rib.best(KEY)).toBe(b);
    expect(rib.size).toBe(1);
    expect([...rib.allPaths()]).toEqual([b]);
  });
});
