// Route metrics of an UPDATE: one sink call per run of routes of one type, in the order of the routes,
// with the run's length, so the totals and the order of types are those of one call per route.
import { describe, expect, it } from 'vitest';
import { countRoutes } from '../../../../../src/core/route-engine/bgp-service/inbound.js';
import type { EvpnRoute } from '../../../../../src/core/session-engine/wire/types.js';
import { NOOP_SINK, type MetricsSink } from '../../../../../src/core/metrics/sink.js';

const rd = { type: 1 as const, ip: '192.168.100.1', assigned: 1 };
const mac = (i: number): EvpnRoute => ({ type: 2, rd, esi: '00:00:00:00:00:00:00:00:00:00', etag: 0, mac: `02:00:00:00:00:0${i}`, ip: null, label1: 10 });
const imet: EvpnRoute = { type: 3, rd, etag: 0, originatorIp: '192.168.100.1' };

function recorded(routes: readonly EvpnRoute[]): string[] {
  const seen: string[] = [];
  const sink: MetricsSink = { ...NOOP_SINK, route: (p, d, t, a, n) => seen.push(`${p} ${d} type${t} ${a} ${n ?? 1}`) };
  countRoutes(sink, '10.0.0.2', 'in', routes, 'announce');
  return seen;
}

describe('countRoutes', () => {
  it('counts a run of one type with one call', () => {
    expect(recorded([mac(1), mac(2), mac(3)])).toEqual(['10.0.0.2 in type2 announce 3']);
  });

  it('keeps the order of the types: a new call at each change of type', () => {
    expect(recorded([imet, mac(1), mac(2), imet, mac(3)])).toEqual([
      '10.0.0.2 in type3 announce 1', '10.0.0.2 in type2 announce 2', '10.0.0.2 in type3 announce 1', '10.0.0.2 in type2 announce 1',
    ]);
  });

  it('skips routes of unknown types and calls nothing for none', () => {
    const unknown: EvpnRoute = { type: 9, raw: new Uint8Array(3) };
    expect(recorded([mac(1), unknown, mac(2)])).toEqual(['10.0.0.2 in type2 announce 1', '10.0.0.2 in type2 announce 1']);
    expect(recorded([])).toEqual([]);
  });
});
