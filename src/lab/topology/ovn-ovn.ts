// Two OVN clouds on one VNI: site Y (vm1, VTEP 192.168.100.2) and site Y2 (vm2, VTEP 192.168.100.4), each
// with its own OVS netdev + OVN NB/SB/northd/ovn-controller and its own logical switch, joined by a veth
// underlay. Each is where one evpnctl daemon runs (see OvnSite.spawn). Optionally site X, an FRR kernel
// VTEP with h1, joins on a bridged underlay: a third VTEP for split-horizon and flood-list checks.
import { LabError } from '../errors.js';
import type { FrrNeighbor } from '../frr-config.js';
import type { LabRun } from '../run.js';
import type { KernelSite } from './kernel-site.js';
import type { OvnSite } from './ovn-site.js';
import { LAB_VNI, SITE_X, SITE_Y, SITE_Y2, type SitePlan } from './plan.js';
import { buildInRun, buildSiteSet, builtLab, type BuiltLab, type LabRunChoice } from './sites.js';

/** How to build the lab. */
export interface OvnOvnOptions extends LabRunChoice {
  /** Add site X (FRR kernel VTEP with h1, peering with Y and Y2); the underlay then becomes a bridge. */
  kernelSite?: boolean;
  /** Per-neighbor overrides of X's FRR sessions (e.g. short timers). */
  frrNeighbor?: Partial<FrrNeighbor>;
  /** The logical switch of each OVN site, by plan (default ls0 on both). */
  logicalSwitch?: (plan: SitePlan) => string | undefined;
  vni?: number;
}

/** The built lab: hosts vm1, vm2 (and h1); frr holds X's FRR when X exists. */
export interface OvnOvnLab extends BuiltLab {
  readonly y: OvnSite;
  readonly y2: OvnSite;
  readonly x?: KernelSite;
}

/** Builds the lab; on failure everything created so far is torn down before the error is rethrown. */
export function buildOvnOvnLab(o: OvnOvnOptions = {}): Promise<OvnOvnLab> {
  return buildInRun(o, o.kernelSite ? 'OVN-OVN lab with an FRR site' : 'OVN-OVN lab', (labRun) => build(labRun, o));
}

async function build(labRun: LabRun, o: OvnOvnOptions): Promise<OvnOvnLab> {
  const vni = o.vni ?? LAB_VNI;
  const set = await buildSiteSet(labRun, {
    kernelPlans: o.kernelSite ? [SITE_X] : [], ovnPlans: [SITE_Y, SITE_Y2], vni, frr: o.kernelSite ?? false,
    ...(o.logicalSwitch ? { logicalSwitch: o.logicalSwitch } : {}), ...(o.frrNeighbor ? { frrNeighbor: o.frrNeighbor } : {}),
  });
  const [y, y2] = set.ovnSites;
  const [x] = set.kernelSites;
  if (!y || !y2) throw new LabError('expected sites Y and Y2 among the OVN sites');
  return { ...builtLab(labRun, vni, set), y, y2, ...(x ? { x } : {}) };
}
