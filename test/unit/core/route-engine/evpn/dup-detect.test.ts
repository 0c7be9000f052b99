// Duplicate MAC detection over a fake clock: N moves within M seconds freeze the MAC (RFC 7432 §15.1).
import { describe, expect, it } from 'vitest';
import { checkDupConfig, newHistory, recordMove } from '../../../../../src/core/route-engine/evpn/dup-detect.js';
import { RouteEngine } from '../../../../../src/core/route-engine/route-engine.js';
import type { EvpnEvent } from '../../../../../src/core/route-engine/evpn/events.js';
import { ValidationError } from '../../../../../src/core/errors.js';
import { ManualClock, SPEAKER, announce, attrs, macRoute, network } from '../../../../support/evpn-fixtures.js';

const RR = '10.255.0.1';
const V = ['192.168.100.10', '192.168.100.20'] as const;
const MAC = '02:ac:10:ff:00:11';

function setup(dup?: { maxMoves?: number; windowSeconds?: number; freezeSeconds?: number | null }): { e: RouteEngine; clock: ManualClock } {
  const clock = new ManualClock();
  const e = new RouteEngine({ speaker: SPEAKER, clock, ...(dup ? { dupDetection: dup } : {}) });
  e.peerUp({ address: RR, routerId: RR, ebgp: false });
  e.addNetwork(network(10));
  return { e, clock };
}

/** Announces the MAC from alternating VTEPs with rising sequence numbers; returns the MAC events. */
function flap(e: RouteEngine, clock: ManualClock, fromSeq: number, count: number, everySeconds: number): EvpnEvent[] {
  const events: EvpnEvent[] = [];
  for (let seq = fromSeq; seq < fromSeq + count; seq++) {
    clock.advance(everySeconds);
    const vtep = V[seq % 2] as string;
    events.push(...e.ingest(RR, announce(vtep, [macRoute(vtep, MAC)], attrs({ seq }))).filter((x) => x.type.startsWith('mac')));
  }
  return events;
}

describe('recordMove', () => {
  it('detects the Nth move inside the window and freezes at its destination', () => {
    const cfg = { maxMoves: 3, windowSeconds: 10, freezeSeconds: null };
    const h = newHistory();
    expect(recordMove(h, 'a', 0, cfg)).toBe(false);
    expect(recordMove(h, 'b', 5_000, cfg)).toBe(false);
    expect(recordMove(h, 'a', 10_001, cfg)).toBe(false); // the first move left the window
    expect(recordMove(h, 'b', 12_000, cfg)).toBe(true);
    expect(h.frozen).toEqual({ at: 'b', since: 12_000, until: null });
  });

  it('refuses a configuration that could not work, naming the field', () => {
    expect(() => checkDupConfig({ maxMoves: 1, windowSeconds: 180, freezeSeconds: null })).toThrow(ValidationError);
    expect(() => checkDupConfig({ maxMoves: 5, windowSeconds: 0, freezeSeconds: null })).toThrow(/window/);
  });
});

describe('duplicate detection in an EVI', () => {
  it('freezes a MAC after 5 moves in 180 s by default and ignores further moves', () => {
    const { e, clock } = setup();
    expect(flap(e, clock, 0, 1, 1)).toHaveLength(1); // first appearance: not a move
    expect(flap(e, clock, 1, 5, 10).map((x) => x.type)).toEqual(Array(5).fill('mac-moved'));
    const dups = e.takeDuplicates();
    expect(dups).toEqual([{ vni: 10, mac: MAC, location: V[1], detectedAt: clock.now(), frozenUntil: null }]);
    // Frozen at V[1]: claims from V[0] are ignored; V[1]'s own updates still refresh its state.
    const later = flap(e, clock, 6, 4, 10);
    expect(later.map((x) => [x.type, x.vtep])).toEqual([['mac-added', V[1]], ['mac-added', V[1]]]);
    expect(e.takeDuplicates()).toEqual([]);
    expect(e.evi(10).duplicates()).toHaveLength(1);
  });

  it('does not flag moves spread wider than the window', () => {
    const { e, clock } = setup();
    flap(e, clock, 0, 1, 1);
    expect(flap(e, clock, 1, 10, 46)).toHaveLength(10); // 5 moves span 184 s > 180 s
    expect(e.takeDuplicates()).toEqual([]);
  });

  it('honours configured thresholds and a timed freeze, over the injected clock', () => {
    const { e, clock } = setup({ maxMoves: 2, windowSeconds: 30, freezeSeconds: 60 });
    flap(e, clock, 0, 3, 1); // appear + 2 moves: frozen at V[0] (seq 2)
    expect(e.takeDuplicates()).toHaveLength(1);
    expect(flap(e, clock, 3, 1, 1)).toEqual([]); // seq 3 from V[1] ignored
    expect(e.nextDeadline()).toBe(clock.now() - 1_000 + 60_000);
    clock.advance(58);
    expect(e.tick()).toEqual([]);
    clock.advance(1);
    expect(e.tick()).toEqual([{ type: 'mac-moved', vni: 10, mac: MAC, ips: [], from: V[0], vtep: V[1], seq: 3, sticky: false }]);
    expect(e.evi(10).duplicates()).toEqual([]);
  });

  it('lets the operator clear a duplicate, which places the MAC again', () => {
    const { e, clock } = setup({ maxMoves: 2 });
    flap(e, clock, 0, 4, 1);
    expect(e.evi(10).duplicates().map((d) => d.location)).toEqual([V[0]]);
    expect(e.clearDuplicate(10, MAC).map((x) => x.type)).toEqual(['mac-moved']);
    expect(() => e.clearDuplicate(10, MAC)).toThrow(/expected MAC .* to be a frozen duplicate/);
  });

  it('keeps a frozen MAC pinned: gone when its VTEP withdraws, not moved to the other one', () => {
    const { e, clock } = setup({ maxMoves: 2 });
    flap(e, clock, 0, 3, 1); // frozen at V[0]
    const events = e.ingest(RR, { ...announce(V[0], []), attributes: { other: [], mpUnreach: { afi: 25, safi: 70, evpn: [macRoute(V[0], MAC)] } } });
    expect(events).toEqual([{ type: 'mac-removed', vni: 10, mac: MAC, vtep: V[0] }, { type: 'vtep-removed', vni: 10, vtep: V[0] }]);
  });
});
