// The recipe's lab: site X (FRR VTEP, kernel vxlan, host h1) and site Y (OVS netdev + OVN, VM vm1) on a
// 192.168.100.0/24 underlay; optionally site X2 (second kernel VTEP, host h1b) on a bridged underlay.
// The builder brings up the plumbing and, on request, FRR on the kernel sites. What speaks BGP on Y
// (evpnctl's daemon, or gobgpd/os-ken as stand-ins) is the caller's choice: see OvnSite.spawn.
import { LabError } from '../errors.js';
import type { FrrBgpConfig, FrrNeighbor } from '../frr-config.js';
import type { LabRun } from '../run.js';
import type { KernelSite } from './kernel-site.js';
import type { OvnSite } from './ovn-site.js';
import { LAB_VNI, SITE_X, SITE_X2, SITE_Y } from './plan.js';
import { buildInRun, buildSiteSet, builtLab, type BuiltLab, type LabRunChoice } from './sites.js';

/** How to build the lab. */
export interface TwoSiteOptions extends LabRunChoice {
  /** Add site X2 (the underlay then becomes a bridge in its own netns). */
  thirdSite?: boolean;
  /**
   * Start FRR on the kernel sites, peering with site Y (and with each other when X2 exists).
   * `true` uses the recipe's iBGP settings; an object overrides parts of the config (eBGP, timers, GR).
   */
  frr?: boolean | Partial<FrrBgpConfig>;
  /** Per-neighbor FRR overrides applied to every session (e.g. short timers), on top of the recipe's settings. */
  frrNeighbor?: Partial<FrrNeighbor>;
  /** Run FRR from this Debian root (FRR 10.3 from the trixie root) instead of the host's 8.4. */
  frrRoot?: string;
  /** Name of site Y's logical switch (default ls0; a Neutron network is `neutron-<uuid>`). */
  logicalSwitch?: string;
  vni?: number;
}

/** The built lab: hosts h1, vm1 (and h1b); frr holds FRR per kernel site role ('x', 'x2') when started. */
export interface TwoSiteLab extends BuiltLab {
  readonly x: KernelSite;
  readonly y: OvnSite;
  readonly x2?: KernelSite;
}

/** Builds the lab; on failure everything created so far is torn down before the error is rethrown. */
export function buildTwoSiteLab(o: TwoSiteOptions = {}): Promise<TwoSiteLab> {
  return buildInRun(o, o.thirdSite ? 'three-site lab' : 'two-site lab', (labRun) => build(labRun, o));
}

async function build(labRun: LabRun, o: TwoSiteOptions): Promise<TwoSiteLab> {
  const vni = o.vni ?? LAB_VNI;
  const set = await buildSiteSet(labRun, {
    kernelPlans: o.thirdSite ? [SITE_X, SITE_X2] : [SITE_X], ovnPlans: [SITE_Y], vni,
    logicalSwitch: () => o.logicalSwitch, ...(o.frr === undefined ? {} : { frr: o.frr }), ...(o.frrNeighbor ? { frrNeighbor: o.frrNeighbor } : {}),
    ...(o.frrRoot === undefined ? {} : { frrRoot: o.frrRoot }),
  });
  const [x, x2] = set.kernelSites;
  const [y] = set.ovnSites;
  if (!x || !y) throw new LabError('expected site X among the kernel sites and site Y among the OVN sites');
  return { ...builtLab(labRun, vni, set), x, y, ...(x2 ? { x2 } : {}) };
}
