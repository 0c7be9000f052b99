// A site with a Linux-kernel VTEP (sites X and X2 of the recipe): vxlan<VNI> + br<VNI>, hosts attached
// to the bridge through veths, and optionally FRR (zebra + bgpd) that turns EVPN routes into FDB entries.
import { startFrr, type FrrInstance, type FrrRunOptions } from '../frr.js';
import type { FrrBgpConfig, FrrNeighbor } from '../frr-config.js';
import { createHost, type Host } from '../hosts.js';
import { createKernelVtep, type KernelVtep } from '../kernel-vtep.js';
import { ip } from '../netns.js';
import { run } from '../exec.js';
import type { LabRun } from '../run.js';
import { LAB_ASN, LAB_VNI, type SitePlan } from './plan.js';

/** A kernel-VTEP site. */
export interface KernelSite {
  readonly plan: SitePlan;
  readonly netns: string;
  readonly vtepIp: string;
  readonly vtep: KernelVtep;
  readonly hosts: readonly Host[];
}

/** Adds the VTEP and the hosts to a site netns whose underlay is already up. */
export async function populateKernelSite(labRun: LabRun, plan: SitePlan, netns: string, vni: number = LAB_VNI): Promise<KernelSite> {
  const vtep = await createKernelVtep(netns, vni, plan.vtepIp);
  const hosts: Host[] = [];
  for (const h of plan.hosts) {
    hosts.push(await createHost(labRun, h, { peer: { netns, name: `${h.name}-p` }, master: vtep.bridge }));
  }
  return { plan, netns, vtepIp: plan.vtepIp, vtep, hosts };
}

/** The recipe's neighbor settings towards another VTEP: iBGP, update-source = own VTEP, connect retry 5 s. */
export function labFrrNeighbor(site: KernelSite, address: string, overrides: Partial<FrrNeighbor> = {}): FrrNeighbor {
  return { address, remoteAs: LAB_ASN, updateSource: site.vtepIp, connectRetryS: 5, ...overrides };
}

/** The site's FRR configuration: the recipe's defaults, with neighbors and other settings from the caller. */
export function siteFrrConfig(site: KernelSite, config: Partial<FrrBgpConfig> & Pick<FrrBgpConfig, 'neighbors'>): FrrBgpConfig {
  return { hostname: site.plan.hostname, asn: LAB_ASN, routerId: site.vtepIp, debug: ['bgp updates', 'bgp zebra'], ...config };
}

/** Starts FRR on the site; neighbors and other settings may be overridden (eBGP, timers, GR); `run.root` runs FRR 10.3 from the trixie root. */
export async function startSiteFrr(labRun: LabRun, site: KernelSite, config: Partial<FrrBgpConfig> & Pick<FrrBgpConfig, 'neighbors'>, run: FrrRunOptions = {}): Promise<FrrInstance> {
  return startFrr(labRun, site.netns, site.plan.role, siteFrrConfig(site, config), run);
}

/**
 * Makes the site's bridge know a host's MAC (and the IP, for a MAC+IP type-2) without waiting for the host
 * to send a frame: FRR advertises a local MAC only once the bridge has learned it (lab-recipe P11).
 */
export async function learnHost(site: KernelSite, host: Host, withIp = true): Promise<void> {
  await run(['bridge', '-n', site.netns, 'fdb', 'replace', host.mac, 'dev', `${host.name}-p`, 'master', 'static']);
  if (withIp) await ip(site.netns, 'neigh', 'replace', host.ip, 'lladdr', host.mac, 'dev', site.vtep.bridge);
}
