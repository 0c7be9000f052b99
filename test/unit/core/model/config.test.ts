import { describe, expect, it } from 'vitest';
import { speakerVteps, vtepIpOf, type SpeakerConfig } from '../../../../src/core/model/config.js';

const base: SpeakerConfig = { asn: 65000, routerId: '10.0.0.1', listenPort: 179 };

describe('the speaker VTEPs, one per family', () => {
  it('defaults the IPv4 VTEP to the router id, with no IPv6 VTEP', () => {
    expect(speakerVteps(base)).toEqual({ ipv4: '10.0.0.1', ipv6: null });
    expect(vtepIpOf(base)).toBe('10.0.0.1');
  });

  it('keeps both when both are given and advertises the IPv4 one', () => {
    const s = { ...base, vtepIp: '192.168.100.2', vtepIp6: 'fd00::2' };
    expect(speakerVteps(s)).toEqual({ ipv4: '192.168.100.2', ipv6: 'fd00::2' });
    expect(vtepIpOf(s)).toBe('192.168.100.2');
  });

  it('has no IPv4 VTEP when only the IPv6 one is given (an IPv6-only underlay), and advertises that', () => {
    const s = { ...base, vtepIp6: 'fd00::2' };
    expect(speakerVteps(s)).toEqual({ ipv4: null, ipv6: 'fd00::2' });
    expect(vtepIpOf(s)).toBe('fd00::2');
  });

  it('reads an IPv6 --vtep-ip (as before --vtep-ip6 existed) as the IPv6 VTEP', () => {
    const s = { ...base, vtepIp: 'fd00::2' };
    expect(speakerVteps(s)).toEqual({ ipv4: null, ipv6: 'fd00::2' });
    expect(vtepIpOf(s)).toBe('fd00::2');
  });
});
