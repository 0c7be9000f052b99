import { describe, expect, it } from 'vitest';
import type { EvpnEvent } from '../../../../src/core/evpn/events.js';
import { FloodList } from '../../../../src/core/evpn/flood-list.js';

/** One batch: the counts, then the events a flush would wrap around the MAC events. */
function batch(list: FloodList, counts: [string, 1 | -1][]): EvpnEvent[] {
  for (const [vtep, delta] of counts) list.count(vtep, delta);
  const out: EvpnEvent[] = [];
  list.pushJoined(10, out);
  list.pushLeftAndEnd(10, out);
  return out;
}

describe('FloodList', () => {
  it('adds a VTEP with its first route and removes it after its last, in first-touch order', () => {
    const list = new FloodList();
    expect(batch(list, [['10.0.0.2', 1], ['10.0.0.1', 1], ['10.0.0.2', 1]])).toEqual([
      { type: 'vtep-added', vni: 10, vtep: '10.0.0.2' },
      { type: 'vtep-added', vni: 10, vtep: '10.0.0.1' },
    ]);
    expect(list.vteps()).toEqual(['10.0.0.2', '10.0.0.1']);
    expect(batch(list, [['10.0.0.2', -1]])).toEqual([]); // one route left
    expect(batch(list, [['10.0.0.2', -1], ['10.0.0.1', -1]])).toEqual([
      { type: 'vtep-removed', vni: 10, vtep: '10.0.0.2' },
      { type: 'vtep-removed', vni: 10, vtep: '10.0.0.1' },
    ]);
    expect(list.vteps()).toEqual([]);
    expect(list.has('10.0.0.1')).toBe(false);
  });

  it('reports the net change of a batch: a VTEP that leaves and comes back says nothing', () => {
    const list = new FloodList();
    batch(list, [['10.0.0.1', 1]]);
    expect(batch(list, [['10.0.0.1', -1], ['10.0.0.1', 1]])).toEqual([]);
    expect(batch(list, [['10.0.0.3', 1], ['10.0.0.3', -1]])).toEqual([]);
    expect(list.vteps()).toEqual(['10.0.0.1']);
    expect(list.has('10.0.0.3')).toBe(false);
  });

  it('never counts below zero, and forgets everything on clear', () => {
    const list = new FloodList();
    expect(batch(list, [['10.0.0.1', -1], ['10.0.0.1', 1]])).toEqual([{ type: 'vtep-added', vni: 10, vtep: '10.0.0.1' }]);
    list.clear();
    expect(list.vteps()).toEqual([]);
    expect(batch(list, [])).toEqual([]);
  });
});
