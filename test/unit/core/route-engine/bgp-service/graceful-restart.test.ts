// Graceful restart over real sessions: the receiving side keeps a peer's routes as stale when its TCP
// session ends (RFC 4724 §4.2), refreshes them on its return, sweeps them at End-of-RIB or the restart
// timer; a peer's new OPEN while the old session is Established counts as its restart. And our own side:
// a stop without NOTIFICATION for GR peers, so they keep our routes.
import { afterEach, describe, expect, it } from 'vitest';
import { AFI_L2VPN, SAFI_EVPN, type Capability } from '../../../../../src/core/session-engine/wire/types.js';
import { announce, endOfRibUpdate, macRoute } from '../../../../support/evpn-fixtures.js';
import type { RawBgpPeer } from '../../../../support/raw-bgp-peer.js';
import { Harness, LOCAL_AS, PEER_ADDRESS, state } from './harness.js';

const X = '192.168.100.1';
const M1 = '02:00:00:00:00:01';
const M2 = '02:00:00:00:00:02';
const GR_CAPS = (restartTime: number, forwarding = true): Capability[] => [
  { code: 1, afi: AFI_L2VPN, safi: SAFI_EVPN }, { code: 2 }, { code: 65, asn: LOCAL_AS },
  { code: 64, restartFlags: 0, restartTime, families: [{ afi: AFI_L2VPN, safi: SAFI_EVPN, flags: forwarding ? 0x80 : 0 }] },
];

let h: Harness;
const peers: RawBgpPeer[] = [];
afterEach(async () => {
  for (const p of peers.splice(0)) p.destroy();
  await h.close();
});

async function grPeer(restartTime = 60, forwarding = true): Promise<RawBgpPeer> {
  const p = await h.established({ capabilities: GR_CAPS(restartTime, forwarding) });
  peers.push(p);
  await p.updatesUntilEor();
  return p;
}

async function loaded(): Promise<RawBgpPeer> {
  h = new Harness();
  await h.apply(state());
  const p = await grPeer();
  p.send(announce(X, [macRoute(X, M1), macRoute(X, M2)]));
  await h.until((e) => e.length === 3);
  return p;
}

const stale = () => h.service.routes({ type: 2 }).map((r) => [r.mac, r.stale]);

describe('receiving side (RFC 4724 §4.2)', () => {
  it('keeps the routes as stale when the TCP session ends, and sweeps what End-of-RIB did not refresh', async () => {
    const p = await loaded();
    p.destroy();
    await p.closed;
    await h.idle();
    expect(h.service.neighbor(PEER_ADDRESS).state).toBe('idle');
    expect(stale()).toEqual([[M1, true], [M2, true]]);
    expect(h.events).toHaveLength(3); // no removals
    await h.clock.advance(1000); // idle hold, then Active again
    const back = await grPeer();
    back.send(announce(X, [macRoute(X, M1)]), endOfRibUpdate());
    await h.until((e) => e.length === 4);
    expect(h.events[3]).toEqual({ type: 'mac-removed', vni: 10, mac: M2, vtep: X });
    expect(stale()).toEqual([[M1, false]]);
  });

  it('sweeps the stale routes when the peer does not return within its restart time', async () => {
    const p = await loaded();
    p.destroy();
    await h.idle();
    await h.clock.advance(59_000);
    expect(h.events).toHaveLength(3);
    await h.clock.advance(1000);
    await h.until((e) => e.length === 6);
    expect(h.events.slice(3).map((e) => e.type)).toEqual(['mac-removed', 'mac-removed', 'vtep-removed']);
  });

  it('withdraws at once when the peer ends the session with a NOTIFICATION', async () => {
    const p = await loaded();
    p.send({ type: 'notification', code: 6, subcode: 4, data: new Uint8Array(0) });
    await h.until((e) => e.length === 6);
    expect(h.service.neighbor(PEER_ADDRESS).lastError).toBe('received Cease / Administrative Reset');
  });

  it('drops the stale routes when the peer returns without the F bit', async () => {
    const p = await loaded();
    p.destroy();
    await h.idle();
    await h.clock.advance(1000);
    await grPeer(60, false);
    await h.until((e) => e.length === 6);
  });

  it('takes a new OPEN while the old session is Established as the peer restarting', async () => {
    const old = await loaded();
    const fresh = await grPeer();
    await old.closed;
    expect(h.service.neighbor(PEER_ADDRESS).state).toBe('established');
    expect(stale()).toEqual([[M1, true], [M2, true]]);
    fresh.send(announce(X, [macRoute(X, M1), macRoute(X, M2)]), endOfRibUpdate());
    await h.idle();
    await h.until(() => stale().every(([, s]) => s === false));
    expect(h.events).toHaveLength(3);
  });

  it('resolves initialSync once the neighbor sent End-of-RIB', async () => {
    h = new Harness();
    await h.apply(state());
    let synced = false;
    void h.service.initialSync().then(() => (synced = true));
    const p = await grPeer();
    await h.idle();
    expect(synced).toBe(false);
    p.send(endOfRibUpdate());
    await h.service.initialSync();
  });
});

describe('restarting side', () => {
  it('closes GR sessions without a NOTIFICATION on stop, so the peer keeps our routes', async () => {
    h = new Harness();
    await h.apply(state());
    const p = await grPeer();
    await h.close();
    await p.closed;
    expect(p.backlog).toBe(0);
  });

  it('sends Cease / Administrative Shutdown on stop to peers without GR', async () => {
    h = new Harness();
    await h.apply(state());
    const p = await h.established();
    peers.push(p);
    await p.updatesUntilEor();
    await h.close();
    expect(await p.notification()).toMatchObject({ code: 6, subcode: 2 });
  });

  it('sets the R bit in OPENs to neighbors restored at start, within the restart time', async () => {
    h = new Harness(undefined, { restartTime: 90 });
    await h.apply(state());
    const p = await h.connect();
    peers.push(p);
    const open = await p.expect('open');
    expect(open.capabilities.find((c) => c.code === 64)).toMatchObject({ restartFlags: 0x8, restartTime: 90 });
  });
});
