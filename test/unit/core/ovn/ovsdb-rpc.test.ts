// The JSON-RPC connection against a scripted OVSDB peer on a unix socket (the network edge), with a fake clock.
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { OvsdbRpcConnection, OvsdbRpcError, transact } from '../../../../src/core/ovn/ovsdb-rpc.js';
import { JsonSplitter } from '../../../../src/core/ovn/json-stream.js';
import { eventually } from '../../../support/eventually.js';
import { FakeClock, settle } from '../../../support/fake-clock.js';

interface Peer {
  server: Server;
  path: string;
  /** Messages the peer received, parsed. */
  got: unknown[];
  /** Every connection accepted, in order. */
  sockets: Socket[];
  /** The latest connection. */
  socket(): Socket;
}

async function startPeer(dir: string): Promise<Peer> {
  const path = join(dir, 'peer.sock');
  const got: unknown[] = [];
  const sockets: Socket[] = [];
  const server = createServer((s) => {
    sockets.push(s);
    const split = new JsonSplitter();
    s.setEncoding('utf8');
    s.on('data', (c: string) => got.push(...split.push(c)));
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return {
    server, path, got, sockets,
    socket: () => {
      const sock = sockets.at(-1);
      if (!sock) throw new Error('no client connected yet');
      return sock;
    },
  };
}

describe('OvsdbRpcConnection', () => {
  let dir: string;
  let peer: Peer;
  let clock: FakeClock;
  let notes: [string, unknown][];
  let closes: (OvsdbRpcError | null)[];
  let conn: OvsdbRpcConnection | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'evpnctl-rpc-'));
    peer = await startPeer(dir);
    clock = new FakeClock();
    notes = [];
    closes = [];
  });
  afterEach(async () => {
    conn?.close();
    await new Promise((r) => peer.server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const open = async (probeMs = 0): Promise<OvsdbRpcConnection> => {
    const before = peer.sockets.length;
    conn = await OvsdbRpcConnection.open({
      remote: `unix:${peer.path}`, clock, probeMs,
      onNotification: (m, p) => notes.push([m, p]), onClose: (e) => closes.push(e),
    });
    await eventually(() => expect(peer.sockets.length).toBe(before + 1));
    return conn;
  };

  it('matches replies to requests by id, split across chunks, and turns an error reply into an OvsdbRpcError', async () => {
    const c = await open();
    const a = c.request('lock', ['l1']);
    const b = c.request('steal', ['l2']);
    await eventually(() => expect(peer.got).toHaveLength(2));
    expect(peer.got).toEqual([{ method: 'lock', params: ['l1'], id: 1 }, { method: 'steal', params: ['l2'], id: 2 }]);
    const reply = JSON.stringify({ id: 2, result: { locked: true }, error: null }) + JSON.stringify({ id: 1, result: null, error: { error: 'not owner', details: 'x' } });
    peer.socket().write(reply.slice(0, 10));
    await settle();
    peer.socket().write(reply.slice(10));
    await expect(b).resolves.toEqual({ locked: true });
    const err = await a.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OvsdbRpcError);
    expect(err).toMatchObject({ rpcError: 'not owner', details: 'x' });
  });

  it('answers the server echo at once and hands notifications over', async () => {
    await open();
    peer.socket().write(JSON.stringify({ method: 'echo', params: ['p'], id: 'echo' }) + JSON.stringify({ method: 'locked', params: ['l1'], id: null }));
    await eventually(() => expect(peer.got).toEqual([{ result: ['p'], error: null, id: 'echo' }]));
    expect(notes).toEqual([['locked', ['l1']]]);
  });

  it('probes a silent server with an echo and closes when that echo stays unanswered', async () => {
    const c = await open(1000);
    await clock.advance(1000);
    await eventually(() => expect(peer.got).toEqual([{ method: 'echo', params: ['evpnctl'], id: 'echo' }]));
    const pending = c.request('lock', ['l']).catch((e: unknown) => e);
    await clock.advance(1000);
    expect(c.closed).toBe(true);
    expect(closes[0]?.message).toMatch(/echo unanswered \(inactivity probe 1000 ms\)/);
    expect(closes[0]?.code).toBe('unreachable');
    expect(await pending).toBeInstanceOf(OvsdbRpcError);
  });

  it('stays open while the server talks, answering its probe', async () => {
    const c = await open(1000);
    await clock.advance(1000);
    await eventually(() => expect(peer.got).toHaveLength(1));
    peer.socket().write(JSON.stringify({ id: 'echo', result: ['evpnctl'], error: null }));
    await eventually(() => expect(c.closed).toBe(false));
    await settle();
    await clock.advance(1000);
    expect(c.closed).toBe(false);
  });

  it('closes on malformed JSON and when the server hangs up, rejecting what is pending', async () => {
    const c = await open();
    peer.socket().write('nonsense');
    await eventually(() => expect(c.closed).toBe(true));
    expect(closes[0]?.message).toMatch(/expected JSON-RPC messages, got malformed JSON/);
    const c2 = await open();
    const pending = c2.request('lock', ['l']).catch((e: unknown) => e);
    await eventually(() => expect(peer.got.length).toBeGreaterThan(0));
    peer.socket().destroy();
    expect(await pending).toMatchObject({ code: 'unreachable' });
  });

  it('transact reports which op failed', async () => {
    const c = await open();
    const t = transact(c, 'OVN_Northbound', [{ op: 'assert', lock: 'l' }, { op: 'mutate' }]).catch((e: unknown) => e);
    await eventually(() => expect(peer.got).toHaveLength(1));
    peer.socket().write(JSON.stringify({ id: 1, result: [{ error: 'not owner', details: 'lock l not held' }, null], error: null }));
    const err = await t;
    expect((err as Error).message).toMatch(/transact: op 0 \(assert\) failed: not owner \(lock l not held\)/);
  });

  it('fails to open an absent socket with code unreachable', async () => {
    const err = await OvsdbRpcConnection.open({
      remote: `unix:${join(dir, 'absent.sock')}`, clock, onNotification: () => undefined, onClose: () => undefined,
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unreachable' });
    expect((err as Error).message).toMatch(/cannot connect/);
  });
});
