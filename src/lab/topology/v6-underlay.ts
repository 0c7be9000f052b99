// The IPv6-only underlay lab (issue 9, item 3): site X is a Linux kernel VTEP whose vxlan device has an
// IPv6 `local` (fd00:100::1), with host h1; site Y is OVS netdev + OVN with its VTEP fd00:100::2 on br-phy,
// where evpnctl's daemon runs. No IPv4 address exists on the underlay.
//
// FRR cannot be site X's speaker: FRR 8.4 (and 10.3) have no IPv6 VTEPs for EVPN (FRRouting/frr#5885;
// the support landed in 10.6), so gobgpd speaks BGP for X over IPv6 and carries its EVPN routes with IPv6
// next hop, originating IP and PMSI tunnel id, and X's vxlan FDB is programmed as FRR's zebra would do it.
import type { CleanupReport } from '../cleanup.js';
import { startGobgp, type GobgpInstance } from '../gobgp.js';
import type { Host } from '../hosts.js';
import { addFloodVtep, addRemoteMac } from '../kernel-vtep.js';
import { LabRun, type LabRunOptions } from '../run.js';
import { populateKernelSite, type KernelSite } from './kernel-site.js';
import { populateOvnSite, type OvnSite } from './ovn-site.js';
import { LAB_ASN, LAB_VNI, SITE_X6, SITE_Y6, labRt } from './plan.js';
import { connectUnderlay } from './underlay.js';

/** Site X's BGP identifier: an IPv4 number (RFC 4271 §4.2) that exists nowhere on the underlay. */
export const X6_ROUTER_ID = '10.255.0.1';
/** Site Y's BGP identifier, for `evpnctl speaker add --router-id`. */
export const Y6_ROUTER_ID = '10.255.0.2';

/** What a kernel VTEP learns from a peer's EVPN routes. */
export interface LearnedEvpn {
  /** Originating IPs of the peer's type 3s with a PMSI Tunnel of type ingress replication (6). */
  floodVteps: string[];
  /** MACs of the peer's type 2s and their next hop. */
  macs: { mac: string; vtep: string }[];
}

/**
 * The routes gobgpd holds from one neighbor, read from `gobgp -j global rib -a evpn` (GoBGP 3.10's shape:
 * paths with "neighbor-ip", nlri {type, value}, attrs [{type: 14, nexthop}, {type: 22, "tunnel-type"}]).
 */
export function learnedFrom(rib: Record<string, unknown[]>, neighbor: string): LearnedEvpn {
  const out: LearnedEvpn = { floodVteps: [], macs: [] };
  for (const paths of Object.values(rib)) {
    for (const raw of paths) {
      const p = raw as { 'neighbor-ip'?: string; nlri?: { type?: number; value?: { ip?: string; mac?: string } }; attrs?: { type?: number; nexthop?: string; 'tunnel-type'?: number }[] };
      if (p['neighbor-ip'] !== neighbor) continue;
      const nexthop = p.attrs?.find((a) => a.type === 14)?.nexthop;
      const ir = p.attrs?.some((a) => a.type === 22 && a['tunnel-type'] === 6) === true;
      if (p.nlri?.type === 3 && ir && p.nlri.value?.ip !== undefined && !out.floodVteps.includes(p.nlri.value.ip)) out.floodVteps.push(p.nlri.value.ip);
      const mac = p.nlri?.value?.mac;
      if (p.nlri?.type === 2 && mac !== undefined && nexthop !== undefined && !out.macs.some((m) => m.mac === mac)) out.macs.push({ mac, vtep: nexthop });
    }
  }
  return out;
}

/** The built lab. */
export interface V6UnderlayLab {
  readonly run: LabRun;
  readonly vni: number;
  readonly x: KernelSite;
  readonly y: OvnSite;
  /** gobgpd in site X, peering with site Y's VTEP over IPv6. */
  readonly gobgp: GobgpInstance;
  readonly hosts: Readonly<Record<string, Host>>;
  /** Announces X's routes through gobgpd: h1's MAC/IP (type 2) and, unless `typeTwoOnly`, X's type 3 with ingress replication. */
  announceX(o?: { typeTwoOnly?: boolean }): Promise<void>;
  /** Withdraws X's type 3: X is then known to Y from its type 2s only. */
  withdrawXTypeThree(): Promise<void>;
  /**
   * X's kernel FDB from the routes gobgpd received from Y, as FRR's zebra installs them (lab-recipe
   * "FRR installs"): a flood entry per type 3 with ingress replication (to its originating IP), and each
   * type-2 MAC towards its next hop. Returns what it installed.
   */
  installXFdbFromRoutes(): Promise<LearnedEvpn>;
  down(): Promise<CleanupReport>;
}

/** Builds the lab; on failure everything created so far is torn down before the error is rethrown. */
export async function buildV6UnderlayLab(o: { run?: LabRun; runOptions?: LabRunOptions } = {}): Promise<V6UnderlayLab> {
  const labRun = o.run ?? (await LabRun.create({ description: 'IPv6 underlay lab', ...o.runOptions }));
  try {
    return await build(labRun);
  } catch (err) {
    if (!o.run) await labRun.down();
    throw err;
  }
}

async function build(labRun: LabRun): Promise<V6UnderlayLab> {
  const vni = LAB_VNI;
  const nsX = await labRun.addNetns(SITE_X6.role);
  const nsY = await labRun.addNetns(SITE_Y6.role);
  await connectUnderlay(labRun, [
    { netns: nsX, iface: SITE_X6.underlayIface, ip: SITE_X6.vtepIp },
    { netns: nsY, iface: SITE_Y6.underlayIface },
  ]);
  const x = await populateKernelSite(labRun, SITE_X6, nsX, vni);
  const y = await populateOvnSite(labRun, SITE_Y6, nsY);
  const gobgp = await startGobgp(labRun, nsX, 'x', {
    asn: LAB_ASN, routerId: X6_ROUTER_ID, listenAddresses: [SITE_X6.vtepIp],
    neighbors: [{ address: SITE_Y6.vtepIp, peerAs: LAB_ASN, localAddress: SITE_X6.vtepIp, connectRetryS: 1 }],
  });
  const hosts: Record<string, Host> = {};
  for (const h of [...x.hosts, ...y.vms]) hosts[h.name] = h;
  const rd = `${X6_ROUTER_ID}:${vni}`;
  const rts = [labRt(vni)];
  const h1 = SITE_X6.hosts[0];
  if (h1 === undefined) throw new Error('expected h1 in the IPv6 lab plan');
  const multicast = { vtep: SITE_X6.vtepIp, rd, rts, vni, nexthop: SITE_X6.vtepIp };
  return {
    run: labRun, vni, x, y, gobgp, hosts,
    announceX: async (ao = {}) => {
      await gobgp.addMacIp({ mac: h1.mac, ip: h1.ip, vni, rd, rts, nexthop: SITE_X6.vtepIp });
      if (!ao.typeTwoOnly) await gobgp.addMulticast(multicast);
    },
    withdrawXTypeThree: () => gobgp.delMulticast(multicast),
    installXFdbFromRoutes: async () => {
      const learned = learnedFrom(await gobgp.evpnRib(), SITE_Y6.vtepIp);
      for (const vtep of learned.floodVteps) await addFloodVtep(x.vtep, vtep);
      for (const m of learned.macs) await addRemoteMac(x.vtep, m.mac, m.vtep);
      return learned;
    },
    down: () => labRun.down(),
  };
}
