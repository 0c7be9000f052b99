import { describe, expect, it } from 'vitest';
import { SITE_X, SITE_X2, SITE_X6, SITE_Y, SITE_Y6, labRd, labRt, macFromIp, underlayAddrArgs } from '../../../../src/lab/topology/plan.js';
import { MAX_IFNAME } from '../../../../src/lab/names.js';

describe('lab plan', () => {
  it("keeps the recipe's addresses", () => {
    expect([SITE_X.vtepIp, SITE_Y.vtepIp, SITE_X2.vtepIp]).toEqual(['192.168.100.1', '192.168.100.2', '192.168.100.3']);
    expect(SITE_X.hosts).toEqual([{ name: 'h1', ip: '10.0.0.11', mac: '02:ac:10:ff:00:11' }]);
    expect(SITE_Y.hosts).toEqual([{ name: 'vm1', ip: '10.0.0.22', mac: '02:ac:10:ff:00:22' }]);
  });

  it('derives RD, RT and bridge MACs', () => {
    expect(labRd('192.168.100.2')).toBe('192.168.100.2:10');
    expect(labRt()).toBe('65000:10');
    expect(labRt(10, 4200000000)).toBe(`${4200000000 & 0xffff}:10`);
    expect(macFromIp('192.168.100.2')).toBe('02:00:c0:a8:64:02');
    expect(macFromIp('fd00:100::2')).toBe('02:00:00:00:00:02');
    expect(macFromIp('fd00:100::a:bc02')).toBe('02:00:00:0a:bc:02');
    expect(macFromIp('2001:db8:1:2:3:4:5:6')).toBe('02:00:00:05:00:06');
  });

  it('puts IPv6 underlay addresses on a /64 without duplicate address detection, IPv4 on the /24', () => {
    expect(underlayAddrArgs('192.168.100.1')).toEqual(['192.168.100.1/24']);
    expect(underlayAddrArgs('fd00:100::1')).toEqual(['fd00:100::1/64', 'nodad']);
    expect([SITE_X6.vtepIp, SITE_Y6.vtepIp]).toEqual(['fd00:100::1', 'fd00:100::2']);
  });

  it('keeps every interface name it derives within 15 characters', () => {
    for (const s of [SITE_X, SITE_Y, SITE_X2]) {
      expect(s.underlayIface.length).toBeLessThanOrEqual(MAX_IFNAME);
      for (const h of s.hosts) expect(`${h.name}-p`.length).toBeLessThanOrEqual(MAX_IFNAME);
    }
  });
});
