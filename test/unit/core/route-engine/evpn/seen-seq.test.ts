import { describe, expect, it } from 'vitest';
import { SeenSeqMemory } from '../../../../../src/core/route-engine/evpn/seen-seq.js';

const MAC = '02:00:00:00:00:01';

describe('SeenSeqMemory', () => {
  it('keeps the highest sequence per (VNI, MAC)', () => {
    const m = new SeenSeqMemory(0, { ttlMs: 1000, maxEntries: 100 });
    expect(m.highest(10, MAC, 0)).toBe(-1);
    m.remember(10, MAC, 3, 0);
    m.remember(10, MAC, 1, 10);
    m.remember(20, MAC, 0, 10);
    expect(m.highest(10, MAC, 20)).toBe(3);
    expect(m.highest(20, MAC, 20)).toBe(0);
    expect(m.highest(30, MAC, 20)).toBe(-1);
  });

  it('forgets a number between half the TTL and the TTL after it was last seen', () => {
    const m = new SeenSeqMemory(0, { ttlMs: 1000, maxEntries: 100 });
    m.remember(10, MAC, 4, 100);
    expect(m.highest(10, MAC, 400)).toBe(4);
    expect(m.highest(10, MAC, 550)).toBe(4); // rotated at 550: now in the older generation
    expect(m.highest(10, MAC, 1049)).toBe(4);
    expect(m.highest(10, MAC, 1050)).toBe(-1); // rotated again: 950 ms after it was seen
    // Seen again: remembered afresh, keeping the highest still held.
    m.remember(10, MAC, 5, 1300);
    m.remember(10, MAC, 2, 1800);
    expect(m.highest(10, MAC, 1801)).toBe(5);
    // A long silence forgets both generations at once.
    expect(m.highest(10, MAC, 5000)).toBe(-1);
  });

  it('holds at most maxEntries numbers, dropping the oldest half first', () => {
    const m = new SeenSeqMemory(0, { ttlMs: 1_000_000, maxEntries: 4 });
    for (let i = 0; i < 6; i++) m.remember(10, `02:00:00:00:00:0${i}`, i, 0);
    expect(m.size).toBeLessThanOrEqual(4);
    expect(m.highest(10, '02:00:00:00:00:05', 0)).toBe(5);
    expect(m.highest(10, '02:00:00:00:00:00', 0)).toBe(-1);
  });

  it('refuses limits that cannot work', () => {
    expect(() => new SeenSeqMemory(0, { ttlMs: 0, maxEntries: 10 })).toThrow(/seen-sequence memory TTL/);
    expect(() => new SeenSeqMemory(0, { ttlMs: 10, maxEntries: 1 })).toThrow(/expected an integer of at least 2/);
  });
});
