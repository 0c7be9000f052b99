// Route keys: the part of an EVPN NLRI that BGP compares to decide whether two NLRI are "the same route".
// Compact strings, so one Map lookup finds a route. The RD type is part of the key because RDs of
// type 0 and type 2 can share their text (65000:10) and still be different RDs on the wire.
import type { EvpnNlri, EvpnUnknownRoute, RouteDistinguisher } from '../wire/types.js';
import { formatRd } from './format.js';

const rdKey = (rd: RouteDistinguisher): string => `${rd.type}:${formatRd(rd)}`;

/**
 * The route key of an EVPN NLRI:
 * - type 1: RD + ESI + Ethernet Tag (RFC 7432 §7.1);
 * - type 2: RD + Ethernet Tag + MAC + IP; the IP text encodes its length (RFC 7432 §7.2: ESI and labels are not key);
 * - type 3: RD + Ethernet Tag + originating IP (RFC 7432 §7.3);
 * - type 4: RD + ESI + originating IP (RFC 7432 §7.4);
 * - type 5: RD + Ethernet Tag + prefix/len (RFC 9136 §3.1: ESI, GW IP and label are not key).
 */
export function routeKey(nlri: EvpnNlri): string {
  switch (nlri.type) {
    case 1:
      return `1|${rdKey(nlri.rd)}|${nlri.esi}|${nlri.etag}`;
    case 2:
      return `2|${rdKey(nlri.rd)}|${nlri.etag}|${nlri.mac}|${nlri.ip ?? ''}`;
    case 3:
      return `3|${rdKey(nlri.rd)}|${nlri.etag}|${nlri.originatorIp}`;
    case 4:
      return `4|${rdKey(nlri.rd)}|${nlri.esi}|${nlri.originatorIp}`;
    case 5:
      return `5|${rdKey(nlri.rd)}|${nlri.etag}|${nlri.prefix}`;
  }
}

/** True for the five route types the RIB keeps; unknown types (opaque bytes) are only counted. */
export function isKnownRoute(nlri: EvpnNlri | EvpnUnknownRoute): nlri is EvpnNlri {
  return !('raw' in nlri) && nlri.type >= 1 && nlri.type <= 5;
}
