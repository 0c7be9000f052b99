// FRR 8.4 as the reference peer: a kernel VTEP (vxlan10 + br10 + h1) with zebra and bgpd. What it accepted
// from us is read where it matters, the kernel FDB (`00:00:00:00:00:00 dst <our VTEP>` from the type 3,
// `<MAC> dst <our VTEP> self` from the type 2); what it originates from `show bgp l2vpn evpn json`.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { run } from '../../../src/lab/exec.js';
import type { FrrInstance } from '../../../src/lab/frr.js';
import { BUM_MAC, fdbShow, floodVteps } from '../../../src/lab/kernel-vtep.js';
import { ip } from '../../../src/lab/netns.js';
import { learnHost, type KernelSite } from '../../../src/lab/topology/kernel-site.js';
import type { SpeakerPair } from '../../../src/lab/topology/speaker-pair.js';
import { OUR_CLIENT } from './speaker-daemon.js';
import type { ComparableRoute, NotificationWatch, PeerKind, PeerUnderTest } from './peer.js';

interface FrrPath {
  routeType?: number;
  mac?: string;
  ip?: string;
  peerId?: string;
  extendedCommunity?: { string?: string };
  nexthops?: { ip?: string }[];
}

/** FRR's locally originated EVPN routes from `show bgp l2vpn evpn json` (RD -> prefix -> paths). */
export function frrOwnRoutes(json: unknown, vni: number): ComparableRoute[] {
  const out: ComparableRoute[] = [];
  for (const [rd, byPrefix] of Object.entries(json as Record<string, unknown>)) {
    if (byPrefix === null || typeof byPrefix !== 'object') continue;
    for (const entry of Object.values(byPrefix as Record<string, unknown>)) {
      const paths = (entry as { paths?: unknown }).paths;
      if (!Array.isArray(paths)) continue;
      for (const p of paths.flat() as FrrPath[]) {
        if (p.peerId !== '(unspec)' || (p.routeType !== 2 && p.routeType !== 3)) continue; // local routes only
        const rts = (p.extendedCommunity?.string ?? '').split(' ').filter((c) => c.startsWith('RT:')).map((c) => c.slice(3)).sort();
        out.push({
          type: p.routeType, rd, rts, label: vni, nextHop: p.nexthops?.[0]?.ip ?? '',
          mac: p.routeType === 2 ? (p.mac ?? null) : null, ip: p.routeType === 2 ? (p.ip ?? null) : null,
        });
      }
    }
  }
  return out;
}

/** Lines of a log file after `from` characters. */
async function logSince(path: string, from: number): Promise<string> {
  return (await readFile(path, 'utf8')).slice(from);
}

/** The adapter over the pair's FRR. */
export function frrPeer(pair: SpeakerPair): PeerUnderTest {
  const frr: FrrInstance | undefined = pair.peer.frr;
  const site: KernelSite | undefined = pair.peer.site;
  const h1 = site?.hosts[0];
  if (!frr || !site || !h1) throw new Error('expected an FRR peer with a kernel site and host h1');
  const ours = pair.speaker.ip; // our VTEP (next hop, flood entry)
  const session = pair.speaker.sessionIp; // the neighbor address FRR knows us by
  const fdb = () => fdbShow(site.netns, site.vtep.vxlanDev);
  return {
    advertise: async () => {
      await ip(site.netns, 'link', 'set', site.vtep.vxlanDev, 'up'); // back from withdrawImet
      await learnHost(site, h1); // FRR advertises a MAC once the bridge knows it (lab-recipe P11)
    },
    // FRR withdraws the VNI's type 3 while its vxlan device is down (lab-recipe "FRR REQUIREMENTS").
    withdrawImet: async () => void (await ip(site.netns, 'link', 'set', site.vtep.vxlanDev, 'down')),
    withdrawMac: async () => {
      await run(['bridge', '-n', site.netns, 'fdb', 'del', h1.mac, 'dev', `${h1.name}-p`, 'master']);
      await run(['ip', '-n', site.netns, 'neigh', 'del', h1.ip, 'dev', site.vtep.bridge]);
    },
    ownRoutes: async () => frrOwnRoutes(await frr.evpnRoutes(), site.vtep.vni),
    ourRoutesProblem: async () => {
      const entries = await fdb();
      if (!entries.some((e) => e.mac === BUM_MAC && e.dst === ours)) return `no ${BUM_MAC} dst ${ours} (type 3 with PMSI) in ${JSON.stringify(entries)}`;
      if (!entries.some((e) => e.mac === OUR_CLIENT.mac && e.dst === ours && e.flags.includes('self'))) return `no ${OUR_CLIENT.mac} dst ${ours} self (type 2) in the vxlan FDB`;
      const mac = (await frr.evpnMacs(site.vtep.vni))[OUR_CLIENT.mac];
      if (mac?.type !== 'remote' || mac.remoteVtep !== ours) return `show evpn mac vni ${site.vtep.vni}: ${OUR_CLIENT.mac} is ${JSON.stringify(mac)}`;
      return null;
    },
    lacksOurMac: async () => !(await fdb()).some((e) => e.mac === OUR_CLIENT.mac),
    lacksOurImet: async () => !(await floodVteps(site.vtep)).includes(ours),
    reset: async () => void (await frr.vtysh(`clear bgp ${session}`)),
    established: async () => (await frr.neighbors())[session]?.bgpState === 'Established',
    watchNotifications: async (): Promise<NotificationWatch> => {
      const log = join(frr.dir, 'bgpd.log');
      const from = (await readFile(log, 'utf8')).length;
      return {
        // bgpd logs "%NOTIFICATION: received from neighbor 192.168.100.2 2/2 (OPEN Message Error/Bad Peer AS)".
        seen: async (code, subcode) => (await logSince(log, from)).includes(`received from neighbor ${session} ${code}/${subcode} `),
        stop: async () => undefined,
      };
    },
  };
}

/** FRR for the shared suite. */
export const FRR: PeerKind = { name: 'FRR 8.4', kind: 'frr', importsOurAutoRt: true, echoesOverEbgp: true, adapter: (pair) => frrPeer(pair) };
