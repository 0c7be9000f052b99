// What we announce for graceful restart (RFC 4724 §3) and how a peer's capability decides the fate of its routes.
import { describe, expect, it } from 'vitest';
import { keepsForwardingState, ourCapabilities, staleRetention } from '../../../../../src/core/session-engine/session/graceful-restart.js';
import { encodeMessage } from '../../../../../src/core/session-engine/wire/message.js';
import { toHex } from '../../../../../src/core/session-engine/wire/text/addr.js';
import type { Capability, OpenMessage } from '../../../../../src/core/session-engine/wire/types.js';

const open = (caps: Capability[]): OpenMessage => ({ type: 'open', version: 4, myAs: 65000, holdTime: 90, routerId: '10.0.0.2', capabilities: caps });
const gr = (restartTime: number, flags: number, families = [{ afi: 25, safi: 70, flags }]): Capability =>
  ({ code: 64, restartFlags: 0, restartTime, families });

describe('ourCapabilities', () => {
  it('announces MP EVPN, route refresh, enhanced route refresh, 4-octet AS and GR with F for L2VPN/EVPN', () => {
    const caps = ourCapabilities(65000, 120, false);
    expect(caps.map((c) => c.code)).toEqual([1, 2, 70, 65, 64]);
    const bytes = toHex(encodeMessage(open(caps), { fourOctetAs: true }));
    // GR: code 64, length 6, flags 0 + time 120 (0x078), AFI 25, SAFI 70, F bit.
    expect(bytes).toContain('4006' + '0078' + '0019' + '46' + '80');
  });

  it('sets R while restarting', () => {
    const bytes = toHex(encodeMessage(open(ourCapabilities(65000, 120, true)), { fourOctetAs: true }));
    expect(bytes).toContain('4006' + '8078' + '001946' + '80');
  });
});

describe('staleRetention (RFC 4724 §4.2)', () => {
  const withGr = open([{ code: 1, afi: 25, safi: 70 }, gr(90, 0x80)]);
  it('keeps routes for the peer restart time when the TCP session ended', () => {
    expect(staleRetention(withGr, 'connection-lost')).toBe(90);
    expect(staleRetention(withGr, 'hold-timer-expired')).toBe(90);
  });
  it('withdraws at once after a NOTIFICATION, without GR, without EVPN in it, or with restart time 0', () => {
    expect(staleRetention(withGr, 'peer-notification')).toBeNull();
    expect(staleRetention(open([{ code: 1, afi: 25, safi: 70 }]), 'connection-lost')).toBeNull();
    expect(staleRetention(open([gr(90, 0x80, [{ afi: 1, safi: 1, flags: 0x80 }])]), 'connection-lost')).toBeNull();
    expect(staleRetention(open([gr(0, 0x80)]), 'connection-lost')).toBeNull();
  });
});

describe('keepsForwardingState', () => {
  it('is the F bit of the L2VPN/EVPN family in the new OPEN', () => {
    expect(keepsForwardingState(open([gr(90, 0x80)]))).toBe(true);
    expect(keepsForwardingState(open([gr(90, 0)]))).toBe(false);
    expect(keepsForwardingState(open([]))).toBe(false);
  });
});
