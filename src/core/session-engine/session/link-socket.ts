// A link's socket: TCP options, dialing, and socket events turned into queued tasks. Every handler checks
// that the socket is still the link's, so events of a connection the FSM already closed change nothing.
import { Socket, isIPv6 } from 'node:net';
import { Link, MAX_INBOX_BYTES } from './link.js';
import type { ConnectionView } from './port.js';
import type { NeighborSettings } from './types.js';

/** TCP keepalive probes on BGP sockets, so a dead peer is noticed even with a negotiated hold time of 0. */
const TCP_KEEPALIVE_MS = 30_000;

/** What the socket's events become; each runs as one task on the owner's queue (through `task`). */
export interface LinkSocketEvents {
  /** Our dial succeeded (RFC 4271 Event 16). */
  connected(): void;
  /** Bytes wait in link.inbox. */
  readable(): void;
  /** The connection failed or the peer closed it (Event 18). */
  lost(detail: string): void;
}

/** Makes `socket` the link's connection and turns its events into tasks. */
export function attachSocket(link: Link, socket: Socket, task: (fn: () => void) => void, on: LinkSocketEvents): void {
  link.socket = socket;
  socket.setNoDelay(true);
  socket.setKeepAlive(true, TCP_KEEPALIVE_MS);
  const mine = (fn: () => void) => () => {
    if (link.socket === socket) fn();
  };
  socket.on('data', (chunk: Buffer) => {
    if (link.socket !== socket) return;
    link.inbox.push(chunk);
    link.inboxBytes += chunk.length;
    link.bytesIn += chunk.length;
    if (link.inboxBytes > MAX_INBOX_BYTES) socket.pause(); // back-pressure; drainLink resumes
    if (link.drainQueued) return;
    link.drainQueued = true;
    task(() => {
      link.drainQueued = false;
      mine(() => on.readable())();
    });
  });
  socket.once('connect', () => task(mine(() => on.connected())));
  socket.on('error', (err: Error) => task(mine(() => on.lost(err.message))));
  socket.on('close', () => task(mine(() => on.lost('the peer closed the connection'))));
  socket.resume(); // accepted sockets start paused (pauseOnConnect)
}

/** Opens an outbound connection for the link: to the neighbor's address and port, from its local address. */
export function dialSocket(link: Link, s: NeighborSettings, task: (fn: () => void) => void, on: LinkSocketEvents): void {
  const socket = new Socket();
  attachSocket(link, socket, task, on);
  socket.connect({ host: s.address, port: s.port, family: isIPv6(s.address) ? 6 : 4, ...(s.localAddress !== undefined && { localAddress: s.localAddress }) });
}

/** An IPv4-mapped IPv6 socket address (a dual-stack listener's) as plain IPv4. */
const plainAddress = (a: string): string => (a.startsWith('::ffff:') && a.includes('.') ? a.slice(7) : a);

/** A connected socket's endpoints (IPv4-mapped addresses as plain IPv4); null without one. */
export function connectionView(socket: Socket | null): ConnectionView | null {
  if (socket === null || socket.localAddress === undefined || socket.remoteAddress === undefined) return null;
  return { localAddress: plainAddress(socket.localAddress), localPort: socket.localPort ?? 0, remoteAddress: plainAddress(socket.remoteAddress), remotePort: socket.remotePort ?? 0 };
}
