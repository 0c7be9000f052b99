// MAC mobility between remote VTEPs and us (RFC 7432 §15), seen through the engine's events and UPDATEs.
import { describe, expect, it } from 'vitest';
import { isKnownRoute } from '../../../../../src/core/session-engine/wire/evpn/index.js';
import type { UpdateMessage } from '../../../../../src/core/session-engine/wire/types.js';
import { RouteEngine } from '../../../../../src/core/route-engine/route-engine.js';
import { ManualClock, SPEAKER, announce, attrs, macRoute, network, withdraw } from '../../../../support/evpn-fixtures.js';

const RR = '10.255.0.1';
const V1 = '192.168.100.10';
const V2 = '192.168.100.20';
const LOW = '192.168.100.1'; // lower than our VTEP 192.168.100.2
const MAC = '02:ac:10:ff:00:11';

function setup(): RouteEngine {
  const e = new RouteEngine({ speaker: SPEAKER, clock: new ManualClock() });
  e.peerUp({ address: RR, routerId: RR, ebgp: false });
  e.addNetwork(network(10));
  e.takeUpdates(RR);
  return e;
}

const from = (vtep: string, seq?: number, sticky?: boolean, ip: string | null = null): UpdateMessage =>
  announce(vtep, [macRoute(vtep, MAC, ip)], attrs({ seq, sticky }));

/** The MAC Mobility EC of each type-2 route announced, as [ip, seq, sticky], and withdrawn MACs. */
function macAds(msgs: UpdateMessage[]): { ads: [string | null, number, boolean][]; withdrawn: number } {
  const ads: [string | null, number, boolean][] = [];
  let withdrawn = 0;
  for (const m of msgs) {
    const mm = m.attributes.extCommunities?.find((c) => c.kind === 'mac-mobility');
    for (const n of m.attributes.mpReach?.evpn ?? []) {
      if (isKnownRoute(n) && n.type === 2) ads.push([n.ip, mm?.kind === 'mac-mobility' ? mm.seq : 0, mm?.kind === 'mac-mobility' && mm.sticky]);
    }
    withdrawn += m.attributes.mpUnreach?.evpn.length ?? 0;
  }
  return { ads, withdrawn };
}

describe('remote to remote (RFC 7432 §15.1)', () => {
  it('moves a MAC to the VTEP with the higher sequence number', () => {
    const e = setup();
    e.ingest(RR, from(V1));
    const ev = e.ingest(RR, from(V2, 1));
    expect(ev).toEqual([
      { type: 'vtep-added', vni: 10, vtep: V2, flood: false },
      { type: 'mac-moved', vni: 10, mac: MAC, ips: [], from: V1, vtep: V2, seq: 1, sticky: false },
    ]);
    expect(e.ingest(RR, from(V1, 0))).toEqual([]); // the stale claim from V1 changes nothing
  });

  it('breaks a tie of sequence numbers by the lower VTEP IP', () => {
    const e = setup();
    e.ingest(RR, from(V2, 4));
    expect(e.ingest(RR, from(V1, 4)).map((x) => x.type)).toEqual(['vtep-added', 'mac-moved']);
    const e2 = setup();
    e2.ingest(RR, from(V1, 4));
    expect(e2.ingest(RR, from(V2, 4)).map((x) => x.type)).toEqual(['vtep-added']);
  });

  it('never moves a sticky MAC to a non-sticky claim, whatever its sequence (§15.2)', () => {
    const e = setup();
    e.ingest(RR, from(V2, 0, true));
    expect(e.ingest(RR, from(V1, 99)).map((x) => x.type)).toEqual(['vtep-added']);
  });

  it('falls back to the remaining VTEP when the winner withdraws', () => {
    const e = setup();
    e.ingest(RR, from(V1));
    e.ingest(RR, from(V2, 1));
    expect(e.ingest(RR, withdraw([macRoute(V2, MAC)]))).toEqual([
      { type: 'mac-moved', vni: 10, mac: MAC, ips: [], from: V2, vtep: V1, seq: 0, sticky: false },
      { type: 'vtep-removed', vni: 10, vtep: V2 },
    ]);
  });
});

describe('remote and local', () => {
  it('advertises a remote MAC that appears locally with the remote sequence + 1, and takes it over', () => {
    const e = setup();
    e.ingest(RR, from(V1, 3, false, '10.0.0.11'));
    const ev = e.setLocalMac(10, MAC, 'ovn', ['10.0.0.11']);
    expect(ev).toEqual([{ type: 'mac-removed', vni: 10, mac: MAC, vtep: V1 }]);
    expect(macAds(e.takeUpdates(RR)).ads).toEqual([[null, 4, false], ['10.0.0.11', 4, false]]);
  });

  it('lets a local MAC move away to a remote claim with a higher sequence, and withdraws ours', () => {
    const e = setup();
    e.setLocalMac(10, MAC, 'config', []);
    expect(macAds(e.takeUpdates(RR)).ads).toEqual([[null, 0, false]]);
    const ev = e.ingest(RR, from(V1, 1));
    expect(ev).toEqual([
      { type: 'vtep-added', vni: 10, vtep: V1, flood: false },
      { type: 'mac-moved', vni: 10, mac: MAC, ips: [], from: 'local', vtep: V1, seq: 1, sticky: false },
    ]);
    expect(macAds(e.takeUpdates(RR))).toEqual({ ads: [], withdrawn: 1 });
  });

  it('takes the MAC back above every sequence seen when the remote claim goes', () => {
    const e = setup();
    e.setLocalMac(10, MAC, 'config', []);
    e.ingest(RR, from(V1, 5));
    e.takeUpdates(RR);
    expect(e.ingest(RR, withdraw([macRoute(V1, MAC)])).map((x) => x.type)).toEqual(['mac-removed', 'vtep-removed']);
    expect(macAds(e.takeUpdates(RR)).ads).toEqual([[null, 6, false]]);
  });

  it('on equal sequence keeps the MAC where the VTEP IP is lower: ours against a higher one, theirs against a lower one', () => {
    const e = setup();
    e.setLocalMac(10, MAC, 'config', []);
    expect(e.ingest(RR, from(V1, 0)).map((x) => x.type)).toEqual(['vtep-added']);
    expect(e.ingest(RR, from(LOW, 0)).map((x) => x.type)).toEqual(['vtep-added', 'mac-moved']);
  });

  it('keeps a sticky local MAC against any non-sticky claim and advertises the sticky flag', () => {
    const e = setup();
    e.setLocalMac(10, MAC, 'config', ['10.0.0.11'], { sticky: true });
    expect(macAds(e.takeUpdates(RR)).ads).toEqual([[null, 0, true], ['10.0.0.11', 0, true]]);
    expect(e.ingest(RR, from(V1, 50)).map((x) => x.type)).toEqual(['vtep-added']);
    expect(e.takeUpdates(RR)).toEqual([]);
  });

  it('merges the IPs of a MAC known from config and from OVN, and keeps it until both drop it', () => {
    const e = setup();
    e.setLocalMac(10, MAC, 'config', ['10.0.0.11']);
    e.setLocalMac(10, MAC, 'ovn', ['10.0.0.12', '10.0.0.11']);
    expect(macAds(e.takeUpdates(RR)).ads.map((a) => a[0])).toEqual([null, '10.0.0.11', '10.0.0.12']);
    e.deleteLocalMac(10, MAC, 'config');
    expect(e.takeUpdates(RR)).toEqual([]); // OVN still says 10.0.0.11 and .12
    e.deleteLocalMac(10, MAC, 'ovn');
    expect(macAds(e.takeUpdates(RR)).withdrawn).toBe(3);
  });

  it('syncs one source from a snapshot without touching the other', () => {
    const e = setup();
    e.setLocalMac(10, '02:00:00:00:00:01', 'ovn', []);
    e.setLocalMac(10, '02:00:00:00:00:02', 'ovn', []);
    e.setLocalMac(10, '02:00:00:00:00:03', 'config', []);
    e.takeUpdates(RR);
    e.syncLocalMacs(10, 'ovn', new Map([['02:00:00:00:00:02', ['10.0.0.2']], ['02:00:00:00:00:04', []]]));
    const { ads, withdrawn } = macAds(e.takeUpdates(RR));
    expect(withdrawn).toBe(1);
    expect(ads.map((a) => a[0])).toEqual(['10.0.0.2', null]);
    expect([...e.evi(10).localMacs()].map((m) => m.mac).sort()).toEqual(['02:00:00:00:00:02', '02:00:00:00:00:03', '02:00:00:00:00:04']);
  });
});
