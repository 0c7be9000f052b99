// The few things done to raw sockets: normalized peer addresses, a close that lets a NOTIFICATION
// out first, and refusing a connection with a NOTIFICATION (RFC 4486 Cease subcodes).
import { isIPv6, type Socket } from 'node:net';
import type { Clock } from '../../clock.js';
import { canonicalIpv6 } from '../../model/ipv6.js';

/** How long a closing socket may take to flush its last bytes before it is destroyed. */
export const CLOSE_GRACE_MS = 2000;

/** The peer's address as neighbors are configured: IPv4-mapped IPv6 as IPv4, IPv6 in RFC 5952 form. */
export function normalizeAddress(address: string | undefined): string | null {
  if (address === undefined) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped?.[1] !== undefined) return mapped[1];
  return isIPv6(address) ? canonicalIpv6(address) : address;
}

/** Ends the socket after what was written (e.g. a NOTIFICATION) is flushed; destroys it if that takes too long. */
export function closeGracefully(socket: Socket, clock: Clock): void {
  if (socket.destroyed) return;
  if (socket.connecting) {
    socket.destroy();
    return;
  }
  const timer = clock.setTimer(CLOSE_GRACE_MS, () => socket.destroy());
  socket.once('close', () => clock.clearTimer(timer));
  socket.end();
}

/**
 * Turns a connection away without a NOTIFICATION: an address that is not (or no longer) a neighbor. RFC 4486
 * suggests Cease / Connection Rejected, but a peer takes that as a session error and backs off, where a
 * plain close is retried at its next ConnectRetry; FRR, GoBGP and OpenBGPD all just close. So when two
 * speakers are configured one after the other, the first one's dials are closed until the second one knows
 * it, and nothing on the wire looks like a refusal of a configured session.
 */
export function turnAway(socket: Socket, clock: Clock): void {
  socket.resume(); // read (and drop) what the peer sends, so its FIN is seen and the socket closes
  closeGracefully(socket, clock);
}

/** Refuses a connection: `cease`, an encoded NOTIFICATION Cease (e.g. 7, Connection Collision Resolution, RFC 4486), then close. */
export function refuse(socket: Socket, cease: Uint8Array, clock: Clock): void {
  if (!socket.destroyed && socket.writable) socket.write(cease);
  socket.resume(); // read (and drop) what the peer sends, so its FIN is seen and the socket closes
  closeGracefully(socket, clock);
}
