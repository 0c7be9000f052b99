import { describe, expect, it } from 'vitest';
import { longestLossRun, parsePingJson } from '../../../src/lab/icmp-ping.js';

describe('parsePingJson', () => {
  it("reads the ping script's JSON line", () => {
    expect(parsePingJson('{"transmitted": 3, "received": 2, "rtts_ms": [0.4, 0.5], "errors": []}\n'))
      .toEqual({ transmitted: 3, received: 2, rttsMs: [0.4, 0.5], errors: [] });
  });

  it('keeps the lost sequence numbers of a paced run', () => {
    expect(parsePingJson('{"transmitted": 4, "received": 2, "rtts_ms": [0.4, 0.5], "errors": [], "lost_seqs": [1, 2]}').lostSeqs).toEqual([1, 2]);
  });

  it('says what it expected otherwise', () => {
    expect(() => parsePingJson('Traceback ...')).toThrow(/expected one JSON line/);
    expect(() => parsePingJson('{"transmitted": 3}')).toThrow(/expected \{transmitted, received, rtts_ms, errors\}/);
  });
});

describe('longestLossRun', () => {
  it('counts the longest run of consecutive lost echoes', () => {
    expect(longestLossRun([])).toBe(0);
    expect(longestLossRun([7])).toBe(1);
    expect(longestLossRun([3, 4, 5, 9, 10])).toBe(3);
    expect(longestLossRun([0, 2, 4])).toBe(1);
  });
});
