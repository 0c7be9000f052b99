import { describe, expect, it } from 'vitest';
import { SITE_X, SITE_X2, SITE_Y, labRd, labRt, macFromIp } from '../../../../src/lab/topology/plan.js';
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
  });

  it('keeps every interface name it derives within 15 characters', () => {
    for (const s of [SITE_X, SITE_Y, SITE_X2]) {
      expect(s.underlayIface.length).toBeLessThanOrEqual(MAX_IFNAME);
      for (const h of s.hosts) expect(`${h.name}-p`.length).toBeLessThanOrEqual(MAX_IFNAME);
    }
  });
});
