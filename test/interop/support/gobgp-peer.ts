// gobgpd 3.10 as the reference peer, read through `gobgp -j global rib -a evpn`. It shows the label, the
// PMSI attribute (type 22) and the extended communities of what it accepted. Its local routes carry next
// hop 0.0.0.0 in its RIB and the session's local address on the wire (lab-recipe P8), compared as such.
// The NOTIFICATIONs it receives are not logged at info level, so a capture on its interface shows them.
import { readFields, startCapture } from '../../../src/lab/capture.js';
import { LAB_VNI, labRd } from '../../../src/lab/topology/plan.js';
import type { SpeakerPair } from '../../../src/lab/topology/speaker-pair.js';
import { OUR_CLIENT } from './speaker-daemon.js';
import { PEER_CLIENT, type ComparableRoute, type NotificationWatch, type PeerKind, type PeerUnderTest } from './peer.js';

interface GobgpAttr {
  type: number;
  nexthop?: string;
  value?: unknown;
  'tunnel-type'?: number;
  label?: number;
  'tunnel-id'?: string;
}

interface GobgpPath {
  nlri: { type: number; value: { rd: { admin: string; assigned: number }; mac?: string; ip?: string; labels?: number[] } };
  attrs: GobgpAttr[];
}

const rtsOf = (attrs: readonly GobgpAttr[]): string[] => {
  const ecs = (attrs.find((a) => a.type === 16)?.value ?? []) as { type: number; subtype: number; value?: string }[];
  return ecs.filter((e) => e.subtype === 2).map((e) => e.value ?? '').sort();
};
const hasVxlanEncap = (attrs: readonly GobgpAttr[]): boolean =>
  ((attrs.find((a) => a.type === 16)?.value ?? []) as { type: number; subtype: number; tunnel_type?: number }[])
    .some((e) => e.type === 3 && e.subtype === 12 && e.tunnel_type === 8);

/** Every path of gobgp's EVPN RIB. */
const allPaths = (rib: Record<string, unknown[]>): GobgpPath[] => Object.values(rib).flat() as GobgpPath[];

/** The adapter over the pair's gobgpd. */
export function gobgpPeer(pair: SpeakerPair, rt: string): PeerUnderTest {
  const g = pair.peer.gobgp;
  if (!g) throw new Error('expected gobgpd in the peer netns');
  const me = pair.peer.ip;
  const ours = pair.speaker.ip; // our VTEP (next hop, RD)
  const session = pair.speaker.sessionIp; // the neighbor address gobgpd knows us by
  const rd = labRd(me);
  // An explicit next hop: gobgpd would put the session's local address there, an IPv6 one over IPv6 (lab-recipe P8).
  const macIp = { mac: PEER_CLIENT.mac, ip: PEER_CLIENT.ip, vni: LAB_VNI, rd, rts: [rt], nexthop: me };
  const imet = { vtep: me, rd, rts: [rt], vni: LAB_VNI, nexthop: me };
  return {
    advertise: async () => {
      await g.addMulticast(imet);
      await g.addMacIp(macIp);
    },
    withdrawMac: () => g.delMacIp(macIp),
    withdrawImet: () => g.delMulticast(imet),
    ownRoutes: async () => allPaths(await g.evpnRib()).filter((p) => p.nlri.value.rd.admin === me).map((p): ComparableRoute => {
      const v = p.nlri.value;
      const nh = p.attrs.find((a) => a.type === 14)?.nexthop;
      const pmsi = p.attrs.find((a) => a.type === 22);
      return {
        type: p.nlri.type as 2 | 3, rd: `${v.rd.admin}:${v.rd.assigned}`, rts: rtsOf(p.attrs),
        label: p.nlri.type === 2 ? (v.labels?.[0] ?? null) : (pmsi?.label ?? null),
        nextHop: nh === undefined || nh === '0.0.0.0' ? me : nh,
        mac: p.nlri.type === 2 ? (v.mac ?? null) : null,
        ip: p.nlri.type !== 2 || v.ip === undefined || v.ip === '<nil>' ? null : v.ip,
      };
    }),
    ourRoutesProblem: async () => {
      const paths = allPaths(await g.evpnRib()).filter((p) => p.nlri.value.rd.admin === ours);
      const imet = paths.find((p) => p.nlri.type === 3);
      const pmsi = imet?.attrs.find((a) => a.type === 22);
      if (!imet || pmsi?.['tunnel-type'] !== 6 || pmsi.label !== LAB_VNI || pmsi['tunnel-id'] !== ours) return `type 3 with PMSI IR label ${LAB_VNI}: ${JSON.stringify(imet)}`;
      if (!hasVxlanEncap(imet.attrs)) return 'type 3 without the VXLAN Encapsulation EC';
      const macs = paths.filter((p) => p.nlri.type === 2 && p.nlri.value.mac === OUR_CLIENT.mac);
      if (macs.length !== 2) return `expected MAC-only and MAC+IP type 2 for ${OUR_CLIENT.mac}, got ${macs.length}`;
      for (const m of macs) {
        if (m.nlri.value.labels?.[0] !== LAB_VNI || !hasVxlanEncap(m.attrs) || m.attrs.find((a) => a.type === 14)?.nexthop !== ours) return `type 2: ${JSON.stringify(m)}`;
      }
      return null;
    },
    lacksOurMac: async () => !allPaths(await g.evpnRib()).some((p) => p.nlri.value.mac === OUR_CLIENT.mac),
    lacksOurImet: async () => !allPaths(await g.evpnRib()).some((p) => p.nlri.type === 3 && p.nlri.value.rd.admin === ours),
    // `neighbor reset` keeps gobgpd Idle for 30 s (idle-hold-time-after-reset); disable + enable is quick.
    reset: async () => {
      await g.cli('neighbor', session, 'disable');
      await g.cli('neighbor', session, 'enable');
    },
    established: async () => (await g.neighbors()).find((n) => n.address === session)?.sessionState === 'established',
    watchNotifications: async (): Promise<NotificationWatch> => {
      const cap = await startCapture(pair.run, { netns: pair.peer.netns, iface: pair.peer.iface, filter: 'tcp port 179', name: `notify-${Date.now()}.pcap` });
      return {
        seen: async (code, subcode) => {
          const rows = await readFields(cap.pcap, ['ip.src', 'ipv6.src', 'bgp.notify.major_error', 'bgp.notify.minor_error_open', 'bgp.notify.minor_error_cease'], 'bgp.type == 3');
          return rows.some((r) => (r['ip.src'] === session || r['ipv6.src'] === session) && r['bgp.notify.major_error'] === String(code)
            && (r['bgp.notify.minor_error_open'] === String(subcode) || r['bgp.notify.minor_error_cease'] === String(subcode)));
        },
        stop: () => cap.stop(),
      };
    },
  };
}

/** gobgpd for the shared suite. */
export const GOBGP: PeerKind = { name: 'GoBGP 3.10', kind: 'gobgp', importsOurAutoRt: true, echoesOverEbgp: false, adapter: gobgpPeer };
