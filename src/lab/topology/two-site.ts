// The recipe's lab: site X (FRR VTEP, kernel vxlan, host h1) and site Y (OVS netdev + OVN, VM vm1) on a
// 192.168.100.0/24 underlay; optionally site X2 (second kernel VTEP, host h1b) on a bridged underlay.
// The builder brings up the plumbing and, on request, FRR on the kernel sites. What speaks BGP on Y
// (evpnctl's daemon, or gobgpd/os-ken as stand-ins) is the caller's choice: see OvnSite.spawn.
import type { CleanupReport } from '../cleanup.js';
import { LabError } from '../errors.js';
import type { FrrInstance } from '../frr.js';
import type { FrrBgpConfig, FrrNeighbor } from '../frr-config.js';
import type { Host } from '../hosts.js';
import { LabRun, type LabRunOptions } from '../run.js';
import { labFrrNeighbor, populateKernelSite, startSiteFrr, type KernelSite } from './kernel-site.js';
import { populateOvnSite, type OvnSite } from './ovn-site.js';
import { LAB_VNI, SITE_X, SITE_X2, SITE_Y, type SitePlan } from './plan.js';
import { connectUnderlay, type Underlay } from './underlay.js';

/** How to build the lab. */
export interface TwoSiteOptions {
  /** Add site X2 (the underlay then becomes a bridge in its own netns). */
  thirdSite?: boolean;
  /**
   * Start FRR on the kernel sites, peering with site Y (and with each other when X2 exists).
   * `true` uses the recipe's iBGP settings; an object overrides parts of the config (eBGP, timers, GR).
   */
  frr?: boolean | Partial<FrrBgpConfig>;
  /** Per-neighbor FRR overrides applied to every session (e.g. short timers), on top of the recipe's settings. */
  frrNeighbor?: Partial<FrrNeighbor>;
  /** Name of site Y's logical switch (default ls0; a Neutron network is `neutron-<uuid>`). */
  logicalSwitch?: string;
  vni?: number;
  /** Use this run instead of creating one (the caller then owns its teardown). */
  run?: LabRun;
  runOptions?: LabRunOptions;
}

/** The built lab. down() tears everything down (idempotent). */
export interface TwoSiteLab {
  readonly run: LabRun;
  readonly vni: number;
  readonly underlay: Underlay;
  readonly x: KernelSite;
  readonly y: OvnSite;
  readonly x2?: KernelSite;
  /** FRR per kernel site role ('x', 'x2') when started. */
  readonly frr: Readonly<Record<string, FrrInstance>>;
  /** All hosts and VMs by name (h1, vm1, h1b). */
  readonly hosts: Readonly<Record<string, Host>>;
  down(): Promise<CleanupReport>;
}

/** Builds the lab; on failure everything created so far is torn down before the error is rethrown. */
export async function buildTwoSiteLab(o: TwoSiteOptions = {}): Promise<TwoSiteLab> {
  const labRun = o.run ?? (await LabRun.create({ description: o.thirdSite ? 'three-site lab' : 'two-site lab', ...o.runOptions }));
  try {
    return await build(labRun, o);
  } catch (err) {
    if (!o.run) await labRun.down();
    throw err;
  }
}

async function build(labRun: LabRun, o: TwoSiteOptions): Promise<TwoSiteLab> {
  const vni = o.vni ?? LAB_VNI;
  const kernelPlans: SitePlan[] = o.thirdSite ? [SITE_X, SITE_X2] : [SITE_X];
  const ns: Record<string, string> = {};
  for (const p of [...kernelPlans, SITE_Y]) ns[p.role] = await labRun.addNetns(p.role);
  const nsOf = (p: SitePlan): string => ns[p.role] as string;
  const underlay = await connectUnderlay(labRun, [
    ...kernelPlans.map((p) => ({ netns: nsOf(p), iface: p.underlayIface, ip: p.vtepIp })),
    { netns: nsOf(SITE_Y), iface: SITE_Y.underlayIface },
  ]);
  const kernelSites: KernelSite[] = [];
  for (const p of kernelPlans) kernelSites.push(await populateKernelSite(labRun, p, nsOf(p), vni));
  const y = await populateOvnSite(labRun, SITE_Y, nsOf(SITE_Y), o.logicalSwitch);
  const frr: Record<string, FrrInstance> = {};
  if (o.frr) {
    const overrides = o.frr === true ? {} : o.frr;
    for (const site of kernelSites) {
      const peers = [SITE_Y.vtepIp, ...kernelSites.filter((k) => k !== site).map((k) => k.vtepIp)];
      frr[site.plan.role] = await startSiteFrr(labRun, site, {
        neighbors: peers.map((a) => labFrrNeighbor(site, a, o.frrNeighbor)),
        ...overrides,
      });
    }
  }
  const [x, x2] = kernelSites;
  if (!x) throw new LabError('expected site X among the kernel sites');
  const hosts: Record<string, Host> = {};
  for (const h of [...kernelSites.flatMap((k) => k.hosts), ...y.vms]) hosts[h.name] = h;
  return {
    run: labRun, vni, underlay, x, y, ...(x2 ? { x2 } : {}), frr, hosts,
    down: () => labRun.down(),
  };
}
