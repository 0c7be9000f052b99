// The OVN <-> OVN demo (`npm run demo -- --ovn-ovn`): two OVN clouds, Y (vm1) and Y2 (vm2), each with its
// own Neutron network and its own `evpnctl daemon`, both configured only through `evpnctl` as two
// operators would: speaker add, neighbor add <the other cloud's VTEP>, network add. Optionally site X (FRR,
// h1) joins as a third VTEP that both daemons peer with. Shared by `npm run demo` and test/e2e/ovn-ovn.test.ts.
import { randomUUID } from 'node:crypto';
import { LabError } from '../lab/errors.js';
import type { Host } from '../lab/hosts.js';
import type { LabRun } from '../lab/run.js';
import type { StepReporter } from '../lab/steps.js';
import { learnHost, type KernelSite } from '../lab/topology/kernel-site.js';
import type { OvnSite } from '../lab/topology/ovn-site.js';
import { buildOvnOvnLab, type OvnOvnLab } from '../lab/topology/ovn-ovn.js';
import { LAB_ASN } from '../lab/topology/plan.js';
import { waitEstablished, waitOvnSitesInFrr, waitVtepInOvn, type RemoteVtep } from './convergence.js';
import { startEvpnctlDaemon, type EvpnctlDaemon } from './daemon-process.js';
import { evpnctlStep, hostLookup } from './demo-steps.js';
import type { EvpnctlCli } from './evpnctl-cli.js';

/** How to build the OVN <-> OVN demo. */
export interface OvnOvnDemoOptions {
  /** Add site X (FRR kernel VTEP with h1) as a neighbor of both daemons. */
  thirdSite?: boolean;
  /** The daemons' --log-level (default info). */
  logLevel?: string;
}

/** One OVN cloud of the demo: its site, its daemon and the Neutron network mapped to VNI 10. */
export interface DemoCloud {
  /** Y or Y2, as the steps name it. */
  readonly label: string;
  readonly site: OvnSite;
  readonly daemon: EvpnctlDaemon;
  readonly cli: EvpnctlCli;
  readonly networkId: string;
  /** `neutron-<networkId>`. */
  readonly logicalSwitch: string;
}

/** The demo, built and configured. */
export interface OvnOvnDemo {
  readonly lab: OvnOvnLab;
  /** Y, then Y2. */
  readonly clouds: readonly [DemoCloud, DemoCloud];
  /** X, when there is a third site. */
  readonly kernelSites: readonly KernelSite[];
  /** Hosts by name (vm1, vm2, h1). */
  host(name: string): Host;
}

/** Builds the lab in labRun (the caller owns teardown), starts both daemons, configures both with evpnctl, waits for EVPN. */
export async function buildOvnOvnDemo(steps: StepReporter, labRun: LabRun, o: OvnOvnDemoOptions = {}): Promise<OvnOvnDemo> {
  // Two clouds, two Neutron networks, one VNI.
  const networkIds: Readonly<Record<string, string>> = { y: randomUUID(), y2: randomUUID() };
  const networkIdOf = (role: string): string => {
    const id = networkIds[role];
    if (id === undefined) throw new LabError(`expected an OVN site y or y2, got ${role}`);
    return id;
  };
  const lab = await steps.step(`build the lab: site Y (OVS netdev + OVN, vm1), site Y2 (OVS netdev + OVN, vm2)${o.thirdSite ? ', site X (FRR VTEP, h1)' : ''}, underlay`,
    () => buildOvnOvnLab({ run: labRun, kernelSite: o.thirdSite ?? false, logicalSwitch: (p) => `neutron-${networkIdOf(p.role)}` }),
    (l) => `run ${l.run.id}, netns ${Object.values(l.hosts).map((h) => h.netns).join(' ')} ...`);
  const kernelSites = lab.x ? [lab.x] : [];
  if (kernelSites.length > 0) {
    // FRR advertises a local MAC only once the bridge knows it (lab-recipe P11).
    await steps.step('site X learns h1 (bridge FDB + neighbor entry)', async () => {
      for (const site of kernelSites) for (const h of site.hosts) await learnHost(site, h);
    });
  }
  const sites: [string, OvnSite][] = [['Y', lab.y], ['Y2', lab.y2]];
  const clouds: DemoCloud[] = [];
  for (const [label, site] of sites) {
    const daemon = await steps.step(`${label}: start \`evpnctl daemon\` in site ${label}'s netns (${site.netns})`,
      () => startEvpnctlDaemon(labRun, site, { name: `evpnctl-${site.plan.role}`, ...(o.logLevel === undefined ? {} : { logLevel: o.logLevel }) }),
      (d) => `pid ${d.process.pid}, socket ${d.paths.socket}`);
    clouds.push({ label, site, daemon, cli: daemon.cli, networkId: networkIdOf(site.plan.role), logicalSwitch: site.logicalSwitch });
  }
  const [cy, cy2] = clouds as [DemoCloud, DemoCloud];
  // Each operator configures only their own cloud; neither side is passive.
  for (const cloud of clouds) {
    const others = [...clouds.filter((c) => c !== cloud).map((c) => c.site.vtepIp), ...kernelSites.map((k) => k.vtepIp)];
    const cmd = (step: string, args: string[]) => evpnctlStep(steps, cloud.cli, `${cloud.label}: ${step}`, args);
    await cmd('1.', ['speaker', 'add', '--as', String(LAB_ASN), '--router-id', cloud.site.vtepIp]);
    for (const address of others) await cmd('2.', ['neighbor', 'add', address, '--remote-as', String(LAB_ASN)]);
    await cmd('3.', ['network', 'add', '--vni', String(lab.vni), '--network-id', cloud.networkId]);
    steps.check(`${cloud.label}: 4. (no client add: VM ports of the switch are advertised automatically)`, true,
      cloud.site.vms.map((vm) => `${vm.name} ${vm.mac} ${vm.ip}`).join(', '));
  }
  const demo: OvnOvnDemo = { lab, clouds: [cy, cy2], kernelSites, host: hostLookup(lab.hosts) };
  await waitOvnOvnConverged(steps, demo);
  return demo;
}

/** The VTEPs a cloud should learn: the other cloud and the kernel sites. */
export function remoteVtepsOf(demo: OvnOvnDemo, cloud: DemoCloud): RemoteVtep[] {
  return [
    ...demo.clouds.filter((c) => c !== cloud).map((c) => ({ role: c.site.plan.role, vtepIp: c.site.vtepIp, hosts: c.site.vms })),
    ...demo.kernelSites.map((k) => ({ role: k.plan.role, vtepIp: k.vtepIp, hosts: k.hosts })),
  ];
}

/** Sessions up on both daemons, each cloud's VMs in the other's OVN (and X's hosts in both), both clouds in X's FDB. */
export async function waitOvnOvnConverged(steps: StepReporter, demo: OvnOvnDemo): Promise<void> {
  for (const cloud of demo.clouds) {
    await steps.step(`${cloud.label}: BGP sessions Established (evpnctl neighbor list)`, () => waitEstablished(cloud.cli),
      (ns) => ns.map((n) => `${n.address} ${n.state}, caps ${n.capabilities.join(',')}`).join('; '));
  }
  for (const cloud of demo.clouds) {
    for (const remote of remoteVtepsOf(demo, cloud)) {
      await steps.step(`site ${remote.role.toUpperCase()}'s hosts reach site ${cloud.label}'s OVN (EVPN LSP + vxlan port for ${remote.vtepIp})`,
        () => waitVtepInOvn(cloud.site, demo.lab.vni, remote));
    }
  }
  for (const site of demo.kernelSites) {
    await steps.step(`site ${site.plan.role.toUpperCase()}'s FRR installs vm1's and vm2's MACs and flood entries towards ${demo.clouds.map((c) => c.site.vtepIp).join(', ')}`,
      () => waitOvnSitesInFrr(demo.lab.frr[site.plan.role], site, demo.clouds.map((c) => c.site), demo.lab.vni));
  }
}
