// Configuration changes as an Established peer sees them: configured clients and OVN MACs become
// type-2 routes, a new network is originated and asks the peer for a refresh, a new speaker identity
// resets everything; and what the metrics sink is told.
import { afterEach, describe, expect, it } from 'vitest';
import type { MetricsSink } from '../../../../../src/core/metrics/sink.js';
import { NOOP_SINK } from '../../../../../src/core/metrics/sink.js';
import type { EvpnMacIp } from '../../../../../src/core/session-engine/wire/types.js';
import { announce, macRoute } from '../../../../support/evpn-fixtures.js';
import type { RawBgpPeer } from '../../../../support/raw-bgp-peer.js';
import { Harness, PEER_ADDRESS, net10, speaker, state } from './harness.js';

let h: Harness;
let peer: RawBgpPeer | undefined;
afterEach(async () => {
  peer?.destroy();
  await h.close();
});

async function up(metrics: MetricsSink = NOOP_SINK): Promise<RawBgpPeer> {
  h = new Harness(metrics);
  await h.apply(state());
  peer = await h.established();
  await peer.updatesUntilEor();
  return peer;
}

const macRoutes = async (p: RawBgpPeer): Promise<[string, string | null][]> => {
  const u = await p.expect('update');
  return (u.attributes.mpReach?.evpn ?? []).map((r) => [(r as EvpnMacIp).mac, (r as EvpnMacIp).ip]);
};

describe('local MACs', () => {
  it('advertises a configured client as MAC-only and MAC+IP type-2 routes, and withdraws it when deleted', async () => {
    const p = await up();
    const client = { vni: 10, mac: '02:ac:10:ff:00:22', port: 'vm1', ip: '10.0.0.22' };
    expect(await h.apply(state({ clients: [client] }))).toEqual([]);
    expect(await macRoutes(p)).toEqual([['02:ac:10:ff:00:22', null], ['02:ac:10:ff:00:22', '10.0.0.22']]);
    await h.apply(state());
    const w = await p.expect('update');
    expect(w.attributes.mpUnreach?.evpn.map((r) => (r as EvpnMacIp).ip)).toEqual([null, '10.0.0.22']);
  });

  it('advertises OVN MACs and lists them as clients', async () => {
    const p = await up();
    await h.queue.run(() => h.service.setLocalMacs(10, new Map([['02:AC:10:FF:00:33', ['10.0.0.33']], ['not-a-mac', []]])));
    expect(await macRoutes(p)).toEqual([['02:ac:10:ff:00:33', null], ['02:ac:10:ff:00:33', '10.0.0.33']]);
    expect(h.service.learnedClients(10)).toEqual([
      { vni: 10, mac: '02:ac:10:ff:00:33', ip: '10.0.0.33', port: null, source: 'ovn', nextHop: '10.0.0.1' },
    ]);
    expect(h.service.network(10)).toMatchObject({ localMacs: 1, remoteMacs: 0 });
  });
});

describe('networks and the speaker', () => {
  it('originates a new network and asks the peer to refresh (RFC 2918)', async () => {
    const p = await up();
    await h.apply(state({ networks: [net10, { ...net10, vni: 20, logicalSwitch: 'ls1', index: 2 }] }));
    expect(await p.expect('update')).toMatchObject({ attributes: { mpReach: { evpn: [{ type: 3, rd: { assigned: 2 } }] } } });
    expect(await p.expect('route-refresh')).toMatchObject({ afi: 25, safi: 70, subtype: 0 });
  });

  it('withdraws a removed network and returns its remote state as removals', async () => {
    const p = await up();
    p.send(announce('192.168.100.1', [macRoute('192.168.100.1', '02:00:00:00:00:01')]));
    await h.until((e) => e.length === 2);
    const events = await h.apply(state({ networks: [] }));
    expect(events.map((e) => e.type)).toEqual(['mac-removed', 'vtep-removed']);
    expect((await p.expect('update')).attributes.mpUnreach?.evpn.map((r) => r.type)).toEqual([3]);
    expect(h.service.routes({})).toMatchObject([{ mac: '02:00:00:00:00:01', vni: null }]);
  });

  it('resets every session with Cease / Other Configuration Change when the router id changes', async () => {
    const p = await up();
    await h.apply(state({ speaker: speaker({ routerId: '10.0.0.9' }) }));
    expect(await p.notification()).toMatchObject({ code: 6, subcode: 6 });
    expect(h.service.neighbor(PEER_ADDRESS).state).not.toBe('established');
  });

  it('is disabled without a speaker, and lets go of the listener', async () => {
    await up();
    const port = h.port;
    await h.apply({ neighbors: [], networks: [], clients: [] });
    expect(h.service.status()).toEqual({ state: 'disabled', lastError: null });
    expect(h.service.listenPort).toBeNull();
    expect(port).toBeGreaterThan(0);
    expect(h.service.routeCounts()).toEqual({ local: 0, remote: 0 });
  });
});

describe('metrics', () => {
  it('counts messages and routes in both directions', async () => {
    const seen: string[] = [];
    const sink: MetricsSink = {
      ...NOOP_SINK,
      bgpMessage: (p, d, t) => seen.push(`${p} ${d} ${t}`),
      route: (p, d, t, a) => seen.push(`${p} ${d} type${t} ${a}`),
    };
    const p = await up(sink);
    p.send(announce('192.168.100.1', [macRoute('192.168.100.1', '02:00:00:00:00:01')]));
    await h.until((e) => e.length === 2);
    expect(seen).toEqual([
      `${PEER_ADDRESS} out open`, `${PEER_ADDRESS} in open`, `${PEER_ADDRESS} out keepalive`, `${PEER_ADDRESS} in keepalive`,
      `${PEER_ADDRESS} out type3 announce`, `${PEER_ADDRESS} out update`, `${PEER_ADDRESS} out update`,
      `${PEER_ADDRESS} in update`, `${PEER_ADDRESS} in type2 announce`,
    ]);
  });
});
