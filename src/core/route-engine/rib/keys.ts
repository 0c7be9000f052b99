// Route keys: the part of an EVPN NLRI that BGP compares to decide whether two NLRI are "the same route".
// Compact strings, so one Map lookup finds a route. The RD type is part of the key because RDs of
// type 0 and type 2 can share their text (65000:10) and still be different RDs on the wire.
// A key is a prefix (route type and RD, the same for every NLRI of an UPDATE from FRR) and the route's
// own fields; UpdateKeys builds the prefix once per UPDATE instead of once per route.
// Keys are made with join(), which yields one flat string: `+` or a template literal would leave a tree
// of V8 cons-strings that the Map keys keep alive (about 70 bytes more per route, measured).
import type { EvpnNlri, RouteDistinguisher } from '../../session-engine/wire/types.js';

/** The prefix of a route key: up to and with its third separator (an RD's text has none). */
export function keyPrefixOf(key: string): string {
  const end = key.indexOf('|', key.indexOf('|', key.indexOf('|') + 1) + 1);
  return end < 0 ? key : key.slice(0, end + 1);
}

/** Route type and type-tagged RD, ending in the separator: `2|1:192.168.100.1|2|` (flat, like the keys). */
export const keyPrefix = (type: number, rd: RouteDistinguisher): string =>
  (rd.type === 1 ? [type, '|1:', rd.ip, '|', rd.assigned, '|'] : [type, '|', rd.type, ':', rd.asn, '|', rd.assigned, '|']).join('');

/**
 * The key of an NLRI after its prefix, the route's own fields, joined in one go (one flat string):
 * - type 1: ESI + Ethernet Tag (RFC 7432 §7.1);
 * - type 2: Ethernet Tag + MAC + IP; the IP text encodes its length (RFC 7432 §7.2: ESI and labels are not key);
 * - type 3: Ethernet Tag + originating IP (RFC 7432 §7.3);
 * - type 4: ESI + originating IP (RFC 7432 §7.4);
 * - type 5: Ethernet Tag + prefix/len (RFC 9136 §3.1: ESI, GW IP and label are not key).
 */
function keyWith(prefix: string, nlri: EvpnNlri): string {
  switch (nlri.type) {
    case 1:
      return [prefix, nlri.esi, '|', nlri.etag].join('');
    case 2:
      return [prefix, nlri.etag, '|', nlri.mac, '|', nlri.ip ?? ''].join('');
    case 3:
      return [prefix, nlri.etag, '|', nlri.originatorIp].join('');
    case 4:
      return [prefix, nlri.esi, '|', nlri.originatorIp].join('');
    case 5:
      return [prefix, nlri.etag, '|', nlri.prefix].join('');
  }
}

/** The route key of an EVPN NLRI: `2|1:192.168.100.1|2|0|02:ac:10:ff:00:11|10.0.0.11`. */
export const routeKey = (nlri: EvpnNlri): string => keyWith(keyPrefix(nlri.type, nlri.rd), nlri);

function sameRd(a: RouteDistinguisher, b: RouteDistinguisher): boolean {
  if (a === b) return true;
  if (a.assigned !== b.assigned) return false;
  return a.type === 1 ? b.type === 1 && a.ip === b.ip : a.type === b.type && a.asn === b.asn;
}

/**
 * Keys for the NLRI of one UPDATE, whose NLRI nearly always share one RD: the key prefix is built once
 * per RD. shared() hands out an NLRI with the first equal RD object, so a kept route does not keep a
 * copy of it (our codec already shares RDs within an UPDATE; other sources may not). Made per UPDATE.
 */
export class UpdateKeys {
  private rd: RouteDistinguisher | null = null;
  private type = 0;
  private lastPrefix = '';

  /** The prefix of the last key made: the same string object for every route of one RD and type. */
  get prefix(): string {
    return this.lastPrefix;
  }

  /** The NLRI with its RD replaced by the shared equal one (the same object when it already is). */
  shared(nlri: EvpnNlri): EvpnNlri {
    const rd = this.rd;
    if (rd === null || !sameRd(rd, nlri.rd)) {
      this.rd = nlri.rd;
      this.lastPrefix = keyPrefix(nlri.type, nlri.rd);
      this.type = nlri.type;
      return nlri;
    }
    return nlri.rd === rd ? nlri : withRd(nlri, rd);
  }

  /** routeKey(nlri), with the prefix built once per RD and route type. */
  key(nlri: EvpnNlri): string {
    if (this.rd === null || this.type !== nlri.type || !sameRd(this.rd, nlri.rd)) {
      this.rd = nlri.rd;
      this.type = nlri.type;
      this.lastPrefix = keyPrefix(nlri.type, nlri.rd);
    }
    return keyWith(this.lastPrefix, nlri);
  }
}

/** A copy of the NLRI with another (equal) RD object; type 2 spelled out since it is nearly every route. */
function withRd(nlri: EvpnNlri, rd: RouteDistinguisher): EvpnNlri {
  if (nlri.type !== 2) return { ...nlri, rd };
  const copy: EvpnNlri = { type: 2, rd, esi: nlri.esi, etag: nlri.etag, mac: nlri.mac, ip: nlri.ip, label1: nlri.label1 };
  if (nlri.label2 !== undefined) copy.label2 = nlri.label2;
  return copy;
}

