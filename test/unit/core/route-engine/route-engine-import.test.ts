// Import by route target, events exactly once, and the merge of MAC-only and MAC+IP routes.
import { describe, expect, it } from 'vitest';
import { RouteEngine } from '../../../../src/core/route-engine/route-engine.js';
import { routeList } from '../../../../src/core/route-engine/evpn/views.js';
import { ManualClock, SPEAKER, announce, attrs, imetRoute, macRoute, network, rt, withdraw } from '../../../support/evpn-fixtures.js';

const RR = '10.255.0.1';
const X = '192.168.100.1';

function setup(): RouteEngine {
  const e = new RouteEngine({ speaker: SPEAKER, clock: new ManualClock() });
  e.peerUp({ address: RR, routerId: RR, ebgp: false });
  return e;
}

describe('import by route target', () => {
  it('imports by RT, not by RD: FRR\'s RD holds an index (2), the VNI is only in the RT', () => {
    const e = setup();
    e.addNetwork(network(10));
    const events = e.ingest(RR, announce(X, [imetRoute(X, 2)], attrs({ rts: [rt(65000, 10)], pmsiVni: 10 })));
    expect(events).toEqual([{ type: 'vtep-added', vni: 10, vtep: X }]);
    expect(e.ingest(RR, announce('192.168.100.7', [imetRoute('192.168.100.7', 10)], attrs({ rts: [rt(65000, 99)] })))).toEqual([]);
  });

  it('keeps routes that arrive before their network, shows them with vni null, imports them when it is added', () => {
    const e = setup();
    const before = e.ingest(RR, announce(X, [imetRoute(X), macRoute(X, '02:ac:10:ff:00:11', '10.0.0.11')], attrs({ pmsiVni: 10 })));
    expect(before).toEqual([]);
    expect(routeList(e).map((r) => [r.type, r.vni])).toEqual([[2, null], [3, null]]);
    const added = e.addNetwork(network(10));
    expect(added).toEqual([
      { type: 'vtep-added', vni: 10, vtep: X },
      { type: 'mac-added', vni: 10, mac: '02:ac:10:ff:00:11', ips: ['10.0.0.11'], vtep: X, seq: 0, sticky: false },
    ]);
    expect(routeList(e, { vni: 10 }).filter((r) => r.from === RR)).toHaveLength(2);
  });

  it('un-imports on network removal and keeps the routes (vni null again)', () => {
    const e = setup();
    e.addNetwork(network(10));
    e.ingest(RR, announce(X, [imetRoute(X), macRoute(X, '02:ac:10:ff:00:11')], attrs({ pmsiVni: 10 })));
    expect(e.removeNetwork(10)).toEqual([
      { type: 'mac-removed', vni: 10, mac: '02:ac:10:ff:00:11', vtep: X },
      { type: 'vtep-removed', vni: 10, vtep: X },
    ]);
    expect(routeList(e).map((r) => r.vni)).toEqual([null, null]);
    expect(e.addNetwork(network(10))).toHaveLength(2);
  });

  it('imports into a configured RT instead of the automatic one', () => {
    const e = setup();
    e.addNetwork(network(10, 1, { importRts: ['65099:1234'] }));
    expect(e.ingest(RR, announce(X, [imetRoute(X)]))).toEqual([]);
    expect(e.ingest(RR, announce(X, [imetRoute(X, 3)], attrs({ rts: [rt(65099, 1234)], pmsiVni: 10 })))).toHaveLength(1);
  });

  it('imports by the VNI with any AS when the import RT is automatic, as FRR does over eBGP (*:VNI)', () => {
    const e = setup();
    e.addNetwork(network(10));
    const vtepAdded = (vtep: string, rts: ReturnType<typeof rt>[], index: number) =>
      e.ingest(RR, announce(vtep, [imetRoute(vtep, index)], attrs({ rts, pmsiVni: 10 })));
    // An eBGP peer's automatic RT carries its own AS: 65001:10 (2-octet AS form).
    expect(vtepAdded('192.168.100.11', [rt(65001, 10)], 1)).toEqual([{ type: 'vtep-added', vni: 10, vtep: '192.168.100.11' }]);
    // The RFC 8365 §5.1.2.1 form (FRR's `autort rfc8365-compatible`): local administrator VNI | 0x10000000.
    expect(vtepAdded('192.168.100.12', [rt(65001, 0x1000000a)], 1)).toHaveLength(1);
    // 4-octet AS and IPv4 forms, local administrator = VNI (FRR masks their global administrator too).
    const as4 = { kind: 'route-target' as const, rt: { type: 2 as const, asn: 4200000000, assigned: 10 }, transitive: true };
    const ip = { kind: 'route-target' as const, rt: { type: 1 as const, ip: '192.0.2.1', assigned: 10 }, transitive: true };
    expect(vtepAdded('192.168.100.13', [as4], 1)).toHaveLength(1);
    expect(vtepAdded('192.168.100.14', [ip], 1)).toHaveLength(1);
    // Another VNI, whatever the AS, and a D-ID other than 0, are not ours.
    expect(vtepAdded('192.168.100.15', [rt(65001, 11)], 1)).toEqual([]);
    expect(vtepAdded('192.168.100.16', [rt(65001, 0x1100000a)], 1)).toEqual([]);
    expect(routeList(e, { type: 3 }).filter((r) => r.from === RR).map((r) => [r.nextHop, r.vni])).toEqual([
      ['192.168.100.11', 10], ['192.168.100.12', 10], ['192.168.100.13', 10], ['192.168.100.14', 10],
      ['192.168.100.15', null], ['192.168.100.16', null],
    ]);
  });

  it('matches a configured import RT exactly: another AS with the same VNI is not imported', () => {
    const e = setup();
    e.addNetwork(network(10, 1, { importRts: ['65000:10'] }));
    expect(e.ingest(RR, announce(X, [imetRoute(X)], attrs({ rts: [rt(65001, 10)], pmsiVni: 10 })))).toEqual([]);
    expect(e.ingest(RR, announce(X, [imetRoute(X)], attrs({ rts: [rt(65000, 10)], pmsiVni: 10 })))).toHaveLength(1);
  });

  it('imports routes of another AS that came before their network once the network is added with automatic RTs', () => {
    const e = setup();
    e.ingest(RR, announce(X, [imetRoute(X), macRoute(X, '02:ac:10:ff:00:11')], attrs({ rts: [rt(65001, 10)] })));
    expect(e.addNetwork(network(10)).map((ev) => ev.type)).toEqual(['vtep-added', 'mac-added']);
    expect(e.removeNetwork(10).map((ev) => ev.type)).toEqual(['mac-removed', 'vtep-removed']);
    expect(e.addNetwork(network(10, 1, { importRts: ['65000:10'] }))).toEqual([]);
  });

  it('follows a route whose RTs change to another VNI', () => {
    const e = setup();
    e.addNetwork(network(10));
    e.addNetwork(network(20, 2));
    e.ingest(RR, announce(X, [macRoute(X, '02:00:00:00:00:01')], attrs({ rts: [rt(65000, 10)] })));
    const moved = e.ingest(RR, announce(X, [macRoute(X, '02:00:00:00:00:01')], attrs({ rts: [rt(65000, 20)] })));
    expect(moved.map((ev) => [ev.type, ev.vni])).toEqual([
      ['mac-removed', 10], ['vtep-removed', 10], ['vtep-added', 20], ['mac-added', 20],
    ]);
  });
});

describe('events: one per actual change', () => {
  it('merges a MAC-only and MAC+IP routes of one MAC into one MAC with its IP set', () => {
    const e = setup();
    e.addNetwork(network(10));
    const mac = '02:ac:10:ff:00:11';
    const events = e.ingest(RR, announce(X, [macRoute(X, mac), macRoute(X, mac, '10.0.0.11'), macRoute(X, mac, '2001:db8::11')]));
    expect(events).toEqual([
      { type: 'vtep-added', vni: 10, vtep: X, flood: false },
      { type: 'mac-added', vni: 10, mac, ips: ['10.0.0.11', '2001:db8::11'], vtep: X, seq: 0, sticky: false },
    ]);
    expect(e.ingest(RR, withdraw([macRoute(X, mac, '2001:db8::11')]))).toEqual([
      { type: 'mac-added', vni: 10, mac, ips: ['10.0.0.11'], vtep: X, seq: 0, sticky: false },
    ]);
    expect(e.ingest(RR, withdraw([macRoute(X, mac)]))).toEqual([]); // the MAC+IP route still carries it
    expect(e.ingest(RR, withdraw([macRoute(X, mac, '10.0.0.11')]))).toEqual([
      { type: 'mac-removed', vni: 10, mac, vtep: X },
      { type: 'vtep-removed', vni: 10, vtep: X },
    ]);
  });

  it('is idempotent: a replayed UPDATE or a second route reflector causes no events', () => {
    const e = setup();
    e.addNetwork(network(10));
    const update = announce(X, [imetRoute(X), macRoute(X, '02:00:00:00:00:01', '10.0.0.1')]);
    expect(e.ingest(RR, update)).toHaveLength(2);
    expect(e.ingest(RR, update)).toEqual([]);
    e.peerUp({ address: '10.255.0.2', routerId: '10.255.0.2', ebgp: false });
    expect(e.ingest('10.255.0.2', update)).toEqual([]);
    expect(e.ingest(RR, withdraw([imetRoute(X), macRoute(X, '02:00:00:00:00:01', '10.0.0.1')]))).toEqual([]);
    expect(e.peerDown('10.255.0.2', null).map((ev) => ev.type)).toEqual(['mac-removed', 'vtep-removed']);
  });

  it('keys VTEPs by next hop / originating IP, never by the neighbor that sent the route', () => {
    const e = setup();
    e.addNetwork(network(10));
    const events = e.ingest(RR, announce('192.168.100.5', [macRoute('192.168.100.5', '02:00:00:00:00:05')]));
    expect(events[0]).toEqual({ type: 'vtep-added', vni: 10, vtep: '192.168.100.5', flood: false });
    const t3 = e.ingest(RR, announce(RR, [imetRoute('192.168.100.6')], attrs({ pmsiVni: 10 })));
    expect(t3).toEqual([{ type: 'vtep-added', vni: 10, vtep: '192.168.100.6' }]);
  });

  it('adds the VTEP once for its type-3 and type-2 routes, and removes it after its last route', () => {
    const e = setup();
    e.addNetwork(network(10));
    expect(e.ingest(RR, announce(X, [imetRoute(X)], attrs({ pmsiVni: 10 })))).toHaveLength(1);
    expect(e.ingest(RR, announce(X, [macRoute(X, '02:00:00:00:00:01')])).map((ev) => ev.type)).toEqual(['mac-added']);
    // Without its type 3 the VTEP keeps its port for the MAC but leaves the flood list (RFC 8365 §9).
    expect(e.ingest(RR, withdraw([imetRoute(X)]))).toEqual([{ type: 'vtep-added', vni: 10, vtep: X, flood: false }]);
    expect(e.ingest(RR, withdraw([macRoute(X, '02:00:00:00:00:01')])).map((ev) => ev.type)).toEqual(['mac-removed', 'vtep-removed']);
  });

  it('ignores route types it does not keep and treats an MP_REACH without next hop as withdraw', () => {
    const e = setup();
    e.addNetwork(network(10));
    const u = announce(X, [macRoute(X, '02:00:00:00:00:01')]);
    e.ingest(RR, u);
    const noNextHop = announce(X, [macRoute(X, '02:00:00:00:00:01')]);
    if (noNextHop.attributes.mpReach) noNextHop.attributes.mpReach.nextHops = [];
    expect(e.ingest(RR, noNextHop).map((ev) => ev.type)).toEqual(['mac-removed', 'vtep-removed']);
    const unknown = announce(X, []);
    unknown.attributes.mpReach?.evpn.push({ type: 9, raw: new Uint8Array([1, 2]) });
    expect(e.ingest(RR, unknown)).toEqual([]);
  });

  describe('the flood list (RFC 8365 §9) and the VXLAN key (RFC 8365 §5.1.3)', () => {
    it('floods only to a VTEP that sent a type 3 with ingress replication; type 2s alone give unicast only', () => {
      const e = setup();
      e.addNetwork(network(10));
      expect(e.ingest(RR, announce(X, [macRoute(X, '02:00:00:00:00:01')]))).toEqual([
        { type: 'vtep-added', vni: 10, vtep: X, flood: false },
        { type: 'mac-added', vni: 10, mac: '02:00:00:00:00:01', ips: [], vtep: X, seq: 0, sticky: false },
      ]);
      // A type 3 without a PMSI Tunnel, or with another tunnel type, is no BUM tunnel (FRR: "flood: -").
      expect(e.ingest(RR, announce(X, [imetRoute(X)]))).toEqual([]);
      const pim = attrs();
      pim.pmsiTunnel = { flags: 0, tunnelType: 3, label: 10, tunnelId: new Uint8Array(8) };
      expect(e.ingest(RR, announce(X, [imetRoute(X)], pim))).toEqual([]);
      expect(e.evi(10).counts()).toMatchObject({ remoteVteps: [X], floodVteps: [] });
      expect(e.ingest(RR, announce(X, [imetRoute(X)], attrs({ pmsiVni: 10 })))).toEqual([{ type: 'vtep-added', vni: 10, vtep: X }]);
      expect(e.evi(10).counts()).toMatchObject({ remoteVteps: [X], floodVteps: [X] });
    });

    it('programs the key the label carries: a route imported by --import-rt from VNI 20 into VNI 10 has key 20', () => {
      const e = setup();
      e.addNetwork(network(10, 1, { importRts: ['65000:10', '65000:20'] }));
      const from20 = attrs({ rts: [rt(65000, 20)], pmsiVni: 20 });
      expect(e.ingest(RR, announce(X, [imetRoute(X), macRoute(X, '02:00:00:00:00:20', '10.0.0.20', 20)], from20))).toEqual([
        { type: 'vtep-added', vni: 10, vtep: X, key: 20 },
        { type: 'mac-added', vni: 10, mac: '02:00:00:00:00:20', ips: ['10.0.0.20'], vtep: X, key: 20, seq: 0, sticky: false },
      ]);
      // The same VTEP in VNI 10 proper is another (VTEP, key) end, with its own port.
      expect(e.ingest(RR, announce(X, [macRoute(X, '02:00:00:00:00:10', null, 10, 3)]))).toEqual([
        { type: 'vtep-added', vni: 10, vtep: X, flood: false },
        { type: 'mac-added', vni: 10, mac: '02:00:00:00:00:10', ips: [], vtep: X, seq: 0, sticky: false },
      ]);
      expect(e.ingest(RR, withdraw([imetRoute(X), macRoute(X, '02:00:00:00:00:20', '10.0.0.20', 20)]))).toEqual([
        { type: 'mac-removed', vni: 10, mac: '02:00:00:00:00:20', vtep: X, key: 20 },
        { type: 'vtep-removed', vni: 10, vtep: X, key: 20 },
      ]);
    });

    it('a MAC whose label changes at the same VTEP moves to the other key', () => {
      const e = setup();
      e.addNetwork(network(10, 1, { importRts: ['65000:10'] }));
      e.ingest(RR, announce(X, [macRoute(X, '02:00:00:00:00:01', null, 10)]));
      expect(e.ingest(RR, announce(X, [macRoute(X, '02:00:00:00:00:01', null, 30)]))).toEqual([
        { type: 'vtep-added', vni: 10, vtep: X, key: 30, flood: false },
        { type: 'mac-added', vni: 10, mac: '02:00:00:00:00:01', ips: [], vtep: X, key: 30, seq: 0, sticky: false },
        { type: 'vtep-removed', vni: 10, vtep: X },
      ]);
    });

    it('imports no route whose Encapsulation ECs name only other tunnels; no Encap EC is VXLAN (RFC 8365 §5.1.3)', () => {
      const e = setup();
      e.addNetwork(network(10));
      const mpls = attrs();
      mpls.extCommunities = [rt(65000, 10), { kind: 'encapsulation', tunnelType: 10 }];
      expect(e.ingest(RR, announce(X, [macRoute(X, '02:00:00:00:00:01')], mpls))).toEqual([]);
      expect(routeList(e).filter((r) => r.from !== 'local').map((r) => [r.mac, r.vni])).toEqual([['02:00:00:00:00:01', null]]);
      const both = attrs();
      both.extCommunities = [rt(65000, 10), { kind: 'encapsulation', tunnelType: 10 }, { kind: 'encapsulation', tunnelType: 8 }];
      expect(e.ingest(RR, announce(X, [macRoute(X, '02:00:00:00:00:02')], both)).map((ev) => ev.type)).toEqual(['vtep-added', 'mac-added']);
      const none = attrs();
      none.extCommunities = [rt(65000, 10)];
      expect(e.ingest(RR, announce(X, [macRoute(X, '02:00:00:00:00:03')], none)).map((ev) => ev.type)).toEqual(['mac-added']);
    });
  });
});
