// Our own routes, field by field, as FRR 8.4 sends them (DESIGN.md "Protocol facts").
import { describe, expect, it } from 'vitest';
import type { ExtendedCommunity, UpdateMessage } from '../../../../../src/core/session-engine/wire/types.js';
import { RouteEngine } from '../../../../../src/core/route-engine/route-engine.js';
import { ManualClock, SPEAKER, network } from '../../../../support/evpn-fixtures.js';

const IBGP = '10.255.0.1';
const EBGP = '172.16.0.1';

function engine(speaker = SPEAKER): RouteEngine {
  const e = new RouteEngine({ speaker, clock: new ManualClock() });
  e.peerUp({ address: IBGP, routerId: IBGP, ebgp: false });
  e.peerUp({ address: EBGP, routerId: EBGP, ebgp: true });
  return e;
}

const routes = (msgs: UpdateMessage[]) => msgs.flatMap((m) => (m.attributes.mpReach?.evpn ?? []).map((nlri) => ({ nlri, m })));
const ecKinds = (ecs: ExtendedCommunity[] | undefined) => (ecs ?? []).map((c) => c.kind);

describe('type-3 origination (RFC 7432 §11, RFC 8365 §5.1.3, RFC 6514 §5)', () => {
  it('carries PMSI ingress replication with label = VNI and tunnel id = our VTEP, RD router-id:index, auto RT', () => {
    const e = engine();
    e.addNetwork(network(10, 2));
    const [r] = routes(e.takeUpdates(IBGP));
    expect(r?.nlri).toEqual({ type: 3, rd: { type: 1, ip: '192.168.100.2', assigned: 2 }, etag: 0, originatorIp: '192.168.100.2' });
    const a = r?.m.attributes;
    expect(a?.pmsiTunnel).toEqual({ flags: 0, tunnelType: 6, label: 10, tunnelId: '192.168.100.2' });
    expect(a?.mpReach).toMatchObject({ afi: 25, safi: 70, nextHops: ['192.168.100.2'] });
    expect(a?.extCommunities).toEqual([
      { kind: 'route-target', rt: { type: 0, asn: 65000, assigned: 10 }, transitive: true },
      { kind: 'encapsulation', tunnelType: 8 },
    ]);
    expect(a).toMatchObject({ origin: 0, asPath: [], localPref: 100 });
  });

  it('advertises the IPv4 VTEP when there are both, and the IPv6 one (next hop, originating IP, PMSI tunnel id) when it is the only one', () => {
    const dual = engine({ asn: 65000, routerId: '10.0.0.2', vtepIp: '192.168.200.2', vtepIp6: 'fd00:200::2', listenPort: 179 });
    dual.addNetwork(network(10, 1));
    const [d] = routes(dual.takeUpdates(IBGP));
    expect(d?.nlri).toMatchObject({ type: 3, originatorIp: '192.168.200.2' });
    expect(d?.m.attributes.mpReach?.nextHops).toEqual(['192.168.200.2']);
    const v6 = engine({ asn: 65000, routerId: '10.0.0.2', vtepIp6: 'fd00:200::2', listenPort: 179 });
    v6.addNetwork(network(10, 1));
    v6.setLocalMac(10, '02:00:00:00:00:01', 'config', ['10.0.0.1']);
    const rs = routes(v6.takeUpdates(IBGP));
    expect(rs.map((r) => r.m.attributes.mpReach?.nextHops)).toEqual([['fd00:200::2'], ['fd00:200::2'], ['fd00:200::2']]);
    const t3 = rs.find((r) => r.nlri.type === 3);
    expect(t3?.nlri).toMatchObject({ originatorIp: 'fd00:200::2', rd: { type: 1, ip: '10.0.0.2', assigned: 1 } });
    expect(t3?.m.attributes.pmsiTunnel).toEqual({ flags: 0, tunnelType: 6, label: 10, tunnelId: 'fd00:200::2' });
  });

  it('uses the own VTEP IP, an explicit RD and configured RTs when given, and derives the auto RT from AS & 0xFFFF', () => {
    const e = engine({ asn: 4200000001, routerId: '10.0.0.2', vtepIp: '192.168.200.2', listenPort: 179 });
    e.addNetwork(network(5000, 1, { rd: '65000:77', exportRts: ['65000:1', '10.1.1.1:5'] }));
    e.addNetwork(network(6000, 2));
    const rs = routes(e.takeUpdates(IBGP));
    const [r5000, r6000] = rs;
    expect(r5000?.nlri).toMatchObject({ rd: { type: 0, asn: 65000, assigned: 77 }, originatorIp: '192.168.200.2' });
    expect(r5000?.m.attributes.extCommunities?.slice(0, 2)).toEqual([
      { kind: 'route-target', rt: { type: 0, asn: 65000, assigned: 1 }, transitive: true },
      { kind: 'route-target', rt: { type: 1, ip: '10.1.1.1', assigned: 5 }, transitive: true },
    ]);
    expect(r6000?.nlri).toMatchObject({ rd: { type: 1, ip: '10.0.0.2', assigned: 2 } });
    expect(r6000?.m.attributes.extCommunities?.[0]).toEqual(
      { kind: 'route-target', rt: { type: 0, asn: 4200000001 & 0xffff, assigned: 6000 }, transitive: true });
  });

  it('sends eBGP peers our AS in AS_PATH and no LOCAL_PREF (RFC 4271 §5.1.2, §5.1.5)', () => {
    const e = engine();
    e.addNetwork(network(10));
    const a = routes(e.takeUpdates(EBGP))[0]?.m.attributes;
    expect(a?.asPath).toEqual([{ type: 2, asns: [65000] }]);
    expect(a?.localPref).toBeUndefined();
  });
});

describe('type-2 origination (RFC 7432 §7.2, RFC 8365 §5.1.3)', () => {
  it('sends a MAC-only route plus one MAC+IP route per IP: ESI 0, etag 0, label = VNI, Encap VXLAN, no mobility EC at seq 0', () => {
    const e = engine();
    e.addNetwork(network(10));
    e.takeUpdates(IBGP);
    e.setLocalMac(10, '02:AC:10:FF:00:22', 'ovn', ['10.0.0.22', '2001:db8::22']);
    const rs = routes(e.takeUpdates(IBGP));
    expect(rs.map((r) => r.nlri)).toEqual([null, '10.0.0.22', '2001:db8::22'].map((ip) => ({
      type: 2, rd: { type: 1, ip: '192.168.100.2', assigned: 1 }, esi: '00:00:00:00:00:00:00:00:00:00', etag: 0,
      mac: '02:ac:10:ff:00:22', ip, label1: 10,
    })));
    expect(new Set(rs.map((r) => r.m)).size).toBe(1); // identical attributes: one UPDATE
    const a = rs[0]?.m.attributes;
    expect(ecKinds(a?.extCommunities)).toEqual(['route-target', 'encapsulation']);
    expect(a?.pmsiTunnel).toBeUndefined();
    expect(a?.mpReach?.nextHops).toEqual(['192.168.100.2']);
  });

  it('adds the MAC Mobility EC when the sequence is above 0 or the MAC is sticky (RFC 7432 §7.7)', () => {
    const e = engine();
    e.addNetwork(network(10));
    e.takeUpdates(IBGP);
    e.setLocalMac(10, '02:00:00:00:00:01', 'config', [], { sticky: true });
    const ecs = routes(e.takeUpdates(IBGP))[0]?.m.attributes.extCommunities;
    expect(ecs?.at(-1)).toEqual({ kind: 'mac-mobility', sticky: true, seq: 0 });
  });

  it('packs many MACs of one network into few UPDATEs of at most 4096 bytes', () => {
    const e = engine();
    e.addNetwork(network(10));
    e.takeUpdates(IBGP);
    for (let i = 0; i < 300; i++) e.setLocalMac(10, `02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`, 'ovn', []);
    const msgs = e.takeUpdates(IBGP);
    expect(routes(msgs)).toHaveLength(300);
    expect(msgs.length).toBe(3); // 35-byte routes, ~114 per 4096-byte message
  });

  it('withdraws a MAC\'s routes when it goes, and only the IP route when an IP goes', () => {
    const e = engine();
    e.addNetwork(network(10));
    e.setLocalMac(10, '02:00:00:00:00:01', 'ovn', ['10.0.0.1', '10.0.0.2']);
    e.takeUpdates(IBGP);
    e.setLocalMac(10, '02:00:00:00:00:01', 'ovn', ['10.0.0.1']);
    const m = e.takeUpdates(IBGP);
    expect(m.flatMap((x) => x.attributes.mpUnreach?.evpn ?? [])).toMatchObject([{ type: 2, ip: '10.0.0.2' }]);
    expect(routes(m)).toEqual([]);
    e.removeNetwork(10);
    expect(e.takeUpdates(IBGP).flatMap((x) => x.attributes.mpUnreach?.evpn ?? []).map((n) => n.type).sort()).toEqual([2, 2, 3]);
  });
});
