// The load of the ingest benchmarks: N type-2 routes over 100 VNIs from 20 VTEPs (a MAC-only and a
// MAC+IP route per MAC, as FRR sends them) plus every VTEP's type-3 in every VNI, all from one route
// reflector, as UPDATEs of up to 100 NLRI sharing one attributes object (as FRR packs them).
// fabricUpdates() yields decoded-shape messages lazily; fabricStream() encodes them into one byte stream.
import { encodeMessage, OPEN_CONTEXT } from '../src/core/session-engine/wire/index.js';
import { AFI_L2VPN, SAFI_EVPN, type EvpnNlri, type PathAttributes, type UpdateMessage } from '../src/core/session-engine/wire/types.js';
import type { NetworkConfig, SpeakerConfig } from '../src/core/model/config.js';

export const VNIS = 100;
export const VTEPS = 20;
export const PER_UPDATE = 100;
/** The route reflector every route comes from. */
export const RR = '10.255.0.1';
export const SPEAKER: SpeakerConfig = { asn: 65000, routerId: '192.168.100.2', listenPort: 179 };
const ZERO_ESI = '00:00:00:00:00:00:00:00:00:00';

/** The configured networks: VNIs 1..100 with automatic RTs (65000:<vni>). */
export const networks = (): NetworkConfig[] =>
  Array.from({ length: VNIS }, (_, i) => ({ vni: i + 1, logicalSwitch: `ls${i + 1}`, importRts: [], exportRts: [], floodUnknown: true, index: i + 1 }));

const vtepIp = (v: number): string => `192.168.${100 + (v >> 8)}.${10 + (v & 0xff)}`;
const macOf = (i: number): string => `02:${[24, 16, 8, 0].map((s) => ((i >>> s) & 0xff).toString(16).padStart(2, '0')).join(':')}:00`;

function attributes(vni: number, pmsi: string | null): PathAttributes {
  const a: PathAttributes = {
    origin: 0, asPath: [], localPref: 100, other: [],
    extCommunities: [{ kind: 'route-target', rt: { type: 0, asn: 65000, assigned: vni }, transitive: true }, { kind: 'encapsulation', tunnelType: 8 }],
  };
  if (pmsi !== null) a.pmsiTunnel = { flags: 0, tunnelType: 6, label: vni, tunnelId: pmsi };
  return a;
}

const update = (attrs: PathAttributes, nextHop: string, evpn: EvpnNlri[]): UpdateMessage => ({
  type: 'update', withdrawnRaw: new Uint8Array(0), nlriRaw: new Uint8Array(0),
  attributes: { ...attrs, mpReach: { afi: AFI_L2VPN, safi: SAFI_EVPN, nextHops: [nextHop], evpn } },
});

/** The UPDATEs: type-3s first, then type-2s by VNI and VTEP. Made lazily so that only what the engine keeps stays in memory. */
export function* fabricUpdates(type2: number): Generator<UpdateMessage> {
  for (let vni = 1; vni <= VNIS; vni++) {
    for (let v = 0; v < VTEPS; v++) {
      const ip = vtepIp(v);
      yield update(attributes(vni, ip), ip, [{ type: 3, rd: { type: 1, ip, assigned: vni }, etag: 0, originatorIp: ip }]);
    }
  }
  const macsPerGroup = Math.ceil(type2 / 2 / (VNIS * VTEPS));
  let made = 0;
  let mac = 0;
  for (let vni = 1; vni <= VNIS && made < type2; vni++) {
    for (let v = 0; v < VTEPS && made < type2; v++) {
      const ip = vtepIp(v);
      const attrs = attributes(vni, null);
      let batch: EvpnNlri[] = [];
      for (let m = 0; m < macsPerGroup && made < type2; m++, mac++) {
        // Plain literals, one RD object each, as a decoder produces them.
        const text = macOf(mac);
        const addr = `10.${(mac >> 16) & 0xff}.${(mac >> 8) & 0xff}.${mac & 0xff}`;
        batch.push(
          { type: 2, rd: { type: 1, ip, assigned: vni }, esi: ZERO_ESI, etag: 0, mac: text, ip: null, label1: vni },
          { type: 2, rd: { type: 1, ip, assigned: vni }, esi: ZERO_ESI, etag: 0, mac: text, ip: addr, label1: vni },
        );
        made += 2;
        if (batch.length >= PER_UPDATE) {
          yield update(attrs, ip, batch);
          batch = [];
        }
      }
      if (batch.length > 0) yield update(attrs, ip, batch);
    }
  }
}

/** The same UPDATEs encoded back to back, as they would arrive on the session's socket. */
export function fabricStream(type2: number): { stream: Uint8Array; updates: number } {
  const chunks: Uint8Array[] = [];
  for (const u of fabricUpdates(type2)) chunks.push(encodeMessage(u, OPEN_CONTEXT));
  const stream = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let off = 0;
  for (const c of chunks) {
    stream.set(c, off);
    off += c.length;
  }
  return { stream, updates: chunks.length };
}
