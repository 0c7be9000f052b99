// The shapes behind `evpnctl route list`, the neighbor prefix counts and the network counts.
import { describe, expect, it } from 'vitest';
import type { EvpnNlri } from '../../../../../src/core/session-engine/wire/types.js';
import { RouteEngine } from '../../../../../src/core/route-engine/route-engine.js';
import { macList, networkCounts, prefixCounts, remoteClients, routeList } from '../../../../../src/core/route-engine/evpn/views.js';
import { ManualClock, SPEAKER, ZERO_ESI, announce, attrs, imetRoute, macRoute, network, rt } from '../../../../support/evpn-fixtures.js';

const RR = '10.255.0.1';
const X = '192.168.100.1';

function engine(): RouteEngine {
  const e = new RouteEngine({ speaker: SPEAKER, clock: new ManualClock() });
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
      nextHop: X, originatorIp: null, rts: ['65000:10'], seq: 2, sticky: false, best: true, used: true, stale: false, reflected: false, group: null,
      from: RR, prefix: null,
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

describe('routeList: the route OVN uses for a MAC (RFC 7432 §15)', () => {
  const M = '02:00:00:00:00:01';
  const A = '192.168.100.1';
  const B = '192.168.100.3';
  const rowsOf = (e: RouteEngine) => routeList(e, { type: 2 }).filter((r) => r.mac === M && r.from !== 'local').map((r) => [r.nextHop, r.ip, r.seq, r.best, r.used]);

  it('marks as used only the routes of the VTEP that wins the MAC, though both VTEPs\' routes are best for their RDs', () => {
    const e = engine();
    e.ingest(RR, announce(A, [macRoute(A, M), macRoute(A, M, '10.0.0.1')], attrs({ seq: 1 })));
    e.ingest(RR, announce(B, [macRoute(B, M), macRoute(B, M, '10.0.0.1')], attrs({ seq: 2 })));
    expect(rowsOf(e)).toEqual([
      [A, null, 1, true, false], [A, '10.0.0.1', 1, true, false],
      [B, null, 2, true, true], [B, '10.0.0.1', 2, true, true],
    ]);
    // A moves the MAC back with a higher sequence: the mark follows.
    e.ingest(RR, announce(A, [macRoute(A, M), macRoute(A, M, '10.0.0.1')], attrs({ seq: 3 })));
    expect(rowsOf(e).map((r) => [r[0], r[4]])).toEqual([[A, true], [A, true], [B, false], [B, false]]);
  });

  it('breaks a tie of sequence numbers by the lower VTEP IP (§15.1), and marks none when a local MAC wins', () => {
    const e = engine();
    e.ingest(RR, announce(B, [macRoute(B, M)], attrs({ seq: 4 })));
    e.ingest(RR, announce(A, [macRoute(A, M)], attrs({ seq: 4 })));
    expect(rowsOf(e)).toEqual([[A, null, 4, true, true], [B, null, 4, true, false]]);
    e.setLocalMac(10, M, 'ovn', []);
    expect(rowsOf(e)).toEqual([[A, null, 4, true, false], [B, null, 4, true, false]]);
    expect(routeList(e, { type: 2 }).filter((r) => r.from === 'local').map((r) => [r.mac, r.seq, r.used])).toEqual([[M, 5, true]]);
  });

  it('marks an imported best type 3 as used, and nothing that is not imported or not best', () => {
    const e = engine();
    e.peerUp({ address: '10.255.0.2', routerId: '10.255.0.2', ebgp: false });
    e.ingest(RR, announce(A, [imetRoute(A)], attrs({ pmsiVni: 10 })));
    e.ingest('10.255.0.2', announce(A, [imetRoute(A), macRoute(A, M)]));
    e.ingest(RR, announce(B, [macRoute(B, '02:00:00:00:00:09')], attrs({ rts: [rt(65000, 99)] })));
    expect(routeList(e).filter((r) => r.from !== 'local').map((r) => [r.type, r.from, r.vni, r.best, r.used])).toEqual([
      [2, '10.255.0.2', 10, true, true],
      [3, RR, 10, true, true],
      [3, '10.255.0.2', 10, false, false],
      [2, RR, null, true, false],
    ]);
  });
});

describe('routeList: our own routes sent back to us', () => {
  const OWN = SPEAKER.routerId;
  const reflectedRows = (e: RouteEngine) => routeList(e).filter((r) => r.from !== 'local').map((r) => [r.type, r.rd, r.nextHop, r.vni, r.best, r.used, r.reflected]);

  it('marks them reflected and never imports them: ORIGINATOR_ID ours, our VTEP, or our type-1 RD', () => {
    const e = engine();
    const ebgp = '172.16.0.1';
    e.peerUp({ address: ebgp, routerId: ebgp, ebgp: true });
    // A route reflector: ORIGINATOR_ID = our router id (RFC 4456 §8), next hop unchanged.
    expect(e.ingest(RR, announce(OWN, [macRoute(OWN, '02:00:00:00:00:aa', null, 10, 1)], attrs({ originatorId: OWN })))).toEqual([]);
    // Our type 3 back: its originating IP is our VTEP.
    expect(e.ingest(RR, announce(OWN, [imetRoute(OWN, 1)], attrs({ pmsiVni: 10 })))).toEqual([]);
    // An eBGP peer that rewrote the next hop to itself: our AS in the path, our RD.
    expect(e.ingest(ebgp, announce(ebgp, [macRoute(OWN, '02:00:00:00:00:bb', null, 10, 1)], attrs({ asPath: [65001, 65000] })))).toEqual([]);
    // Without any AS or ORIGINATOR_ID sign (a transparent route server that rewrote the next hop): our RD.
    expect(e.ingest(ebgp, announce(ebgp, [macRoute(OWN, '02:00:00:00:00:cc', null, 10, 1)], attrs({ asPath: [65001] })))).toEqual([]);
    expect(reflectedRows(e)).toEqual([
      [2, `${OWN}:1`, OWN, null, false, false, true],
      [2, `${OWN}:1`, ebgp, null, false, false, true],
      [2, `${OWN}:1`, ebgp, null, false, false, true],
      [3, `${OWN}:1`, OWN, null, false, false, true],
    ]);
    expect(networkCounts(e, 10)).toEqual({ localMacs: 0, remoteMacs: 0, remoteVteps: [], floodVteps: [], duplicateMacs: [] });
  });

  it('refuses a looped route of someone else without calling it ours, and accepts the rest_vtep RD form from another VTEP', () => {
    const e = engine();
    const ebgp = '172.16.0.1';
    e.peerUp({ address: ebgp, routerId: ebgp, ebgp: true });
    e.ingest(ebgp, announce(X, [macRoute(X, '02:00:00:00:00:dd')], attrs({ asPath: [65001, 65000, 65002] })));
    // rest_vtep's RD `<AS>:<VNI>` is the same on every site that kept it: not a sign of our own route.
    const restVtep = { type: 2 as const, rd: { type: 0 as const, asn: 65000, assigned: 10 }, esi: ZERO_ESI, etag: 0, mac: '02:00:00:00:00:ee', ip: null, label1: 10 };
    expect(e.ingest(RR, announce(X, [restVtep])).map((ev) => ev.type)).toEqual(['vtep-added', 'mac-added']);
    expect(reflectedRows(e)).toEqual([
      [2, '65000:10', X, 10, true, true, false],
      [2, `${X}:2`, X, null, false, false, false],
    ]);
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
    expect(networkCounts(e, 10)).toEqual({ localMacs: 1, remoteMacs: 2, remoteVteps: [X, '192.168.100.30'], floodVteps: ['192.168.100.30'], duplicateMacs: [] });
    expect(remoteClients(e, 10)).toEqual([
      { vni: 10, mac: '02:00:00:00:00:01', ip: '10.0.0.1', port: null, source: 'remote', nextHop: X },
      { vni: 10, mac: '02:00:00:00:00:01', ip: '10.0.0.2', port: null, source: 'remote', nextHop: X },
      { vni: 10, mac: '02:00:00:00:00:03', ip: null, port: null, source: 'remote', nextHop: '192.168.100.30' },
    ]);
    expect(() => networkCounts(e, 99)).toThrow(/expected a network with VNI 99, got none/);
  });
});

describe('route filters and the MAC table', () => {
  it('filters by MAC, IP, neighbor, RD and VTEP', () => {
    const e = engine();
    e.ingest(RR, announce(X, [imetRoute(X), macRoute(X, '02:00:00:00:00:01', '10.0.0.1'), macRoute(X, '02:00:00:00:00:02', null)], attrs({ pmsiVni: 10 })));
    const keys = (f: Parameters<typeof routeList>[1]) => routeList(e, f).map((r) => `${r.type} ${r.from} ${r.mac ?? r.originatorIp}`);
    expect(keys({ mac: '02:00:00:00:00:01' })).toEqual([`2 ${RR} 02:00:00:00:00:01`]);
    expect(keys({ ip: '10.0.0.1' })).toEqual([`2 ${RR} 02:00:00:00:00:01`]);
    expect(keys({ ip: X })).toEqual([`3 ${RR} ${X}`]);
    expect(keys({ neighbor: 'local' })).toEqual(['3 local 192.168.100.2']);
    expect(keys({ vtep: X, type: 2 })).toHaveLength(2);
    expect(keys({ rd: '192.168.100.2:1' })).toEqual(['3 local 192.168.100.2']);
    expect(keys({ mac: '02:00:00:00:00:09' })).toEqual([]);
  });

  it('lists each MAC once per VNI: remote with its VTEP and sequence, local with ours, frozen duplicates', () => {
    const e = engine();
    e.ingest(RR, announce(X, [macRoute(X, '02:00:00:00:00:01', '10.0.0.1')], attrs({ seq: 4 })));
    e.setLocalMac(10, '02:00:00:00:00:22', 'config', ['10.0.0.22'], { sticky: true });
    expect(macList(e)).toEqual([
      { vni: 10, mac: '02:00:00:00:00:01', ips: ['10.0.0.1'], where: 'remote', vtep: X, localSeq: null, remoteSeq: 4, sticky: false, duplicate: false },
      { vni: 10, mac: '02:00:00:00:00:22', ips: ['10.0.0.22'], where: 'local', vtep: null, localSeq: 0, remoteSeq: null, sticky: true, duplicate: false },
    ]);
    expect(macList(e, { mac: '02:00:00:00:00:22' }).map((m) => m.where)).toEqual(['local']);
    expect(macList(e, { vni: 11 })).toEqual([]);
  });
});
