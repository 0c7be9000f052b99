import { describe, expect, it } from 'vitest';
import { parseGobgpNeighbors } from '../../../src/lab/gobgp.js';

describe('parseGobgpNeighbors', () => {
  it('maps the numeric session state of gobgp 3.x JSON to names', () => {
    // Shape as printed by `gobgp -j neighbor` (3.10), trimmed.
    const json = [
      { conf: { neighbor_address: '192.168.100.1', peer_asn: 65000 }, state: { neighbor_address: '192.168.100.1', session_state: 6 } },
      { conf: { neighbor_address: '192.168.100.3' }, state: { session_state: 3 } },
    ];
    expect(parseGobgpNeighbors(json)).toEqual([
      { address: '192.168.100.1', sessionState: 'established' },
      { address: '192.168.100.3', sessionState: 'active' },
    ]);
  });

  it('accepts null (no neighbors) and rejects other shapes', () => {
    expect(parseGobgpNeighbors(null)).toEqual([]);
    expect(() => parseGobgpNeighbors({})).toThrow(/expected an array/);
    expect(() => parseGobgpNeighbors([{ state: {} }])).toThrow(/neighbor_address/);
  });
});
