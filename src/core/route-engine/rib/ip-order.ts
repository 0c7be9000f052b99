// A total order on IP address text, for the "lowest IP wins" tie-breaks of RFC 4271 §9.1.2.2 (f, g)
// and RFC 7432 §15.1. Numeric, not lexical: "10.0.0.9" sorts before "10.0.0.10".
import { isIPv4 } from 'node:net';

/** Negative when a is the lower address; IPv4 sorts before IPv6; unparseable text sorts last, lexically. */
export function compareIp(a: string, b: string): number {
  if (a === b) return 0;
  const av4 = isIPv4(a);
  const bv4 = isIPv4(b);
  if (av4 && bv4) return ipv4Number(a) - ipv4Number(b);
  if (av4 !== bv4) return av4 ? -1 : 1;
  const av6 = ipv6Words(a);
  const bv6 = ipv6Words(b);
  if (av6 && bv6) {
    for (let i = 0; i < 8; i++) {
      const d = (av6[i] ?? 0) - (bv6[i] ?? 0);
      if (d !== 0) return d;
    }
    return 0;
  }
  if (av6 || bv6) return av6 ? -1 : 1;
  return a < b ? -1 : 1;
}

function ipv4Number(ip: string): number {
  let n = 0;
  for (const part of ip.split('.')) n = n * 256 + Number(part);
  return n;
}

/** The eight 16-bit words of an IPv6 address, or null when it is not one (embedded IPv4 included). */
function ipv6Words(ip: string): number[] | null {
  if (!ip.includes(':')) return null;
  const [head = '', tail, extra] = ip.split('::');
  if (extra !== undefined) return null;
  const words = (s: string): number[] | null => {
    if (s === '') return [];
    const out: number[] = [];
    for (const part of s.split(':')) {
      if (isIPv4(part)) {
        const v = ipv4Number(part);
        out.push(Math.floor(v / 65536), v % 65536);
      } else if (/^[0-9a-f]{1,4}$/i.test(part)) out.push(Number.parseInt(part, 16));
      else return null;
    }
    return out;
  };
  const h = words(head);
  const t = tail === undefined ? [] : words(tail);
  if (!h || !t) return null;
  if (tail === undefined) return h.length === 8 ? h : null;
  const fill = 8 - h.length - t.length;
  return fill < 0 ? null : [...h, ...new Array<number>(fill).fill(0), ...t];
}
