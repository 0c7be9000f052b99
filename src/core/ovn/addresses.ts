// The Logical_Switch_Port "addresses" column (ovn-nb(5)): "MAC [IP...]", "unknown", "dynamic",
// "MAC dynamic", "dynamic IP...", "router". We write the first form for remote MACs and read all of them
// for local VM ports.
import { isIPv4, isIPv6 } from 'node:net';
import { canonicalIpv6 } from '../model/validate.js';

/** One MAC a port owns, with its IPs. */
export interface MacIps {
  mac: string;
  ips: string[];
}

const MAC_RE = /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i;

/** Normalizes one IP token ("10.0.0.5", "10.0.0.5/24", "fd00::5/64"); null when it is not an IP. */
function ipToken(token: string): string | null {
  const slash = token.indexOf('/');
  const ip = slash < 0 ? token : token.slice(0, slash);
  if (isIPv4(ip)) return ip;
  if (isIPv6(ip)) return canonicalIpv6(ip);
  return null;
}

/** IPv4 before IPv6, each in text order, so one MAC has one canonical entry string. */
export function sortIps(ips: Iterable<string>): string[] {
  const uniq = [...new Set(ips)];
  return uniq.sort((a, b) => Number(a.includes(':')) - Number(b.includes(':')) || (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The addresses entry for a remote MAC: "MAC ip1 ip2" (merged MAC-only and MAC+IP routes, RFC 7432 §7.2).
 * One IP or none, by far the common case, needs no de-duplication or sort (nor their arrays).
 */
export function addressEntry(mac: string, ips: readonly string[]): string {
  const m = mac.toLowerCase();
  if (ips.length === 0) return m;
  if (ips.length === 1) return `${m} ${ips[0]}`;
  return [m, ...sortIps(ips)].join(' ');
}

/**
 * The MACs and IPs a VM port owns. `dynamic` entries take their values from dynamic_addresses (filled by
 * ovn-northd); "unknown" and "router" own nothing we can advertise.
 */
export function portMacs(addresses: readonly string[], dynamicAddresses: string | null): MacIps[] {
  const byMac = new Map<string, Set<string>>();
  const take = (entry: string): void => {
    const tokens = entry.trim().split(/\s+/);
    const first = tokens[0] ?? '';
    if (!MAC_RE.test(first)) return;
    const set = byMac.get(first.toLowerCase()) ?? new Set<string>();
    for (const t of tokens.slice(1)) {
      const ip = ipToken(t);
      if (ip !== null) set.add(ip);
    }
    byMac.set(first.toLowerCase(), set);
  };
  for (const entry of addresses) {
    if (entry.split(/\s+/).includes('dynamic')) {
      if (dynamicAddresses !== null && dynamicAddresses.trim() !== '') take(dynamicAddresses);
    } else {
      take(entry);
    }
  }
  return [...byMac].map(([mac, ips]) => ({ mac, ips: sortIps(ips) }));
}
