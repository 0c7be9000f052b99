// How a neighbor takes connections (RFC 4271 §8 with automatic start, §6.8 collisions) and what it shows
// as its last error: a real BgpService on loopback with a fake clock, peers are raw sockets.
import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { notification } from '../../../../../src/core/session-engine/wire/messages/notification.js';
import { RawBgpListener, RawBgpPeer, openMessage } from '../../../../support/raw-bgp-peer.js';
import { Harness, LOCAL_AS, neighbor, state } from '../../route-engine/bgp-service/harness.js';

const PEER = '127.0.0.4';
let h: Harness;
const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
  await h.close();
});

/** A port on PEER where nothing listens: our dials fail at once with ECONNREFUSED. */
async function deadPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen({ host: PEER, port: 0 }, () => r()));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

/** An active neighbor at PEER whose first dial was refused: it sits in Idle, backing off. */
async function backingOff(): Promise<void> {
  h = new Harness();
  await h.apply(state({ neighbors: [neighbor({ address: PEER, passive: false, port: await deadPort(), localAddress: '127.0.0.1' })] }));
  for (let i = 0; i < 50 && h.service.neighbor(PEER).lastError === null; i++) await h.idle();
  expect(h.service.neighbor(PEER)).toMatchObject({ state: 'idle', lastError: expect.stringMatching(/ECONNREFUSED/) as unknown });
}

const dial = async (): Promise<RawBgpPeer> => {
  const p = await RawBgpPeer.connect({ host: '127.0.0.1', port: h.port, localAddress: PEER });
  cleanup.push(() => p.destroy());
  return p;
};

describe('a configured neighbor takes the peer\'s connection in every state', () => {
  it('in Idle, backing off after an error: OPEN instead of Cease / Connection Rejected, then Established', async () => {
    await backingOff();
    const peer = await dial();
    expect(await peer.expect('open', [])).toMatchObject({ routerId: '10.0.0.1' });
    peer.send(openMessage({ asn: LOCAL_AS, routerId: '10.0.0.2', holdTime: 9 }));
    await peer.expect('keepalive', []);
    peer.send({ type: 'keepalive' });
    await peer.updatesUntilEor();
    expect(h.service.neighbor(PEER).state).toBe('established');
    // The back-off is gone with it: past its deadline nothing dials again (a dial would fail with ECONNREFUSED).
    await h.clock.advance(2000);
    await h.idle();
    expect(h.service.neighbor(PEER)).toMatchObject({ state: 'established', lastError: null });
  });

  it('replaces a connection that sent nothing by the newer one, which comes up', async () => {
    await backingOff();
    const silent = await dial();
    await silent.expect('open', []); // it got our OPEN and never answers
    const real = await dial();
    expect(await silent.notification()).toMatchObject({ code: 6, subcode: 7 });
    await silent.closed;
    await real.handshake({ asn: LOCAL_AS, routerId: '10.0.0.2', holdTime: 9 });
    await real.updatesUntilEor();
    expect(h.service.neighbor(PEER).state).toBe('established');
  });
});

describe('collisions (RFC 4271 §6.8) in the new cases', () => {
  /** Our dial accepted by the peer (we sent OPEN on it) plus the peer's own connection to us. */
  async function bothDialed(): Promise<{ ours: RawBgpPeer; theirs: RawBgpPeer }> {
    const listener = await RawBgpListener.listen(PEER);
    cleanup.push(() => listener.close());
    h = new Harness();
    await h.apply(state({ neighbors: [neighbor({ address: PEER, passive: false, port: listener.port, localAddress: '127.0.0.1' })] }));
    const ours = await listener.accept();
    await ours.expect('open', []);
    const theirs = await dial();
    await theirs.expect('open', []);
    return { ours, theirs };
  }

  it('a connection that stayed silent never wins against ours, whatever the BGP identifiers say', async () => {
    const { ours, theirs } = await bothDialed();
    await h.clock.advance(1500); // the peer's connection has said nothing for 1.5 s
    // The peer's identifier is higher, so by §6.8 alone its (silent) connection would stay and ours would go.
    ours.send(openMessage({ asn: LOCAL_AS, routerId: '10.0.0.2', holdTime: 9 }));
    expect(await theirs.notification()).toMatchObject({ code: 6, subcode: 7 });
    await ours.expect('keepalive', []);
    ours.send({ type: 'keepalive' });
    await ours.updatesUntilEor();
    expect(h.service.neighbor(PEER).state).toBe('established');
  });

  it.each([
    ['the peer is higher: its connection stays, ours in OpenConfirm is dumped', '10.0.0.2', 'theirs'],
    ['we are higher: ours in OpenConfirm stays, the peer\'s is dumped', '10.0.0.0', 'ours'],
  ])('an inbound connection while ours is OpenConfirm: %s', async (_name, peerId, survivor) => {
    const { ours, theirs } = await bothDialed();
    const open = openMessage({ asn: LOCAL_AS, routerId: peerId, holdTime: 9 });
    ours.send(open);
    await ours.expect('keepalive', []); // ours is in OpenConfirm
    theirs.send(open);
    const [win, lose] = survivor === 'theirs' ? [theirs, ours] : [ours, theirs];
    expect(await lose.notification()).toMatchObject({ code: 6, subcode: 7 });
    if (survivor === 'theirs') await win.expect('keepalive', []);
    win.send({ type: 'keepalive' });
    await win.updatesUntilEor();
    expect(h.service.neighbor(PEER).state).toBe('established');
  });
});

describe('lastError', () => {
  it('drops the failed attempts once the session is up, keeps why the last session ended (also through failed redials), with its age', async () => {
    await backingOff();
    const first = await dial();
    await first.handshake({ asn: LOCAL_AS, routerId: '10.0.0.2', holdTime: 9 });
    await first.updatesUntilEor();
    expect(h.service.neighbor(PEER)).toMatchObject({ state: 'established', lastError: null, lastErrorAge: null });
    first.send(notification(6, 4)); // Cease / Administrative Reset
    await first.closed;
    await h.idle();
    expect(h.service.neighbor(PEER)).toMatchObject({ state: 'idle', lastError: 'received Cease / Administrative Reset', lastErrorAge: 0 });
    await h.clock.advance(5000); // the back-off dials, gets ECONNREFUSED: the latest attempt, the Cease stays the last error (issue 11)
    await h.idle();
    expect(h.service.neighbor(PEER)).toMatchObject({
      lastError: 'received Cease / Administrative Reset', lastAttemptError: expect.stringMatching(/ECONNREFUSED/) as unknown, downtime: 5,
    });
    const second = await dial();
    await second.handshake({ asn: LOCAL_AS, routerId: '10.0.0.2', holdTime: 9 });
    await second.updatesUntilEor();
    expect(h.service.neighbor(PEER)).toMatchObject({ state: 'established', lastError: 'received Cease / Administrative Reset', lastErrorAge: 5 });
  });
});
