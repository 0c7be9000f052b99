import { describe, expect, it } from 'vitest';
import { AttrInfoCache } from '../../../../../src/core/bgp/rib/attr-info.js';
import { RtImportIndex } from '../../../../../src/core/bgp/rib/rt-import.js';
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
    idx.track('k', undefined, info);
    expect([...idx.addNetwork(11, ['*:268435466'])]).toEqual(['k']);
  });

  it('finds the routes to re-evaluate for a new network without scanning the table', () => {
    const idx = new RtImportIndex();
    const i10 = cache.get(attrs({ rts: [rt(65000, 10)] }));
    const i20 = cache.get(attrs({ rts: [rt(65000, 20)] }));
    idx.track('k1', undefined, i10);
    idx.track('k2', undefined, i20);
    idx.track('k3', undefined, i10);
    idx.track('k3', i10, undefined);
    expect([...idx.addNetwork(10, ['65000:10'])]).toEqual(['k1']);
    expect([...idx.addNetwork(30, ['65000:20', '65000:10'])].sort()).toEqual(['k1', 'k2']);
  });

  it('tracks the keys of a run of changes like one track() each', () => {
    const idx = new RtImportIndex();
    const i10 = cache.get(attrs({ rts: [rt(65000, 10)] }));
    const i20 = cache.get(attrs({ rts: [rt(65000, 20)] }));
    const run = [{ key: 'a' }, { key: 'b' }, { key: 'c' }];
    idx.trackRun(run, 0, 3, undefined, i10);
    idx.trackRun(run, 1, 3, i10, i20); // b and c move to RT 65000:20
    expect([...idx.addNetwork(10, ['65000:10'])]).toEqual(['a']);
    expect([...idx.addNetwork(20, ['65000:20'])]).toEqual(['b', 'c']);
    idx.trackRun(run, 0, 3, i10, undefined);
    expect([...idx.addNetwork(11, ['65000:10'])]).toEqual([]);
  });
});
