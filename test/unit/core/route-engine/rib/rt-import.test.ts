import { describe, expect, it } from 'vitest';
import { AttrInfoCache } from '../../../../../src/core/route-engine/rib/attr-info.js';
import { RtImportIndex } from '../../../../../src/core/route-engine/rib/rt-import.js';
import { attrs, rt } from '../../../../support/evpn-fixtures.js';

describe('RtImportIndex', () => {
  const cache = new AttrInfoCache(65000);

  it('maps a path\'s RTs to the VNIs that import them, and follows network changes', () => {
    const idx = new RtImportIndex();
    const info = cache.get(attrs({ rts: [rt(65000, 10), rt(65000, 20)] }));
    expect(idx.vnisOf(info)).toEqual([]);
    idx.addNetwork(20, ['65000:20']);
    idx.addNetwork(10, ['65000:10']);
    expect(idx.vnisOf(info)).toEqual([10, 20]);
    idx.removeNetwork(10, ['65000:10']);
    expect(idx.vnisOf(info)).toEqual([20]);
  });

  it('gives every RT a second key, its local administrator with any AS (`*:n`), for automatic import', () => {
    const idx = new RtImportIndex();
    const info = cache.get(attrs({ rts: [rt(65001, 10), rt(65002, 10), rt(65001, 0x1000000a)] }));
    expect(info.rts).toEqual(['65001:10', '65002:10', '65001:268435466']);
    expect(info.importKeys).toEqual(['65001:10', '65002:10', '65001:268435466', '*:10', '*:268435466']);
    idx.addNetwork(10, ['*:10', '*:268435466']);
    idx.addNetwork(20, ['65001:10']);
    idx.addNetwork(30, ['65000:10']);
    expect(idx.vnisOf(info)).toEqual([10, 20]);
    idx.track({ prefix: 'p' }, undefined, info);
    expect([...idx.addNetwork(11, ['*:268435466'])]).toEqual(['p']);
  });

  it('finds the shards (key prefixes) to re-evaluate for a new network without scanning the table', () => {
    const idx = new RtImportIndex();
    const i10 = cache.get(attrs({ rts: [rt(65000, 10)] }));
    const i20 = cache.get(attrs({ rts: [rt(65000, 20)] }));
    idx.track({ prefix: 'p1' }, undefined, i10);
    idx.track({ prefix: 'p2' }, undefined, i20);
    idx.track({ prefix: 'p3' }, undefined, i10);
    idx.track({ prefix: 'p3' }, i10, undefined);
    expect([...idx.addNetwork(10, ['65000:10'])]).toEqual(['p1']);
    expect([...idx.addNetwork(30, ['65000:20', '65000:10'])].sort()).toEqual(['p1', 'p2']);
  });

  it('counts the best paths per prefix: a shard leaves only when its last route with the RT does', () => {
    const idx = new RtImportIndex();
    const i10 = cache.get(attrs({ rts: [rt(65000, 10)] }));
    idx.track({ prefix: 'p' }, undefined, i10);
    idx.track({ prefix: 'p' }, undefined, i10);
    idx.track({ prefix: 'p' }, i10, undefined);
    expect([...idx.addNetwork(10, ['65000:10'])]).toEqual(['p']);
    idx.track({ prefix: 'p' }, i10, undefined);
    expect([...idx.addNetwork(11, ['65000:10'])]).toEqual([]);
  });

  it('tracks a run of changes like one track() each, prefix by prefix', () => {
    const idx = new RtImportIndex();
    const i10 = cache.get(attrs({ rts: [rt(65000, 10)] }));
    const i20 = cache.get(attrs({ rts: [rt(65000, 20)] }));
    const run = [{ prefix: 'a' }, { prefix: 'b' }, { prefix: 'b' }, { prefix: 'c' }];
    idx.trackRun(run, 0, 4, undefined, i10);
    idx.trackRun(run, 1, 4, i10, i20); // b, b and c move to RT 65000:20
    expect([...idx.addNetwork(10, ['65000:10'])]).toEqual(['a']);
    expect([...idx.addNetwork(20, ['65000:20'])]).toEqual(['b', 'c']);
    idx.trackRun(run, 2, 3, i20, undefined); // one of b's two goes: b stays
    expect([...idx.addNetwork(21, ['65000:20'])]).toEqual(['b', 'c']);
    idx.trackRun(run, 0, 1, i10, undefined);
    expect([...idx.addNetwork(11, ['65000:10'])]).toEqual([]);
  });
});
