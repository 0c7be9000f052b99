import { describe, expect, it } from 'vitest';
import { speakerConfig } from '../../../../src/core/api/inputs.js';

describe('speakerConfig: one VTEP per family', () => {
  it('takes --vtep-ip6 as an IPv6 address in its canonical form', () => {
    expect(speakerConfig({ asn: 65000, routerId: '10.0.0.1', vtepIp: '192.168.100.2', vtepIp6: 'FD00:0:0::2' }))
      .toEqual({ asn: 65000, routerId: '10.0.0.1', listenPort: 179, vtepIp: '192.168.100.2', vtepIp6: 'fd00::2' });
    expect(speakerConfig({ asn: 65000, routerId: '10.0.0.1', vtepIp6: 'fd00::2' })).toMatchObject({ vtepIp6: 'fd00::2' });
  });

  it('refuses an IPv4 --vtep-ip6 and a second IPv6 VTEP, saying what was expected', () => {
    expect(() => speakerConfig({ asn: 65000, routerId: '10.0.0.1', vtepIp6: '192.168.100.2' })).toThrow(/vtepIp6 "192.168.100.2": expected an IPv6 address/);
    expect(() => speakerConfig({ asn: 65000, routerId: '10.0.0.1', vtepIp: 'fd00::1', vtepIp6: 'fd00::2' }))
      .toThrow(/expected an IPv4 VTEP next to the IPv6 VTEP fd00::2 \(one VTEP per family\), got a second IPv6 one/);
  });
});
