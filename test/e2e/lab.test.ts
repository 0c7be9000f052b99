// Proves the lab itself, without evpnctl: the recipe's static mode pings across VXLAN VNI 10 (and across
// three sites on a bridged underlay), FRR and gobgpd exchange EVPN routes that FRR turns into FDB entries,
// and os-ken peers with gobgpd. Every run tears down and checks that nothing of it is left.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGobgp, type GobgpInstance } from '../../src/lab/gobgp.js';
import { ping } from '../../src/lab/hosts.js';
import { BUM_MAC, fdbShow, floodVteps } from '../../src/lab/kernel-vtep.js';
import { txChecksumState } from '../../src/lab/netns.js';
import { startOsken, type OskenSpeaker } from '../../src/lab/osken.js';
import { assertLabPrerequisites } from '../../src/lab/prereqs.js';
import { waitFor } from '../../src/lab/wait.js';
import { labRd, labRt } from '../../src/lab/topology/plan.js';
import { buildSpeakerPair, type SpeakerPair } from '../../src/lab/topology/speaker-pair.js';
import { installStaticEvpn } from '../../src/lab/topology/static-evpn.js';
import { buildTwoSiteLab, type TwoSiteLab } from '../../src/lab/topology/two-site.js';
import { captureVxlan, waitReachable } from '../../src/lab/topology/verify.js';
import { downAndVerify, keepLabLogs } from '../support/lab-teardown.js';

const keepDir = keepLabLogs;

function hostOf(lab: TwoSiteLab, name: string) {
  const h = lab.hosts[name];
  if (!h) throw new Error(`expected host ${name}, have ${Object.keys(lab.hosts).join(', ')}`);
  return h;
}

beforeAll(async () => {
  await assertLabPrerequisites();
});

describe('static two-site lab (no BGP): h1 in FRR site X <-> vm1 on OVN site Y', () => {
  let lab: TwoSiteLab | undefined;
  beforeAll(async () => {
    lab = await buildTwoSiteLab({ runOptions: { description: 'e2e static', keepDir } });
  });
  afterAll(() => downAndVerify(lab));

  it('does not forward before the EVPN state is programmed (the ping below can fail)', async () => {
    if (!lab) throw new Error('lab not built');
    const r = await ping(hostOf(lab, 'h1'), hostOf(lab, 'vm1').ip, { count: 1, waitS: 1 });
    expect(r.received).toBe(0);
  });

  it('pings both ways once the vxlan port + LSP (Y) and the FDB (X) exist, with VNI 10 on the underlay', async () => {
    if (!lab) throw new Error('lab not built');
    const l = lab;
    const h1 = hostOf(l, 'h1');
    const vm1 = hostOf(l, 'vm1');
    const ports = await installStaticEvpn(l.y, [l.x], l.vni);
    expect(ports).toEqual([{ lsp: 'evpn-10-192.168.100.1', port: 'vx10-c0a86401' }]);
    expect((await l.y.ovn.nbctl('lsp-get-addresses', 'evpn-10-192.168.100.1')).trim())
      .toBe('02:ac:10:ff:00:11 10.0.0.11\nunknown');
    const { packets } = await captureVxlan(l.run, l.x.netns, 'ux0', 'static.pcap', async () => {
      await waitReachable(h1, vm1.ip);
      expect(await ping(h1, vm1.ip)).toMatchObject({ transmitted: 3, received: 3 });
      expect(await ping(vm1, h1.ip)).toMatchObject({ transmitted: 3, received: 3 });
    });
    const icmp = (src: string, dst: string) => packets.filter((p) => p.src === src && p.dst === dst && p.inner === 'icmp');
    expect(icmp('192.168.100.1', '192.168.100.2').length).toBeGreaterThanOrEqual(6);
    expect(icmp('192.168.100.2', '192.168.100.1').length).toBeGreaterThanOrEqual(6);
    expect(new Set(packets.map((p) => p.vni))).toEqual(new Set([10]));
    expect(packets.some((p) => p.inner === 'arp')).toBe(true);
  });
});

describe('three sites on a bridged underlay (static): X, X2 and Y', () => {
  let lab: TwoSiteLab | undefined;
  beforeAll(async () => {
    lab = await buildTwoSiteLab({ thirdSite: true, runOptions: { description: 'e2e three-site', keepDir } });
  });
  afterAll(() => downAndVerify(lab));

  it('turns TX checksum offload off on every underlay veth end (lab-recipe P2)', async () => {
    if (!lab) throw new Error('lab not built');
    expect(lab.underlay.kind).toBe('bridge');
    const uNs = lab.underlay.netns ?? '';
    const ends = [
      ...lab.underlay.members.map((m) => ({ netns: m.netns, name: m.iface })),
      ...lab.underlay.members.map((_m, i) => ({ netns: uNs, name: `up${i}` })),
    ];
    for (const end of ends) expect(`${end.name}: ${await txChecksumState(end)}`).toBe(`${end.name}: off`);
  });

  it('pings h1b <-> vm1 and h1b <-> h1 across the shared underlay', async () => {
    if (!lab) throw new Error('lab not built');
    const [h1, h1b, vm1] = [hostOf(lab, 'h1'), hostOf(lab, 'h1b'), hostOf(lab, 'vm1')];
    await installStaticEvpn(lab.y, lab.x2 ? [lab.x, lab.x2] : [lab.x], lab.vni);
    expect(await floodVteps(lab.x.vtep)).toEqual(expect.arrayContaining(['192.168.100.2', '192.168.100.3']));
    await waitReachable(h1b, vm1.ip);
    expect(await ping(h1b, vm1.ip)).toMatchObject({ transmitted: 3, received: 3 });
    expect(await ping(vm1, h1b.ip)).toMatchObject({ transmitted: 3, received: 3 });
    expect(await ping(h1b, h1.ip)).toMatchObject({ transmitted: 3, received: 3 });
  });
});

describe('FRR (site X) <-> gobgpd as stand-in speaker in site Y', () => {
  let lab: TwoSiteLab | undefined;
  let gobgp: GobgpInstance | undefined;
  const rd = labRd('192.168.100.2');
  beforeAll(async () => {
    lab = await buildTwoSiteLab({ frr: true, runOptions: { description: 'e2e frr-gobgp', keepDir } });
    gobgp = await startGobgp(lab.run, lab.y.netns, 'y', {
      asn: 65000, routerId: '192.168.100.2', listenAddresses: ['192.168.100.2'],
      neighbors: [{ address: '192.168.100.1', peerAs: 65000, localAddress: '192.168.100.2' }],
    });
  });
  afterAll(() => downAndVerify(lab));

  it('reaches Established on both sides', async () => {
    if (!lab || !gobgp) throw new Error('lab not built');
    await gobgp.waitEstablished('192.168.100.1');
    await lab.frr.x?.waitEstablished('192.168.100.2');
    expect((await lab.frr.x?.neighbors())?.['192.168.100.2']?.bgpState).toBe('Established');
  });

  it("receives FRR's type-3 with PMSI ingress replication, label = VNI, tunnel = X's VTEP", async () => {
    if (!gobgp) throw new Error('lab not built');
    const g = gobgp;
    const path = await waitFor("FRR's type-3 in gobgpd's RIB", async () => {
      const rib = await g.evpnRib();
      const key = Object.keys(rib).find((k) => k.startsWith('[type:multicast]') && k.includes('[ip:192.168.100.1]'));
      return key ? rib[key]?.[0] : undefined;
    });
    const attrs = (path as { attrs: { type: number }[] }).attrs;
    expect(attrs.find((a) => a.type === 22)).toMatchObject({ 'tunnel-type': 6, label: 10, 'tunnel-id': '192.168.100.1' });
  });

  it('installs the BUM FDB entry from a gobgp type-3 with PMSI, and the MAC entry from a type-2', async () => {
    if (!lab || !gobgp) throw new Error('lab not built');
    const x = lab.x;
    expect(await floodVteps(x.vtep)).toEqual([]);
    await gobgp.addMulticast({ vtep: '192.168.100.2', rd, rts: [labRt()], vni: 10 });
    await gobgp.addMacIp({ mac: '02:ac:10:ff:00:22', ip: '10.0.0.22', vni: 10, rd, rts: [labRt()] });
    await waitFor('FRR to install 00:00:00:00:00:00 dst 192.168.100.2', async () =>
      ((await floodVteps(x.vtep)).includes('192.168.100.2') ? true : undefined));
    const entries = await waitFor('FRR to install the vm1 MAC towards Y', async () => {
      const fdb = await fdbShow(x.netns, x.vtep.vxlanDev);
      return fdb.some((e) => e.mac === '02:ac:10:ff:00:22' && e.dst === '192.168.100.2') ? fdb : undefined;
    });
    expect(entries.find((e) => e.mac === BUM_MAC)).toMatchObject({ dst: '192.168.100.2', flags: expect.arrayContaining(['self']) });
    expect((await lab.frr.x?.evpnMacs(10))?.['02:ac:10:ff:00:22']).toMatchObject({ type: 'remote', remoteVtep: '192.168.100.2' });
  });
});

describe('os-ken BGPSpeaker <-> gobgpd (speaker-pair topology)', () => {
  let pair: SpeakerPair | undefined;
  let osken: OskenSpeaker | undefined;
  beforeAll(async () => {
    pair = await buildSpeakerPair({ peer: 'gobgp', runOptions: { description: 'e2e osken-gobgp', keepDir } });
    osken = await startOsken(pair.run, pair.speaker.netns, 'spk', { asn: 65000, routerId: pair.speaker.ip, listenHosts: [pair.speaker.ip] });
  });
  afterAll(() => downAndVerify(pair));

  it('comes up and exchanges type-3 routes both ways', async () => {
    if (!pair || !osken) throw new Error('pair not built');
    const g = pair.peer.gobgp;
    if (!g) throw new Error('expected gobgpd in the peer netns');
    await osken.addEvpnVrf({ rd: labRd(pair.speaker.ip), importRts: [labRt()], exportRts: [labRt()] });
    await osken.addNeighbor({ address: pair.peer.ip, remoteAs: 65000, localAddress: pair.speaker.ip });
    await osken.addMulticast({ rd: labRd(pair.speaker.ip), vtep: pair.speaker.ip, vni: 10 });
    await g.addMulticast({ vtep: pair.peer.ip, rd: labRd(pair.peer.ip), rts: [labRt()], vni: 10 });
    await osken.waitPeerUp(pair.peer.ip);
    await g.waitEstablished(pair.speaker.ip);
    const best = await osken.log.waitFor('os-ken best path for the gobgp type-3', (e) => e.event === 'best-path' && e.ip === pair?.peer.ip);
    expect(best).toMatchObject({ route_type: 'multicast_etag', withdraw: false, nexthop: pair.peer.ip });
    await waitFor("os-ken's type-3 in gobgpd's RIB", async () =>
      (Object.keys(await g.evpnRib()).some((k) => k.startsWith('[type:multicast]') && k.includes(`[ip:${pair?.speaker.ip}]`)) ? true : undefined));
  });
});

describe('speaker pair with an FRR peer (eBGP, timers, graceful restart)', () => {
  let pair: SpeakerPair | undefined;
  beforeAll(async () => {
    pair = await buildSpeakerPair({
      peer: 'frr', peerAsn: 65001, speakerAsn: 65002, runOptions: { description: 'e2e frr-peer', keepDir },
      frrNeighbor: { keepaliveS: 1, holdS: 3, passive: true, gracefulRestart: 'helper', advertisementIntervalS: 0 },
      frr: { gracefulRestart: { restartTimeS: 30, stalepathTimeS: 60 }, vnis: [{ vni: 10, importRts: ['65002:10'] }] },
    });
  });
  afterAll(() => downAndVerify(pair));

  it('FRR 8.4 accepts every generated line, and bgpd restarts in place', async () => {
    const frr = pair?.peer.frr;
    if (!frr) throw new Error('pair not built');
    const config = await frr.vtysh('show running-config');
    for (const line of [' neighbor 192.168.100.2 remote-as 65002', ' neighbor 192.168.100.2 passive', ' neighbor 192.168.100.2 timers 1 3',
      ' neighbor 192.168.100.2 graceful-restart-helper', ' bgp graceful-restart restart-time 30', ' bgp graceful-restart stalepath-time 60',
      '   route-target import 65002:10', '  advertise-all-vni']) {
      expect(config.split('\n')).toContain(line);
    }
    expect(await frr.vtyshJson('show evpn vni json')).toMatchObject({ 10: { vni: 10, vxlanIf: 'vxlan10' } });
    const before = frr.bgpd.pid;
    await frr.restartBgpd();
    expect(frr.bgpd.pid).not.toBe(before);
    expect(Object.keys(await frr.neighbors())).toEqual(['192.168.100.2']);
  });
});
