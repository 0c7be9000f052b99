// Local MACs: the VMs of the mapped logical switch (found in OVN) and the clients added by hand.
// One MAC may come from both; its IP set is the union, and it goes away only when no source has it.
import { compareIp } from '../rib/ip-order.js';

/** Where a local MAC was learned: `client add` (config) or the OVN NB database (ovn). */
export type LocalSource = 'config' | 'ovn';

/** A MAC behind one of our own ports. */
export interface LocalMac {
  readonly sources: Map<LocalSource, readonly string[]>;
  /** Union of the sources' IPs, sorted, duplicates removed. */
  ips: readonly string[];
  /** Static MAC: advertised sticky, never moves away (RFC 7432 §15.2). */
  sticky: boolean;
  /** Our MAC Mobility sequence number for it (RFC 7432 §15.1). */
  seq: number;
}

/** Sorted, de-duplicated union of IP lists. */
export function mergeIps(lists: Iterable<readonly string[]>): string[] {
  const all = new Set<string>();
  for (const list of lists) for (const ip of list) all.add(ip);
  return [...all].sort(compareIp);
}

/** Element-wise equality of two IP lists. */
export function sameIps(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((ip, i) => ip === b[i]);
}
