// Byte sizes of what goes into an UPDATE, so the packer can fill messages up to the limit without
// encoding them. NLRI sizes are exact (RFC 7432 §7, RFC 9136 §3); attribute sizes are an upper bound
// (every attribute counted with the 4-octet extended-length header), so a packed message never
// exceeds the limit whatever header form the codec picks.
import type { EvpnNlri, PathAttributes, PmsiTunnel } from '../../session-engine/wire/types.js';

/** RFC 4271 §4.1: the maximum BGP message size without the Extended Message capability (RFC 8654). */
export const MAX_MESSAGE_SIZE = 4096;
/** Marker (16) + length (2) + type (1). */
export const HEADER_SIZE = 19;
/** Withdrawn Routes Length (2) + Total Path Attribute Length (2) of an UPDATE (RFC 4271 §4.3). */
export const UPDATE_FIXED_SIZE = HEADER_SIZE + 4;
/** Flags (1) + type (1) + extended length (2). */
const ATTR_HEADER = 4;

const ipSize = (ip: string): number => (ip.includes(':') ? 16 : 4);

/** The encoded size of one EVPN NLRI, route type and length octets included. */
export function nlriSize(nlri: EvpnNlri): number {
  switch (nlri.type) {
    case 1: // RD 8, ESI 10, Ethernet Tag 4, label 3
      return 2 + 8 + 10 + 4 + 3;
    case 2: // RD 8, ESI 10, Ethernet Tag 4, MAC len 1, MAC 6, IP len 1, IP, label1 3 [, label2 3]
      return 2 + 8 + 10 + 4 + 1 + 6 + 1 + (nlri.ip === null ? 0 : ipSize(nlri.ip)) + 3 + (nlri.label2 === undefined ? 0 : 3);
    case 3: // RD 8, Ethernet Tag 4, IP len 1, originating IP
      return 2 + 8 + 4 + 1 + ipSize(nlri.originatorIp);
    case 4: // RD 8, ESI 10, IP len 1, originating IP
      return 2 + 8 + 10 + 1 + ipSize(nlri.originatorIp);
    case 5: // RD 8, ESI 10, Ethernet Tag 4, prefix len 1, prefix, GW IP (same family), label 3
      return 2 + 8 + 10 + 4 + 1 + 2 * ipSize(nlri.prefix) + 3;
  }
}

const pmsiSize = (p: PmsiTunnel): number =>
  ATTR_HEADER + 5 + (typeof p.tunnelId === 'string' ? ipSize(p.tunnelId) : p.tunnelId.length);

/** An upper bound of the encoded size of every attribute except MP_REACH_NLRI and MP_UNREACH_NLRI. */
export function attributesSizeBound(attrs: PathAttributes): number {
  let size = 0;
  if (attrs.origin !== undefined) size += ATTR_HEADER + 1;
  if (attrs.asPath !== undefined) {
    size += ATTR_HEADER;
    for (const seg of attrs.asPath) size += 2 + 4 * seg.asns.length; // 4-octet ASNs (RFC 6793)
  }
  if (attrs.nextHop !== undefined) size += ATTR_HEADER + 4;
  if (attrs.med !== undefined) size += ATTR_HEADER + 4;
  if (attrs.localPref !== undefined) size += ATTR_HEADER + 4;
  if (attrs.atomicAggregate === true) size += ATTR_HEADER;
  if (attrs.originatorId !== undefined) size += ATTR_HEADER + 4;
  if (attrs.clusterList !== undefined) size += ATTR_HEADER + 4 * attrs.clusterList.length;
  if (attrs.extCommunities !== undefined) size += ATTR_HEADER + 8 * attrs.extCommunities.length;
  if (attrs.pmsiTunnel !== undefined) size += pmsiSize(attrs.pmsiTunnel);
  for (const raw of attrs.other) size += ATTR_HEADER + raw.value.length;
  return size;
}

/** MP_REACH_NLRI without its NLRI: header, AFI 2, SAFI 1, next hop length 1, next hops, reserved 1 (RFC 4760 §3). */
export function mpReachOverhead(nextHops: readonly string[]): number {
  return ATTR_HEADER + 2 + 1 + 1 + nextHops.reduce((n, ip) => n + ipSize(ip), 0) + 1;
}

/** MP_UNREACH_NLRI without its NLRI: header, AFI 2, SAFI 1 (RFC 4760 §4). */
export const MP_UNREACH_OVERHEAD = ATTR_HEADER + 2 + 1;
