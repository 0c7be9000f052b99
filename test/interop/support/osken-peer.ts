// os-ken 2.5's BGPSpeaker (the original prototype's engine) as the reference peer. Its runner reports
// best-path changes with the NLRI fields, the attributes as os-ken prints them and the PMSI VNI; its own
// routes are the ones we asked it to originate (os-ken does not report its local paths). It logs the
// NOTIFICATIONs it receives ("Received notification message ... error_code=2,error_subcode=2").
import { readFile } from 'node:fs/promises';
import type { LineEvent } from '../../../src/lab/line-events.js';
import { LAB_VNI, labRd } from '../../../src/lab/topology/plan.js';
import type { SpeakerPair } from '../../../src/lab/topology/speaker-pair.js';
import { OUR_CLIENT } from './speaker-daemon.js';
import { PEER_CLIENT, type ComparableRoute, type NotificationWatch, type PeerKind, type PeerUnderTest } from './peer.js';

const ENCAP_VXLAN = /BGPEncapsulationExtendedCommunity\([^)]*tunnel_type=8/;

/** The adapter over the pair's os-ken speaker. */
export function oskenPeer(pair: SpeakerPair, rt: string): PeerUnderTest {
  const o = pair.peer.osken;
  if (!o) throw new Error('expected os-ken in the peer netns');
  const me = pair.peer.ip;
  const ours = pair.speaker.ip; // our VTEP (next hop, RD)
  const session = pair.speaker.sessionIp; // the neighbor address os-ken knows us by
  const rd = labRd(me);
  /** The latest best-path event per route of ours (our RD; a withdrawal may carry no next hop), withdrawals dropped. */
  const fromUs = (): LineEvent[] => {
    const latest = new Map<string, LineEvent>();
    for (const e of o.log.events) if (e.event === 'best-path' && String(e.route_dist).startsWith(`${ours}:`)) latest.set(String(e.prefix), e);
    return [...latest.values()].filter((e) => e.withdraw !== true);
  };
  const attrs = (e: LineEvent): string[] => (Array.isArray(e.attrs) ? e.attrs.map(String) : []);
  /** The prefixes in os-ken's EVPN VRF (what its import RTs let in), e.g. "multicast_etag(ethernet_tag_id:0,ip_addr:…)". */
  const vrfPrefixes = async (): Promise<string[]> => {
    const raw = await o.call('vrfs_get', { subcommand: 'routes', route_dist: rd, route_family: 'evpn', format: 'json' });
    const dests = JSON.parse(String(raw)) as { prefix?: unknown }[];
    return dests.map((d) => String(d.prefix));
  };
  return {
    advertise: async () => {
      await o.addMulticast({ rd, vtep: me, vni: LAB_VNI });
      await o.addMacIp({ rd, mac: PEER_CLIENT.mac, ip: PEER_CLIENT.ip, vni: LAB_VNI, nexthop: me });
    },
    withdrawMac: () => o.delMacIp({ rd, mac: PEER_CLIENT.mac, ip: PEER_CLIENT.ip }),
    withdrawImet: () => o.delMulticast({ rd, vtep: me }),
    ownRoutes: async (): Promise<ComparableRoute[]> => [
      { type: 3, rd, rts: [rt], label: LAB_VNI, nextHop: me, mac: null, ip: null },
      { type: 2, rd, rts: [rt], label: LAB_VNI, nextHop: me, mac: PEER_CLIENT.mac, ip: PEER_CLIENT.ip },
    ],
    ourRoutesProblem: async () => {
      const routes = fromUs();
      const imet = routes.find((e) => e.route_type === 'multicast_etag' && e.ip === ours);
      if (!imet) return 'no type 3 from us';
      const pmsi = attrs(imet).find((a) => a.startsWith('BGPPathAttributePmsiTunnel('));
      if (!pmsi?.includes('tunnel_type=6') || !pmsi.includes(`tunnel_endpoint_ip='${ours}'`) || imet.pmsi_vni !== LAB_VNI) return `type 3 PMSI: ${pmsi} vni ${String(imet.pmsi_vni)}`;
      if (!attrs(imet).some((a) => ENCAP_VXLAN.test(a))) return 'type 3 without the VXLAN Encapsulation EC';
      const macs = routes.filter((e) => e.route_type === 'mac_ip_adv' && e.mac === OUR_CLIENT.mac);
      if (macs.length !== 2) return `expected MAC-only and MAC+IP type 2, got ${macs.length}`;
      for (const m of macs) if (m.vni !== LAB_VNI || !attrs(m).some((a) => ENCAP_VXLAN.test(a))) return `type 2: ${JSON.stringify(m)}`;
      // Imported into its VRF (the best-path events are of the global table, whatever the RTs say).
      const vrf = await vrfPrefixes();
      const imported = [`ip_addr:${ours})`, `mac_addr:${OUR_CLIENT.mac},ip_addr:None)`, `mac_addr:${OUR_CLIENT.mac},ip_addr:${OUR_CLIENT.ip})`];
      if (!imported.every((p) => vrf.some((v) => v.endsWith(p)))) return `our routes are not all in os-ken's VRF ${rd}: ${JSON.stringify(vrf)}`;
      return null;
    },
    lacksOurMac: async () => !fromUs().some((e) => e.mac === OUR_CLIENT.mac),
    lacksOurImet: async () => !fromUs().some((e) => e.route_type === 'multicast_etag'),
    // neighbor_reset, not neighbor_del + neighbor_add: os-ken 2.5's best-path processor dies on the latter
    // (AttributeError on the removed peer's protocol in _cmp_by_router_id).
    reset: async () => void (await o.call('neighbor_reset', { address: session })),
    established: async () => {
      // os-ken reports peer-up with the peer's BGP Identifier and peer-down with its address (bgpspeaker.py).
      const last = [...o.log.events].reverse().find((e) => (e.event === 'peer-up' && e.address === ours) || (e.event === 'peer-down' && e.address === session));
      return last?.event === 'peer-up';
    },
    watchNotifications: async (): Promise<NotificationWatch> => {
      const log = o.process.logFile;
      const from = (await readFile(log, 'utf8')).length;
      return {
        seen: async (code, subcode) => (await readFile(log, 'utf8')).slice(from).includes(`error_code=${code},error_subcode=${subcode}`),
        stop: async () => undefined,
      };
    },
  };
}

/** os-ken for the shared suite. */
export const OSKEN: PeerKind = { name: 'os-ken 2.5', kind: 'osken', importsOurAutoRt: false, echoesOverEbgp: false, adapter: oskenPeer };
