// Connection collision detection (RFC 4271 §6.8): when both sides connect at once, the connection opened
// by the speaker with the higher BGP identifier survives. Equal identifiers (allowed between ASes by
// RFC 6286 §2.3) are broken by the larger AS number.
import { be32 } from '../wire/bytes.js';
import { ipv4Bytes } from '../wire/text/addr.js';

/** Which connection to keep: the one we opened ('outbound') or the one the peer opened ('inbound'). */
export function collisionWinner(local: { routerId: string; asn: number }, remote: { routerId: string; asn: number }): 'inbound' | 'outbound' {
  const l = be32(ipv4Bytes(local.routerId), 0);
  const r = be32(ipv4Bytes(remote.routerId), 0);
  if (l !== r) return l > r ? 'outbound' : 'inbound';
  return local.asn > remote.asn ? 'outbound' : 'inbound';
}

/** True when a connection that came in (`inbound`) or went out must be dumped with Cease / Connection Collision Resolution. */
export const mustDump = (inbound: boolean, local: { routerId: string; asn: number }, remote: { routerId: string; asn: number }): boolean =>
  collisionWinner(local, remote) !== (inbound ? 'inbound' : 'outbound');
