// One spelling per IPv6 address, for keys and for comparing a peer's socket address with a neighbor's.

/** Compresses an IPv6 address to the RFC 5952 form, so one address has one spelling in keys. */
export function canonicalIpv6(value: string): string {
  return new URL(`http://[${value}]/`).hostname.slice(1, -1);
}
