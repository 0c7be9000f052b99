import { describe, expect, it } from 'vitest';
import { parsePingJson } from '../../../src/lab/icmp-ping.js';

describe('parsePingJson', () => {
  it("reads the ping script's JSON line", () => {
    expect(parsePingJson('{"transmitted": 3, "received": 2, "rtts_ms": [0.4, 0.5], "errors": []}\n'))
      .toEqual({ transmitted: 3, received: 2, rttsMs: [0.4, 0.5], errors: [] });
  });

  it('says what it expected otherwise', () => {
    expect(() => parsePingJson('Traceback ...')).toThrow(/expected one JSON line/);
    expect(() => parsePingJson('{"transmitted": 3}')).toThrow(/expected \{transmitted, received, rtts_ms, errors\}/);
  });
});
