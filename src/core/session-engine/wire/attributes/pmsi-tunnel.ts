// PMSI_TUNNEL (RFC 6514 §5): optional transitive; Flags(1) Tunnel Type(1) MPLS Label(3) Tunnel Identifier.
// EVPN type-3 routes MUST carry it (RFC 7432 §11.2): type 6 ingress replication, label = VNI
// (RFC 8365 §5.1.3), tunnel id = own VTEP IP. FRR 8.4 installs no flood entry without it.
import { fail } from '../errors.js';
import { be24 } from '../bytes.js';
import { formatIpv4, formatIpv6, ipBytes } from '../text/addr.js';
import { SUBCODE } from '../notification-text.js';
import { PMSI_INGRESS_REPLICATION, type PmsiTunnel } from '../types.js';
import type { Writer } from '../writer.js';
import { ATTR, OPTIONAL_TRANSITIVE, beginAttribute, endAttribute, malformed } from './attribute.js';

/** RFC 7606 §2/§8 default for an attribute that decides forwarding: treat-as-withdraw. */
export const PMSI_MALFORMED = malformed('PMSI_TUNNEL', SUBCODE.UPDATE_OPTIONAL_ATTRIBUTE, 'treat-as-withdraw');

/** Decodes the PMSI_TUNNEL value; the tunnel id is text for ingress replication over IPv4/IPv6. */
export function decodePmsiTunnel(b: Uint8Array, off: number, len: number): PmsiTunnel {
  if (len < 5) fail(PMSI_MALFORMED, `expected at least 5 octets, got ${len}`);
  const tunnelType = b[off + 1]!;
  const idLen = len - 5;
  const idOff = off + 5;
  const tunnelId = tunnelType === PMSI_INGRESS_REPLICATION && idLen === 4 ? formatIpv4(b, idOff)
    : tunnelType === PMSI_INGRESS_REPLICATION && idLen === 16 ? formatIpv6(b, idOff)
      : b.slice(idOff, idOff + idLen);
  return { flags: b[off]!, tunnelType, label: be24(b, off + 2), tunnelId };
}

/** Writes the PMSI_TUNNEL attribute. */
export function encodePmsiTunnel(w: Writer, p: PmsiTunnel): void {
  const at = beginAttribute(w, OPTIONAL_TRANSITIVE, ATTR.PMSI_TUNNEL);
  w.u8(p.flags).u8(p.tunnelType).u24(p.label);
  w.bytes(typeof p.tunnelId === 'string' ? ipBytes(p.tunnelId) : p.tunnelId);
  endAttribute(w, at);
}
