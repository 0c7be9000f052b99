import { describe, expect, it } from 'vitest';
import type { EvpnEvent } from '../../../../../src/core/route-engine/evpn/events.js';
import { FloodList } from '../../../../../src/core/route-engine/evpn/flood-list.js';

/** One batch of counts [vtep, delta, flood?, key?] on VNI 10, then the events a flush would wrap around the MAC events. */
function batch(list: FloodList, counts: [string, 1 | -1, boolean?, number?][]): EvpnEvent[] {
  for (const [vtep, delta, flood, key] of counts) list.count(vtep, key ?? 10, delta, flood ?? true);
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

  it('puts a VTEP in the flood list only while an ingress-replication type 3 points at it (RFC 8365 §9)', () => {
    const list = new FloodList();
    expect(batch(list, [['10.0.0.1', 1, false]])).toEqual([{ type: 'vtep-added', vni: 10, vtep: '10.0.0.1', flood: false }]);
    expect(list.floodVteps()).toEqual([]);
    expect(batch(list, [['10.0.0.1', 1, true]])).toEqual([{ type: 'vtep-added', vni: 10, vtep: '10.0.0.1' }]);
    expect(list.floodVteps()).toEqual(['10.0.0.1']);
    expect(batch(list, [['10.0.0.1', -1, true]])).toEqual([{ type: 'vtep-added', vni: 10, vtep: '10.0.0.1', flood: false }]);
    expect(batch(list, [['10.0.0.1', -1, false]])).toEqual([{ type: 'vtep-removed', vni: 10, vtep: '10.0.0.1' }]);
  });

  it('keeps one end per (VTEP, key) and names a key that is not the VNI', () => {
    const list = new FloodList();
    expect(batch(list, [['10.0.0.1', 1, true, 20], ['10.0.0.1', 1, false]])).toEqual([
      { type: 'vtep-added', vni: 10, vtep: '10.0.0.1', key: 20 },
      { type: 'vtep-added', vni: 10, vtep: '10.0.0.1', flood: false },
    ]);
    expect(list.vteps()).toEqual(['10.0.0.1']);
    expect(list.ends()).toEqual([{ vtep: '10.0.0.1', key: 20 }, { vtep: '10.0.0.1', key: 10 }]);
    expect(batch(list, [['10.0.0.1', -1, true, 20]])).toEqual([{ type: 'vtep-removed', vni: 10, vtep: '10.0.0.1', key: 20 }]);
  });
});
