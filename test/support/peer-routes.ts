// EVPN routes a test peer originates, in a JSON-friendly form that crosses the line protocol of the table
// peer (table-peer.ts), and what OVN must look like for them. The expectation is computed here from the
// routes alone (RFC 7432 §15.1 best MAC, MAC-only and MAC+IP merged), never from the daemon's own code.
import { isIPv4 } from 'node:net';
import type { Announcement } from '../../src/core/route-engine/rib/update-packer.js';
import { ESI_ZERO } from '../../src/core/session-engine/wire/esi.js';
import { parseRd } from '../../src/core/session-engine/wire/rd.js';
import type { EvpnNlri, PathAttributes } from '../../src/core/session-engine/wire/types.js';

/** A type 3 (the VTEP joins the VNI's flood list) or type 2 (a MAC, optionally with one IP, behind the VTEP). */
export type PeerRoute =
  | { type: 3; vni: number; vtep: string; rd: string }
  | { type: 2; vni: number; vtep: string; rd: string; mac: string; ip: string | null; seq?: number; encap?: number };

/** What a peer received from the daemon, one entry per NLRI. */
export interface ReceivedRoute {
  type: number;
  rd: string;
  mac: string | null;
  ip: string | null;
  /** Type 3 originating IP. */
  originatorIp: string | null;
  nextHop: string;
  label: number | null;
  rts: string[];
  /** MAC Mobility sequence, null without the extended community. */
  seq: number | null;
}


/** The NLRI key of a route (RFC 7432 §7.2/§7.3: RD, Ethernet Tag 0, MAC, IP or originating IP). */
export const routeKey = (r: PeerRoute): string => (r.type === 3 ? `3|${r.rd}|${r.vtep}` : `2|${r.rd}|${r.mac}|${r.ip ?? ''}`);

/** The NLRI of a route; the label is the VNI (RFC 8365 §5.1.3). */
export function nlriOf(r: PeerRoute): EvpnNlri {
  if (r.type === 3) return { type: 3, rd: parseRd(r.rd), etag: 0, originatorIp: r.vtep };
  return { type: 2, rd: parseRd(r.rd), esi: ESI_ZERO, etag: 0, mac: r.mac, ip: r.ip, label1: r.vni };
}

/**
 * Announcements with one shared attributes object per (type, VNI, VTEP, sequence), so the packer puts
 * routes that agree into the same UPDATE as a real speaker would. RT is the auto RT <asn>:<VNI>.
 */
export function announcementsOf(routes: readonly PeerRoute[], asn: number): Announcement[] {
  const shared = new Map<string, PathAttributes>();
  return routes.map((r) => {
    const seq = r.type === 2 ? r.seq : undefined;
    // RFC 9012 tunnel type of the Encapsulation EC: 8 (VXLAN) unless the route names another.
    const encap = r.type === 2 ? r.encap ?? 8 : 8;
    const key = `${r.type}|${r.vni}|${r.vtep}|${seq ?? ''}|${encap}`;
    let attributes = shared.get(key);
    if (attributes === undefined) {
      attributes = {
        origin: 0, asPath: [], localPref: 100, other: [],
        extCommunities: [
          { kind: 'route-target', rt: { type: 0, asn: asn & 0xffff, assigned: r.vni }, transitive: true },
          { kind: 'encapsulation', tunnelType: encap },
          ...(seq === undefined ? [] : [{ kind: 'mac-mobility' as const, sticky: false, seq }]),
        ],
        // RFC 6514 §5 / RFC 8365 §5.1.3: ingress replication to the VTEP, label = VNI.
        ...(r.type === 3 && { pmsiTunnel: { flags: 0, tunnelType: 6, label: r.vni, tunnelId: r.vtep } }),
      };
      shared.set(key, attributes);
    }
    return { nlri: nlriOf(r), attributes, nextHop: r.vtep };
  });
}

const hex = (n: number): string => (n & 0xff).toString(16).padStart(2, '0');

/** What a bulk table holds: `macs` MAC+IP routes spread over the VNIs, then over the VTEPs, plus a type 3 per pair. */
export interface BulkSpec {
  vnis: readonly number[];
  vteps: readonly string[];
  macs: number;
  /** Index of the first MAC, so two tables can hold different MACs. Default 0. */
  first?: number;
}

/** The routes of a bulk table: MAC i in VNI vnis[i % V] behind vteps[(i / V) % T], unique MACs and IPs. */
export function bulkRoutes(s: BulkSpec): PeerRoute[] {
  const out: PeerRoute[] = [];
  for (const vtep of s.vteps) for (const vni of s.vnis) out.push({ type: 3, vni, vtep, rd: `${vtep}:${vni}` });
  for (let n = 0; n < s.macs; n++) {
    const i = (s.first ?? 0) + n;
    const vni = s.vnis[i % s.vnis.length] ?? 0;
    const vtep = s.vteps[Math.floor(i / s.vnis.length) % s.vteps.length] ?? '';
    out.push({ type: 2, vni, vtep, rd: `${vtep}:${vni}`, mac: bulkMac(i), ip: `10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}` });
  }
  return out;
}

/** The MAC of bulk route i. */
export const bulkMac = (i: number): string => `02:5e:${hex(i >> 24)}:${hex(i >> 16)}:${hex(i >> 8)}:${hex(i)}`;

/** The EVPN objects OVN must hold for a set of imported remote routes. */
export interface ExpectedPair {
  vni: number;
  vtep: string;
  /** LSP addresses, sorted: one "MAC ip..." per MAC won by this VTEP, plus "unknown". */
  addresses: string[];
}

const ipv4Number = (ip: string): number => ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);

/** RFC 7432 §15.1 between two claims: the higher sequence wins, then the lower VTEP IP (IPv4 only here). */
const beats = (a: { seq: number; vtep: string }, b: { seq: number; vtep: string }): boolean =>
  a.seq !== b.seq ? a.seq > b.seq : ipv4Number(a.vtep) < ipv4Number(b.vtep);

/**
 * The (VNI, VTEP) pairs and their addresses for routes of configured VNIs: a VTEP exists while any of its
 * routes is there (type 3 or 2); a MAC goes to its best VTEP with the IPs of that VTEP's routes for it.
 * `localMacs` (per VNI) are won by us and appear nowhere (the tests give them no higher remote sequence).
 */
export function expectedPairs(routes: readonly PeerRoute[], vnis: readonly number[], localMacs: ReadonlyMap<number, ReadonlySet<string>> = new Map()): ExpectedPair[] {
  const wanted = new Set(vnis);
  const pairs = new Map<string, ExpectedPair>();
  const best = new Map<string, { vni: number; mac: string; vtep: string; seq: number }>();
  for (const r of routes) {
    if (!wanted.has(r.vni)) continue;
    const key = `${r.vni}|${r.vtep}`;
    if (!pairs.has(key)) pairs.set(key, { vni: r.vni, vtep: r.vtep, addresses: [] });
    if (r.type !== 2 || localMacs.get(r.vni)?.has(r.mac) === true) continue;
    const claim = { vni: r.vni, mac: r.mac, vtep: r.vtep, seq: r.seq ?? 0 };
    const mk = `${r.vni}|${r.mac}`;
    const had = best.get(mk);
    if (had === undefined || (had.vtep !== claim.vtep && beats(claim, had))) best.set(mk, claim);
  }
  const ipsOf = new Map<string, Set<string>>();
  for (const r of routes) {
    if (r.type !== 2 || r.ip === null) continue;
    const mk = `${r.vni}|${r.mac}`;
    if (best.get(mk)?.vtep !== r.vtep) continue;
    const set = ipsOf.get(mk) ?? new Set<string>();
    set.add(r.ip);
    ipsOf.set(mk, set);
  }
  for (const [mk, b] of best) {
    // OVN's entry: the MAC, then IPv4 before IPv6, each in text order.
    const ips = [...(ipsOf.get(mk) ?? [])].sort((x, y) => Number(!isIPv4(x)) - Number(!isIPv4(y)) || (x < y ? -1 : x > y ? 1 : 0));
    pairs.get(`${b.vni}|${b.vtep}`)?.addresses.push([b.mac, ...ips].join(' '));
  }
  for (const p of pairs.values()) p.addresses = [...p.addresses, 'unknown'].sort();
  return [...pairs.values()].sort((a, b) => a.vni - b.vni || ipv4Number(a.vtep) - ipv4Number(b.vtep));
}
