// The benchmark's raw BGP injector: a table of N MAC+IP type-2 routes over V VNIs (plus one type 3 per
// VNI), packed into UPDATEs as a real speaker would (one attribute set per VNI, up to 4096 octets each)
// and encoded before the clock starts; then one iBGP session that sends it all as fast as the socket
// takes it, End-of-RIB, and KEEPALIVEs until stdin closes. Progress is JSON lines on stdout.
// By default every route is the injector's own (RD, originator, PMSI tunnel id and next hop = its router
// id). With `vteps`, it speaks for several VTEPs as a route reflector would pass them on: one type 3 per
// (VNI, VTEP) with that VTEP as originator, tunnel id and next hop and an RD of its own (RFC 7432 §7.9:
// <VTEP>:<VNI>), and type-2 route i behind VTEP (i div V) mod T, so V × T routes give one MAC per pair.
import { packUpdates, type Announcement } from '../../src/core/route-engine/rib/update-packer.js';
import { endOfRib } from '../../src/core/session-engine/wire/end-of-rib.js';
import { encodeMessage } from '../../src/core/session-engine/wire/message.js';
import {
  AFI_L2VPN, SAFI_EVPN, type Capability, type EvpnNlri, type PathAttributes,
} from '../../src/core/session-engine/wire/types.js';
import { RawBgpPeer } from '../../test/support/raw-bgp-peer.js';

/** What the injector is told (argv[3] as JSON). */
export interface InjectOptions {
  target: string;
  localAddress: string;
  asn: number;
  routerId: string;
  routes: number;
  vnis: number;
  /** The VTEPs the routes come from (default: [routerId], the injector itself). */
  vteps?: string[];
}

const ZERO_ESI = '00:00:00:00:00:00:00:00:00:00';
const hex = (n: number): string => (n & 0xff).toString(16).padStart(2, '0');

/** The UPDATEs carrying `routes` type-2 routes spread over `vnis` VNIs (1..vnis) and their type 3s, encoded. */
export function encodedTable(o: Pick<InjectOptions, 'routes' | 'vnis' | 'routerId' | 'asn' | 'vteps'>): { messages: Buffer[]; nlri: number } {
  const vteps = o.vteps ?? [o.routerId];
  if (vteps.length === 0) throw new Error('expected at least one VTEP to inject routes from, got an empty list');
  const announcements: Announcement[] = [];
  const attrs: PathAttributes[] = [];
  for (let v = 1; v <= o.vnis; v++) {
    attrs.push({
      origin: 0, asPath: [], localPref: 100, other: [],
      extCommunities: [{ kind: 'route-target', rt: { type: 0, asn: o.asn & 0xffff, assigned: v }, transitive: true }, { kind: 'encapsulation', tunnelType: 8 }],
    });
  }
  for (let v = 1; v <= o.vnis; v++) {
    for (const vtep of vteps) {
      // The PMSI tunnel attribute names the VTEP, so each (VNI, VTEP) has its own attribute set.
      const imet: PathAttributes = { ...attrs[v - 1]!, pmsiTunnel: { flags: 0, tunnelType: 6, label: v, tunnelId: vtep } };
      const nlri: EvpnNlri = { type: 3, rd: { type: 1, ip: vtep, assigned: v }, etag: 0, originatorIp: vtep };
      announcements.push({ nlri, attributes: imet, nextHop: vtep });
    }
  }
  for (let i = 0; i < o.routes; i++) {
    const v = (i % o.vnis) + 1;
    const vtep = vteps[Math.floor(i / o.vnis) % vteps.length]!;
    const mac = `02:${hex(v >> 8)}:${hex(v)}:${hex(i >> 16)}:${hex(i >> 8)}:${hex(i)}`;
    const ip = `10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}`;
    const nlri: EvpnNlri = { type: 2, rd: { type: 1, ip: vtep, assigned: v }, esi: ZERO_ESI, etag: 0, mac, ip, label1: v };
    announcements.push({ nlri, attributes: attrs[v - 1]!, nextHop: vtep });
  }
  const updates = packUpdates([], announcements);
  const ctx = { fourOctetAs: true };
  return { messages: updates.map((u) => Buffer.from(encodeMessage(u, ctx))), nlri: announcements.length };
}

const emit = (event: string, fields: Record<string, unknown> = {}): void => {
  process.stdout.write(`${JSON.stringify({ event, t: Date.now(), ...fields })}\n`);
};

/** Runs the injector: connect, handshake, send everything, keep the session up until stdin ends. */
export async function inject(o: InjectOptions): Promise<void> {
  const { messages, nlri } = encodedTable(o);
  emit('encoded', { updates: messages.length, nlri });
  const peer = await RawBgpPeer.connect({ host: o.target, port: 179, localAddress: o.localAddress });
  const caps: Capability[] = [{ code: 1, afi: AFI_L2VPN, safi: SAFI_EVPN }, { code: 2 }, { code: 65, asn: o.asn }];
  await peer.handshake({ asn: o.asn, routerId: o.routerId, holdTime: 180, capabilities: caps });
  emit('sending');
  for (const m of messages) {
    if (!peer.sendRaw(m)) await new Promise<void>((r) => peer.socket.once('drain', () => r()));
  }
  peer.send(endOfRib());
  emit('sent');
  const keepalive = setInterval(() => peer.send({ type: 'keepalive' }), 30_000);
  const drain = setInterval(() => {
    while (peer.backlog > 0) void peer.next(); // read and drop what the target sends
  }, 1000);
  await new Promise<void>((done) => {
    process.stdin.on('end', () => done()).on('close', () => done()).resume();
    peer.closed.then(() => done(), () => done());
  });
  clearInterval(keepalive);
  clearInterval(drain);
  peer.destroy();
}
