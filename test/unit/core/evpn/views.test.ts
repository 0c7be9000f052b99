// The shapes behind `evpnctl route list`, the neighbor prefix counts and the network counts.
import { describe, expect, it } from 'vitest';
import type { EvpnNlri } from '../../../../src/core/bgp/wire/types.js';
import { EvpnEngine } from '../../../../src/core/evpn/engine.js';
import { networkCounts, prefixCounts, remoteClients, routeList } from '../../../../src/core/evpn/views.js';
import { ManualClock, SPEAKER, ZERO_ESI, announce, attrs, imetRoute, macRoute, network } from '../../../support/evpn-fixtures.js';

const RR = '10.255.0.1';
const X = '192.168.100.1';

function engine(): EvpnEngine {
  const e = new EvpnEngine({ speaker: SPEAKER, clock: new ManualClock() });
  e.peerUp({ address: RR, routerId: RR, ebgp: false });
  e.addNetwork(network(10));
  return e;
}

describe('routeList', () => {
  it('shows received and local routes with every RouteView field', () => {
    const e = engine();
    e.ingest(RR, announce(X, [imetRoute(X)], attrs({ pmsiVni: 10 })));
    e.ingest(RR, announce(X, [macRoute(X, '02:00:00:00:00:01', '10.0.0.1')], attrs({ seq: 2 })));
    const rows = routeList(e);
    expect(rows.find((r) => r.type === 2)).toEqual({
      type: 2, rd: '192.168.100.1:2', esi: ZERO_ESI, etag: 0, mac: '02:00:00:00:00:01', ip: '10.0.0.1', vni: 10, label: 10,
      nextHop: X, originatorIp: null, rts: ['65000:10'], seq: 2, sticky: false, best: true, stale: false, from: RR, prefix: null,
    });
    expect(rows.filter((r) => r.type === 3).map((r) => [r.from, r.rd, r.originatorIp, r.label, r.esi])).toEqual([
      [RR, '192.168.100.1:2', X, 10, null],
      ['local', '192.168.100.2:1', '192.168.100.2', 10, null],
    ]);
  });

  it('keeps and shows route types 1, 4 and 5', () => {
    const e = engine();
    const rd = { type: 1 as const, ip: X, assigned: 9 };
    const nlri: EvpnNlri[] = [
      { type: 1, rd, esi: '00:11:22:33:44:55:66:77:88:99', etag: 0, label: 10 },
      { type: 4, rd, esi: '00:11:22:33:44:55:66:77:88:99', originatorIp: X },
      { type: 5, rd, esi: ZERO_ESI, etag: 0, prefix: '10.9.0.0/16', gateway: '0.0.0.0', label: 5010 },
    ];
    expect(e.ingest(RR, announce(X, nlri))).toEqual([]);
    const rows = routeList(e).filter((r) => r.from === RR);
    expect(rows.map((r) => [r.type, r.vni, r.label, r.originatorIp, r.prefix, r.ip])).toEqual([
      [1, 10, 10, null, null, null],
      [4, 10, null, X, null, null],
      [5, 10, 5010, null, '10.9.0.0/16', null],
    ]);
  });

  it('filters by VNI and type, and marks the non-best path of a key', () => {
    const e = engine();
    e.addNetwork(network(20, 2));
    e.peerUp({ address: '10.255.0.2', routerId: '10.255.0.2', ebgp: false });
    const m = macRoute(X, '02:00:00:00:00:01');
    e.ingest(RR, announce(X, [m]));
    e.ingest('10.255.0.2', announce(X, [m]));
    const rows = routeList(e, { vni: 10, type: 2 });
    expect(rows.map((r) => [r.from, r.best])).toEqual([[RR, true], ['10.255.0.2', false]]);
    expect(routeList(e, { vni: 20, type: 2 })).toEqual([]);
    expect(routeList(e, { vni: 20 }).map((r) => [r.type, r.from])).toEqual([[3, 'local']]);
  });
});

describe('counts and clients', () => {
  it('counts received, accepted and advertised routes per neighbor', () => {
    const e = engine();
    e.ingest(RR, announce(X, [imetRoute(X), macRoute(X, '02:00:00:00:00:01')]));
    e.ingest(RR, announce(SPEAKER.routerId, [imetRoute(SPEAKER.routerId, 5)])); // our own VTEP: not accepted
    e.takeUpdates(RR);
    expect(prefixCounts(e, RR)).toEqual({ received: 3, accepted: 2, advertised: 1 });
    expect(prefixCounts(e, '10.9.9.9')).toEqual({ received: 0, accepted: 0, advertised: 0 });
  });

  it('counts local MACs, remote MACs and remote VTEPs per VNI, and lists remote clients per IP', () => {
    const e = engine();
    e.setLocalMac(10, '02:00:00:00:00:aa', 'ovn', ['10.0.0.100']);
    e.ingest(RR, announce(X, [macRoute(X, '02:00:00:00:00:01', '10.0.0.1'), macRoute(X, '02:00:00:00:00:01', '10.0.0.2')]));
    e.ingest(RR, announce('192.168.100.30', [imetRoute('192.168.100.30'), macRoute('192.168.100.30', '02:00:00:00:00:03')], attrs({ pmsiVni: 10 })));
    expect(networkCounts(e, 10)).toEqual({ localMacs: 1, remoteMacs: 2, remoteVteps: [X, '192.168.100.30'], floodVteps: ['192.168.100.30'] });
    expect(remoteClients(e, 10)).toEqual([
      { vni: 10, mac: '02:00:00:00:00:01', ip: '10.0.0.1', port: null, source: 'remote', nextHop: X },
      { vni: 10, mac: '02:00:00:00:00:01', ip: '10.0.0.2', port: null, source: 'remote', nextHop: X },
      { vni: 10, mac: '02:00:00:00:00:03', ip: null, port: null, source: 'remote', nextHop: '192.168.100.30' },
    ]);
    expect(() => networkCounts(e, 99)).toThrow(/expected a network with VNI 99, got none/);
  });
});
