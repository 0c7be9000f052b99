import { describe, expect, it } from 'vitest';
import { macIpArgs, multicastArgs } from '../../../src/lab/gobgp-evpn.js';

const rt = ['65000:10'];

describe('gobgp EVPN route arguments', () => {
  it("builds the recipe's type-3 with PMSI ingress replication, and its delete", () => {
    const r = { vtep: '192.168.100.2', rd: '192.168.100.2:10', rts: rt, vni: 10 };
    expect(multicastArgs('add', r).join(' ')).toBe(
      'global rib -a evpn add multicast 192.168.100.2 etag 0 rd 192.168.100.2:10 rt 65000:10 encap vxlan pmsi ingress-repl 10 192.168.100.2');
    expect(multicastArgs('del', r).join(' ')).toBe('global rib -a evpn del multicast 192.168.100.2 etag 0 rd 192.168.100.2:10');
    expect(multicastArgs('add', { ...r, pmsi: false, nexthop: '192.168.100.7' }).join(' ')).toMatch(/encap vxlan nexthop 192\.168\.100\.7$/);
  });

  it("builds the recipe's type-2 (label = VNI), MAC-only as 0.0.0.0, and mobility", () => {
    const r = { mac: '02:ac:10:ff:00:22', ip: '10.0.0.22', vni: 10, rd: '192.168.100.2:10', rts: rt };
    expect(macIpArgs('add', r).join(' ')).toBe(
      'global rib -a evpn add macadv 02:ac:10:ff:00:22 10.0.0.22 etag 0 label 10 rd 192.168.100.2:10 rt 65000:10 encap vxlan');
    expect(macIpArgs('del', { ...r, ip: undefined }).join(' ')).toBe(
      'global rib -a evpn del macadv 02:ac:10:ff:00:22 0.0.0.0 etag 0 label 10 rd 192.168.100.2:10');
  });
});
