import { describe, expect, it } from 'vitest';
import { learnedFrom } from '../../../../src/lab/topology/v6-underlay.js';

// Paths as gobgp 3.10 prints them with `-j global rib -a evpn` (captured in the IPv6 lab, trimmed).
const RIB = {
  '[type:macadv][rd:10.255.0.2:1][etag:0][mac:02:ac:10:ff:00:22][ip:10.0.0.22]': [{
    nlri: { type: 2, value: { mac: '02:ac:10:ff:00:22', ip: '10.0.0.22', labels: [10] } }, best: true, 'neighbor-ip': 'fd00:100::2',
    attrs: [{ type: 1, value: 0 }, { type: 14, nexthop: 'fd00:100::2', afi: 25, safi: 70 }],
  }],
  '[type:multicast][rd:10.255.0.2:1][etag:0][ip:fd00:100::2]': [{
    nlri: { type: 3, value: { etag: 0, ip: 'fd00:100::2' } }, 'neighbor-ip': 'fd00:100::2',
    attrs: [{ type: 22, 'tunnel-type': 6, label: 10, 'tunnel-id': 'fd00:100::2' }, { type: 14, nexthop: 'fd00:100::2' }],
  }],
  '[type:multicast][rd:10.255.0.9:1][etag:0][ip:fd00:100::9]': [{
    nlri: { type: 3, value: { etag: 0, ip: 'fd00:100::9' } }, 'neighbor-ip': 'fd00:100::2', attrs: [{ type: 14, nexthop: 'fd00:100::9' }],
  }],
  '[type:macadv][rd:10.255.0.1:10][etag:0][mac:02:ac:10:ff:00:11][ip:10.0.0.11]': [{
    nlri: { type: 2, value: { mac: '02:ac:10:ff:00:11' } }, attrs: [{ type: 14, nexthop: 'fd00:100::1' }],
  }],
};

describe('learnedFrom (what a kernel VTEP installs from a neighbor\'s routes in gobgpd)', () => {
  it('floods to type 3s with ingress replication only, points MACs at their next hop, and ignores other neighbors\' and local routes', () => {
    expect(learnedFrom(RIB, 'fd00:100::2')).toEqual({ floodVteps: ['fd00:100::2'], macs: [{ mac: '02:ac:10:ff:00:22', vtep: 'fd00:100::2' }] });
    expect(learnedFrom(RIB, 'fd00:100::7')).toEqual({ floodVteps: [], macs: [] });
  });
});
