// OVN's local MACs before they are advertised: valid spellings come out canonical, a bad one is logged and left
// out without taking the switch's other MACs with it.
import { describe, expect, it } from 'vitest';
import { validLocalMacs } from '../../../../../src/core/route-engine/bgp-service/local-macs.js';
import { captureLog } from '../../../../support/capture-log.js';

describe('validLocalMacs', () => {
  it('keeps valid MACs and IPs in canonical form and leaves a bad spelling out with one warning naming it', () => {
    const log = captureLog();
    const out = validLocalMacs(10, new Map([
      ['0A:00:00:00:00:01', ['10.0.0.1']],
      ['not-a-mac', ['10.0.0.2']],
      ['0a:00:00:00:00:03', ['10.0.0.999']],
    ]), log);
    expect([...out]).toEqual([['0a:00:00:00:00:01', ['10.0.0.1']]]);
    expect(log.lines).toHaveLength(2);
    expect(log.lines.join('\n')).toMatch(/VNI 10: not advertising OVN address not-a-mac 10\.0\.0\.2/);
    expect(log.lines.join('\n')).toMatch(/0a:00:00:00:00:03 10\.0\.0\.999/);
  });
});
