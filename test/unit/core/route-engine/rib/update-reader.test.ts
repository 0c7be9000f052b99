import { describe, expect, it } from 'vitest';
import { readUpdate } from '../../../../../src/core/route-engine/rib/update-reader.js';
import { announce, imetRoute, macRoute, withdraw } from '../../../../support/evpn-fixtures.js';

const X = '192.168.100.1';

describe('readUpdate', () => {
  it('hands out the message\'s own route list when every route is of a known type', () => {
    const u = announce(X, [macRoute(X, '02:00:00:00:00:01'), imetRoute(X)]);
    const c = readUpdate(u);
    expect(c.announced).toBe(u.attributes.mpReach?.evpn);
    expect([c.withdrawn, c.unknownRoutes, c.nextHop, c.endOfRib]).toEqual([[], 0, X, false]);
    expect(c.attributes).not.toHaveProperty('mpReach');
  });

  it('leaves out and counts routes of unknown types, on both sides', () => {
    const u = announce(X, [macRoute(X, '02:00:00:00:00:01')]);
    u.attributes.mpReach?.evpn.push({ type: 9, raw: Uint8Array.of(1) });
    const w = withdraw([imetRoute(X)]);
    w.attributes.mpUnreach?.evpn.unshift({ type: 7, raw: Uint8Array.of(2) });
    expect(readUpdate(u)).toMatchObject({ announced: [macRoute(X, '02:00:00:00:00:01')], unknownRoutes: 1 });
    expect(readUpdate(w)).toMatchObject({ withdrawn: [imetRoute(X)], unknownRoutes: 1, endOfRib: false });
  });
});
