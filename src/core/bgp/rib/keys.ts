// Route keys: the part of an EVPN NLRI that BGP compares to decide whether two NLRI are "the same route".
// Compact strings, so one Map lookup finds a route. The RD type is part of the key because RDs of
// type 0 and type 2 can share their text (65000:10) and still be different RDs on the wire.
// Keys are built with join(), which yields one flat string: a template literal would leave a tree of
// V8 cons-strings that Map keys keep alive (~300 bytes per route measured).
import type { EvpnNlri, EvpnUnknownRoute, RouteDistinguisher } from '../wire/types.js';

const rdKey = (rd: RouteDistinguisher): string => (rd.type === 1 ? `1:${rd.ip}` : `${rd.type}:${rd.asn}`);

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
      return ['1', rdKey(nlri.rd), nlri.rd.assigned, nlri.esi, nlri.etag].join('|');
    case 2:
      return ['2', rdKey(nlri.rd), nlri.rd.assigned, nlri.etag, nlri.mac, nlri.ip ?? ''].join('|');
    case 3:
      return ['3', rdKey(nlri.rd), nlri.rd.assigned, nlri.etag, nlri.originatorIp].join('|');
    case 4:
      return ['4', rdKey(nlri.rd), nlri.rd.assigned, nlri.esi, nlri.originatorIp].join('|');
    case 5:
      return ['5', rdKey(nlri.rd), nlri.rd.assigned, nlri.etag, nlri.prefix].join('|');
  }
}

/** True for the five route types the RIB keeps; unknown types (opaque bytes) are only counted. */
export function isKnownRoute(nlri: EvpnNlri | EvpnUnknownRoute): nlri is EvpnNlri {
  return !('raw' in nlri) && nlri.type >= 1 && nlri.type <= 5;
}
