// A synthetic full-table load: n type-2 routes (half MAC-only, half MAC+IP, as FRR sends them) packed
// into UPDATEs of at most 4096 octets that share one set of attributes, encoded as one byte stream.
import { encodeMessage, evpnRouteLength, OPEN_CONTEXT, type EvpnRoute, type PathAttributes } from '../../../../../src/core/session-engine/wire/index.js';

const RD = { type: 1 as const, ip: '192.168.100.1', assigned: 2 };
const ATTRS: Omit<PathAttributes, 'mpReach'> = {
  origin: 0, asPath: [], localPref: 100, other: [],
  extCommunities: [{ kind: 'encapsulation', tunnelType: 8 }, { kind: 'route-target', rt: { type: 0, asn: 65000, assigned: 10 }, transitive: true }],
};
const OVERHEAD = 19 + 4 + 4 + 7 + 4 + 4 + 3 + 4 + 7 + 3 + 16; // header, lengths, ORIGIN, AS_PATH, LOCAL_PREF, EXT_COMMUNITIES, MP_REACH head

/** The i-th route of the load. */
export function loadRoute(i: number): EvpnRoute {
  const mac = `02:${[(i >> 24) & 0xff, (i >> 16) & 0xff, (i >> 8) & 0xff, i & 0xff, 0x11].map((b) => b.toString(16).padStart(2, '0')).join(':')}`;
  const ip = i % 2 === 1 ? `10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}` : null;
  return { type: 2, rd: RD, esi: '00:00:00:00:00:00:00:00:00:00', etag: 0, mac, ip, label1: 10 };
}

/** The encoded stream and how many UPDATEs it holds. */
export function evpnLoad(n: number): { stream: Uint8Array; messages: number } {
  const chunks: Uint8Array[] = [];
  let batch: EvpnRoute[] = [];
  let size = OVERHEAD;
  const flush = (): void => {
    if (batch.length === 0) return;
    chunks.push(encodeMessage({ type: 'update', withdrawnRaw: new Uint8Array(0), nlriRaw: new Uint8Array(0),
      attributes: { ...ATTRS, mpReach: { afi: 25, safi: 70, nextHops: ['192.168.100.1'], evpn: batch } } }, OPEN_CONTEXT));
    batch = [];
    size = OVERHEAD;
  };
  for (let i = 0; i < n; i++) {
    const r = loadRoute(i);
    const len = evpnRouteLength(r);
    if (size + len > 4096) flush();
    batch.push(r);
    size += len;
  }
  flush();
  const stream = new Uint8Array(chunks.reduce((s, c) => s + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    stream.set(c, off);
    off += c.length;
  }
  return { stream, messages: chunks.length };
}
