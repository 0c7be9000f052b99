// The table peer's process (driven by table-peer.ts, run with `node --import tsx` inside a lab netns): a
// BGP speaker built on RawBgpPeer that listens on <address>:179 and holds a table of EVPN routes. Every
// session the daemon opens gets the whole table and End-of-RIB (so a restarted daemon relearns it), then
// each change as it is commanded; a ROUTE-REFRESH gets the table again (RFC 2918). What the daemon
// advertises is kept per NLRI. Commands are JSON lines on stdin, events JSON lines on stdout; the process
// ends when stdin does. argv[2]: {"address", "asn", "routerId"}.
import { createServer, type Socket } from 'node:net';
import { createInterface } from 'node:readline';
import { packUpdates } from '../../src/core/route-engine/rib/update-packer.js';
import { endOfRib, isEndOfRib } from '../../src/core/session-engine/wire/end-of-rib.js';
import { encodeMessage } from '../../src/core/session-engine/wire/message.js';
import { formatRd } from '../../src/core/session-engine/wire/rd.js';
import { formatRt } from '../../src/core/session-engine/wire/route-target.js';
import { AFI_L2VPN, SAFI_EVPN, type EvpnRoute, type UpdateMessage } from '../../src/core/session-engine/wire/types.js';
import { RawBgpPeer } from './raw-bgp-peer.js';
import { announcementsOf, bulkRoutes, nlriOf, routeKey, type BulkSpec, type PeerRoute, type ReceivedRoute } from './peer-routes.js';

/** A request: change the table (routes given, or generated from bulk specs), or read what was received. */
export type TablePeerRequest =
  | { op: 'announce' | 'withdraw' | 'replace'; routes?: PeerRoute[]; bulk?: BulkSpec[] }
  | { op: 'received' };

/** A request as sent, with the id its reply carries. */
export type TablePeerCommand = TablePeerRequest & { id: number };

interface Config { address: string; asn: number; routerId: string }

const KEEPALIVE_MS = 10_000;
/** Our OPEN's hold time: the session stays up across the tests' pauses without depending on the daemon's. */
const HOLD_TIME = 60;

const emit = (event: string, fields: Record<string, unknown> = {}): void => {
  process.stdout.write(`${JSON.stringify({ event, t: Date.now(), ...fields })}\n`);
};

const cfg = JSON.parse(process.argv[2] ?? '{}') as Config;
const table = new Map<string, PeerRoute>();
const received = new Map<string, ReceivedRoute>();
let current: RawBgpPeer | null = null;
let sessions = 0;
/** Every write to the session goes through this chain, so a change never lands inside a full-table send. */
let chain: Promise<void> = Promise.resolve();
const serialized = <T>(task: () => Promise<T>): Promise<T> => {
  const run = chain.then(task);
  // The caller gets the outcome through `run`; the chain only keeps the order, whatever that outcome.
  chain = run.then(() => undefined, () => undefined);
  return run;
};

/** Writes the UPDATEs of these changes, waiting for the socket to drain as a real speaker would. */
async function send(peer: RawBgpPeer, withdrawn: readonly PeerRoute[], announced: readonly PeerRoute[], eor = false): Promise<number> {
  const messages = packUpdates(withdrawn.map(nlriOf), announcementsOf(announced, cfg.asn));
  if (eor) messages.push(endOfRib());
  for (const m of messages) {
    if (peer.socket.destroyed) break; // the session ended under us: a real speaker stops sending too
    // 'close' too: a socket that dies while full never drains, and the chain must not wait for it forever.
    if (!peer.sendRaw(encodeMessage(m, peer.ctx))) await new Promise<void>((r) => { peer.socket.once('drain', () => r()); peer.socket.once('close', () => r()); });
  }
  return messages.length;
}

const routesOf = (c: { routes?: PeerRoute[]; bulk?: BulkSpec[] }): PeerRoute[] => [...(c.routes ?? []), ...(c.bulk ?? []).flatMap(bulkRoutes)];

async function handle(c: TablePeerCommand): Promise<Record<string, unknown>> {
  if (c.op === 'received') return { routes: [...received.values()] };
  const routes = routesOf(c);
  return serialized(async () => {
    let withdrawn: PeerRoute[] = [];
    let announced: PeerRoute[] = routes;
    if (c.op === 'withdraw') {
      withdrawn = routes.filter((r) => table.delete(routeKey(r)));
      announced = [];
    } else if (c.op === 'replace') {
      const next = new Map(routes.map((r) => [routeKey(r), r]));
      withdrawn = [...table].filter(([k]) => !next.has(k)).map(([, r]) => r);
      table.clear();
    }
    for (const r of announced) table.set(routeKey(r), r);
    const updates = current === null ? 0 : await send(current, withdrawn, announced);
    return { table: table.size, updates, session: current === null ? null : sessions };
  });
}

/** What the daemon sent in one UPDATE, applied to `received`. */
function receive(u: UpdateMessage): void {
  for (const r of u.attributes.mpUnreach?.evpn ?? []) received.delete(receivedKey(r));
  const reach = u.attributes.mpReach;
  if (reach === undefined) return;
  const ecs = u.attributes.extCommunities ?? [];
  const rts = ecs.flatMap((e) => (e.kind === 'route-target' ? [formatRt(e.rt)] : [])).sort();
  const mm = ecs.find((e) => e.kind === 'mac-mobility');
  for (const r of reach.evpn) {
    if ('raw' in r) continue;
    received.set(receivedKey(r), {
      type: r.type, rd: formatRd(r.rd),
      mac: r.type === 2 ? r.mac : null, ip: r.type === 2 ? r.ip : null, originatorIp: r.type === 3 ? r.originatorIp : null,
      nextHop: reach.nextHops[0] ?? '', label: r.type === 2 ? r.label1 : (u.attributes.pmsiTunnel?.label ?? null), rts,
      seq: mm?.kind === 'mac-mobility' ? mm.seq : null,
    });
  }
}

function receivedKey(r: EvpnRoute): string {
  if ('raw' in r) return `raw|${Buffer.from(r.raw).toString('hex')}`;
  if (r.type === 2) return `2|${formatRd(r.rd)}|${r.mac}|${r.ip ?? ''}`;
  if (r.type === 3) return `3|${formatRd(r.rd)}|${r.originatorIp}`;
  return `${r.type}|${formatRd(r.rd)}`;
}

/** One session: handshake, the whole table and End-of-RIB, then read until the daemon goes away. */
async function serve(socket: Socket): Promise<void> {
  const peer = new RawBgpPeer(socket);
  const n = ++sessions;
  current?.destroy();
  try {
    await peer.handshake({ asn: cfg.asn, routerId: cfg.routerId, holdTime: HOLD_TIME });
  } catch (err) {
    emit('handshake-failed', { session: n, error: (err as Error).message });
    peer.destroy();
    return;
  }
  current = peer;
  received.clear(); // the daemon's Adj-RIB-Out to us starts over with the session
  emit('established', { session: n });
  const keepalive = setInterval(() => peer.send({ type: 'keepalive' }), KEEPALIVE_MS);
  void serialized(async () => {
    const t = Date.now();
    const updates = await send(peer, [], [...table.values()], true);
    emit('sent', { session: n, routes: table.size, updates, since: t });
  }).catch((err: unknown) => emit('send-failed', { session: n, error: (err as Error).message }));
  try {
    for (;;) {
      const m = await peer.next();
      if (m.type === 'update') {
        if (isEndOfRib(m)) emit('eor-received', { session: n });
        else receive(m);
      } else if (m.type === 'route-refresh' && m.afi === AFI_L2VPN && m.safi === SAFI_EVPN) {
        void serialized(() => send(peer, [], [...table.values()], true));
      } else if (m.type === 'notification') {
        emit('notification', { session: n, code: m.code, subcode: m.subcode });
      }
    }
  } catch (err) {
    emit('closed', { session: n, why: (err as Error).message });
  } finally {
    clearInterval(keepalive);
    if (current === peer) current = null;
    peer.destroy();
  }
}

const server = createServer((socket) => void serve(socket));
server.listen({ host: cfg.address, port: 179 }, () => emit('listening', { address: cfg.address }));
server.on('error', (err) => emit('error', { error: err.message }));

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
lines.on('line', (line) => {
  const c = JSON.parse(line) as TablePeerCommand;
  handle(c).then(
    (result) => emit('reply', { id: c.id, ok: true, ...result }),
    (err: unknown) => emit('reply', { id: c.id, ok: false, error: (err as Error).message }),
  );
});
lines.on('close', () => {
  current?.destroy();
  server.close();
});
