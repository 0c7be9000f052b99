// gobgp CLI argument builders for EVPN routes (type 3 inclusive multicast, type 2 MAC/IP), as the recipe
// used them. Pure, so the exact argv is unit-tested. A type 3 carries PMSI ingress replication by default:
// FRR 8.4 installs no BUM FDB entry without it (lab-recipe P1).

/** A type-3 (inclusive multicast Ethernet tag) route. */
export interface EvpnMulticastRoute {
  /** Originating router IP = the VTEP FRR floods to (lab-recipe P8). */
  vtep: string;
  rd: string;
  /** Route targets (one at least, e.g. 65000:10). */
  rts: readonly string[];
  vni: number;
  etag?: number;
  /** Default true: PMSI tunnel attribute type 6, label = VNI, tunnel id = tunnelId ?? vtep. */
  pmsi?: boolean;
  tunnelId?: string;
  /** MP_REACH next hop; gobgp substitutes the session's local address when absent. */
  nexthop?: string;
}

/** A type-2 (MAC/IP advertisement) route; ip absent = MAC-only. */
export interface EvpnMacIpRoute {
  mac: string;
  ip?: string;
  vni: number;
  rd: string;
  rts: readonly string[];
  etag?: number;
  nexthop?: string;
}

/** argv (after `gobgp --target ...`) to add or delete a type-3 route. */
export function multicastArgs(op: 'add' | 'del', r: EvpnMulticastRoute): string[] {
  const args = ['global', 'rib', '-a', 'evpn', op, 'multicast', r.vtep, 'etag', String(r.etag ?? 0), 'rd', r.rd];
  if (op === 'del') return args;
  args.push('rt', ...r.rts, 'encap', 'vxlan');
  if (r.pmsi ?? true) args.push('pmsi', 'ingress-repl', String(r.vni), r.tunnelId ?? r.vtep);
  if (r.nexthop) args.push('nexthop', r.nexthop);
  return args;
}

/** argv (after `gobgp --target ...`) to add or delete a type-2 route; the label is the VNI (RFC 8365 §5.1.3). */
export function macIpArgs(op: 'add' | 'del', r: EvpnMacIpRoute): string[] {
  const args = ['global', 'rib', '-a', 'evpn', op, 'macadv', r.mac, r.ip ?? '0.0.0.0', 'etag', String(r.etag ?? 0),
    'label', String(r.vni), 'rd', r.rd];
  if (op === 'del') return args;
  args.push('rt', ...r.rts, 'encap', 'vxlan');
  if (r.nexthop) args.push('nexthop', r.nexthop);
  return args;
}
