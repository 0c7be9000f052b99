// Any mix of kernel-VTEP sites (FRR) and OVN sites on one underlay for one VNI: the plumbing that the
// two-site lab (FRR <-> OVN) and the OVN <-> OVN lab share. Netns first, then the underlay (a veth for two
// sites, a bridge for more), then the sites; FRR on each kernel site peers with every other VTEP.
import type { CleanupReport } from '../cleanup.js';
import type { FrrInstance } from '../frr.js';
import type { FrrBgpConfig, FrrNeighbor } from '../frr-config.js';
import type { Host } from '../hosts.js';
import { LabRun, type LabRunOptions } from '../run.js';
import { labFrrNeighbor, populateKernelSite, startSiteFrr, type KernelSite } from './kernel-site.js';
import { populateOvnSite, type OvnSite } from './ovn-site.js';
import type { SitePlan } from './plan.js';
import { connectUnderlay, type Underlay } from './underlay.js';

/** Which sites to build, and how. */
export interface SiteSetOptions {
  kernelPlans: readonly SitePlan[];
  ovnPlans: readonly SitePlan[];
  vni: number;
  /** The logical switch of each OVN site (default ls0); each site has its own NB, so names may repeat. */
  logicalSwitch?: (plan: SitePlan) => string | undefined;
  /** Start FRR on the kernel sites (`true`: the recipe's iBGP settings; an object overrides parts of the config). */
  frr?: boolean | Partial<FrrBgpConfig>;
  /** Per-neighbor FRR overrides applied to every session (e.g. short timers). */
  frrNeighbor?: Partial<FrrNeighbor>;
  /** Run FRR from this Debian root (FRR 10.3 from the trixie root, debian-root.ts) instead of the host's 8.4. */
  frrRoot?: string;
}

/** The built sites, in plan order. */
export interface SiteSet {
  readonly underlay: Underlay;
  readonly kernelSites: readonly KernelSite[];
  readonly ovnSites: readonly OvnSite[];
  /** FRR per kernel site role, when started. */
  readonly frr: Readonly<Record<string, FrrInstance>>;
  /** All hosts and VMs by name. */
  readonly hosts: Readonly<Record<string, Host>>;
}

/** What every built lab exposes besides its sites. down() tears everything down (idempotent). */
export interface BuiltLab {
  readonly run: LabRun;
  readonly vni: number;
  readonly underlay: Underlay;
  /** FRR per kernel site role, when started. */
  readonly frr: Readonly<Record<string, FrrInstance>>;
  /** All hosts and VMs by name. */
  readonly hosts: Readonly<Record<string, Host>>;
  down(): Promise<CleanupReport>;
}

/** Builds the sites in labRun (the caller owns teardown). */
export async function buildSiteSet(labRun: LabRun, o: SiteSetOptions): Promise<SiteSet> {
  const ns: Record<string, string> = {};
  for (const p of [...o.kernelPlans, ...o.ovnPlans]) ns[p.role] = await labRun.addNetns(p.role);
  const nsOf = (p: SitePlan): string => ns[p.role] as string;
  // An OVN site's VTEP IP goes on br-phy, not on its underlay port.
  const underlay = await connectUnderlay(labRun, [
    ...o.kernelPlans.map((p) => ({ netns: nsOf(p), iface: p.underlayIface, ip: p.vtepIp })),
    ...o.ovnPlans.map((p) => ({ netns: nsOf(p), iface: p.underlayIface })),
  ]);
  const kernelSites: KernelSite[] = [];
  for (const p of o.kernelPlans) kernelSites.push(await populateKernelSite(labRun, p, nsOf(p), o.vni));
  const ovnSites: OvnSite[] = [];
  for (const p of o.ovnPlans) ovnSites.push(await populateOvnSite(labRun, p, nsOf(p), o.logicalSwitch?.(p)));
  const frr: Record<string, FrrInstance> = {};
  if (o.frr) {
    const overrides = o.frr === true ? {} : o.frr;
    for (const site of kernelSites) {
      const peers = [...ovnSites.map((s) => s.vtepIp), ...kernelSites.filter((k) => k !== site).map((k) => k.vtepIp)];
      frr[site.plan.role] = await startSiteFrr(labRun, site, {
        neighbors: peers.map((a) => labFrrNeighbor(site, a, o.frrNeighbor)),
        ...overrides,
      }, o.frrRoot === undefined ? {} : { root: o.frrRoot });
    }
  }
  const hosts: Record<string, Host> = {};
  for (const h of [...kernelSites.flatMap((k) => k.hosts), ...ovnSites.flatMap((s) => s.vms)]) hosts[h.name] = h;
  return { underlay, kernelSites, ovnSites, frr, hosts };
}

/** The BuiltLab part of a lab made of set in labRun. */
export function builtLab(labRun: LabRun, vni: number, set: SiteSet): BuiltLab {
  return { run: labRun, vni, underlay: set.underlay, frr: set.frr, hosts: set.hosts, down: () => labRun.down() };
}

/** Where a lab builder runs: a given run (the caller owns its teardown) or a fresh one. */
export interface LabRunChoice {
  run?: LabRun;
  runOptions?: LabRunOptions;
}

/** Runs build in the chosen run; a fresh run is torn down before an error is rethrown. */
export async function buildInRun<T>(o: LabRunChoice, description: string, build: (labRun: LabRun) => Promise<T>): Promise<T> {
  const labRun = o.run ?? (await LabRun.create({ description, ...o.runOptions }));
  try {
    return await build(labRun);
  } catch (err) {
    if (!o.run) await labRun.down();
    throw err;
  }
}
