// RFC 4271 §6.8 collision resolution and RFC 5492 capability negotiation.
import { describe, expect, it } from 'vitest';
import { collisionWinner, mustDump, negotiate, defaultCapabilities } from '../../../../../src/core/session-engine/fsm/index.js';

describe('collisionWinner', () => {
  it('keeps the connection opened by the higher BGP identifier, compared as numbers', () => {
    expect(collisionWinner({ routerId: '192.168.100.2', asn: 1 }, { routerId: '192.168.100.1', asn: 1 })).toBe('outbound');
    expect(collisionWinner({ routerId: '9.0.0.1', asn: 1 }, { routerId: '10.0.0.1', asn: 1 })).toBe('inbound');
    expect(collisionWinner({ routerId: '200.0.0.1', asn: 1 }, { routerId: '10.0.0.1', asn: 1 })).toBe('outbound');
  });
  it('breaks a tie of identifiers by the larger AS (RFC 6286 §2.3)', () => {
    expect(collisionWinner({ routerId: '1.1.1.1', asn: 65001 }, { routerId: '1.1.1.1', asn: 65000 })).toBe('outbound');
    expect(collisionWinner({ routerId: '1.1.1.1', asn: 65000 }, { routerId: '1.1.1.1', asn: 65001 })).toBe('inbound');
  });
  it('mustDump names the losing connection', () => {
    const local = { routerId: '10.0.0.1', asn: 1 };
    const remote = { routerId: '10.0.0.2', asn: 1 };
    expect(mustDump(false, local, remote)).toBe(true);
    expect(mustDump(true, local, remote)).toBe(false);
  });
});

describe('negotiate', () => {
  it('turns on what both announced, with the peer GR restart time and F bit', () => {
    const local = defaultCapabilities(65000, 120);
    const n = negotiate(local, [
      { code: 1, afi: 25, safi: 70 }, { code: 128, raw: new Uint8Array(0) }, { code: 70 }, { code: 65, asn: 65000 },
      { code: 64, restartFlags: 8, restartTime: 90, families: [{ afi: 25, safi: 70, flags: 0x80 }] },
    ]);
    expect(n).toEqual({
      mpEvpn: true, routeRefresh: true, enhancedRouteRefresh: true, fourOctetAs: true,
      gracefulRestart: { restartTime: 90, restarting: true, evpnForwardingPreserved: true },
      names: ['mp-evpn', 'route-refresh', 'enhanced-route-refresh', '4-octet-as', 'graceful-restart'],
    });
  });
  it('leaves off what only one side announced', () => {
    const n = negotiate(defaultCapabilities(65000), [{ code: 1, afi: 25, safi: 70 }, { code: 64, restartFlags: 0, restartTime: 120, families: [] }]);
    expect(n.names).toEqual(['mp-evpn']);
    expect(n.gracefulRestart).toBeNull();
  });
});
