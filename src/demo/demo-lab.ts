// The demo's lab: the recipe's topology built with the lab module, then site Y configured only through
// `evpnctl` commands, mirroring the five steps of the original evpn-for-ovn README (speaker, neighbor,
// network, client, ping). Shared by `npm run demo` and the e2e tests, so both prove the same thing.
import { randomUUID } from 'node:crypto';
import type { Host } from '../lab/hosts.js';
import type { LabRun } from '../lab/run.js';
import type { StepReporter } from '../lab/steps.js';
import { learnHost, type KernelSite } from '../lab/topology/kernel-site.js';
import { LAB_ASN } from '../lab/topology/plan.js';
import { buildTwoSiteLab, type TwoSiteLab } from '../lab/topology/two-site.js';
import { startEvpnctlDaemon, type EvpnctlDaemon } from './daemon-process.js';
import type { EvpnctlCli } from './evpnctl-cli.js';
import { waitEvpnConverged } from './convergence.js';
import { evpnctlStep, hostLookup } from './demo-steps.js';

/** How to build the demo. */
export interface DemoOptions {
  /** Add site X2 (second FRR VTEP with h1b) as a second neighbor. */
  thirdSite?: boolean;
  /** Step 3 maps a Neutron network (`--network-id`, switch `neutron-<uuid>`; default) or a plain switch (`--logical-switch`). */
  switchMode?: 'network-id' | 'logical-switch';
  /** Step 4: `client add` for vm1 (default, as the original README) or nothing, relying on auto-advertise. */
  explicitClient?: boolean;
  /** BGP hold time on both sides (evpnctl --hold-time, FRR `timers`); default: each side's default (90/180 s). */
  holdTimeS?: number;
  /** The daemon's --log-level (default info). */
  logLevel?: string;
  /** Site X's FRR from this Debian root (FRR 10.3 from the trixie root) instead of the host's 8.4. */
  frrRoot?: string;
  /** The evpnctl entry the daemon runs from (default this checkout's bin/evpnctl; a copy lets a test rebuild it under a running daemon). */
  daemonBin?: string;
  /** More `evpnctl daemon` options. */
  daemonArgs?: readonly string[];
}

/** The demo, built and configured. */
export interface DemoLab {
  readonly lab: TwoSiteLab;
  readonly daemon: EvpnctlDaemon;
  readonly cli: EvpnctlCli;
  /** Site Y's logical switch, and the Neutron network id it stands for (null with --logical-switch). */
  readonly logicalSwitch: string;
  readonly networkId: string | null;
  /** X (and X2): the FRR VTEPs the daemon peers with. */
  readonly kernelSites: readonly KernelSite[];
  /** Hosts by name (h1, vm1, h1b). */
  host(name: string): Host;
}

/** Builds the lab in labRun (the caller owns teardown), starts the daemon, and runs steps 1-4 as reported steps. */
export async function buildDemoLab(steps: StepReporter, labRun: LabRun, o: DemoOptions = {}): Promise<DemoLab> {
  const networkId = (o.switchMode ?? 'network-id') === 'network-id' ? randomUUID() : null;
  const logicalSwitch = networkId === null ? `ls-${labRun.id}` : `neutron-${networkId}`;
  const hold = o.holdTimeS;
  const lab = await steps.step(`build the lab: site X (FRR VTEP, h1)${o.thirdSite ? ', site X2 (FRR VTEP, h1b)' : ''}, site Y (OVS netdev + OVN, vm1 on ${short(logicalSwitch)}), underlay`,
    () => buildTwoSiteLab({
      run: labRun, thirdSite: o.thirdSite ?? false, logicalSwitch, frr: true,
      ...(hold === undefined ? {} : { frrNeighbor: { keepaliveS: Math.max(1, Math.floor(hold / 3)), holdS: hold } }),
      ...(o.frrRoot === undefined ? {} : { frrRoot: o.frrRoot }),
    }),
    (l) => `run ${l.run.id}, netns ${Object.values(l.hosts).map((h) => h.netns).join(' ')} ...`);
  const kernelSites = lab.x2 ? [lab.x, lab.x2] : [lab.x];
  const host = hostLookup(lab.hosts);
  // FRR advertises a local MAC (and MAC+IP) only once the bridge knows it (lab-recipe P11); a real host
  // would have spoken already.
  await steps.step('kernel sites learn their hosts (bridge FDB + neighbor entry)', async () => {
    for (const site of kernelSites) for (const h of site.hosts) await learnHost(site, h);
  });
  const daemon = await steps.step(`start \`evpnctl daemon\` in site Y's netns (${lab.y.netns})`, () => startEvpnctlDaemon(labRun, lab.y, {
    ...(o.logLevel === undefined ? {} : { logLevel: o.logLevel }), ...(o.daemonBin === undefined ? {} : { bin: o.daemonBin }),
    ...(o.daemonArgs === undefined ? {} : { extraArgs: o.daemonArgs }),
  }),
    (d) => `pid ${d.process.pid}, socket ${d.paths.socket}`);
  const cli = daemon.cli;
  const vm1 = host('vm1');
  const cmd = (label: string, args: string[]) => evpnctlStep(steps, cli, label, args);
  await cmd('1.', ['speaker', 'add', '--as', String(LAB_ASN), '--router-id', lab.y.vtepIp]);
  for (const site of kernelSites) {
    await cmd('2.', ['neighbor', 'add', site.vtepIp, '--remote-as', String(LAB_ASN), ...(hold === undefined ? [] : ['--hold-time', String(hold)])]);
  }
  await cmd('3.', ['network', 'add', '--vni', String(lab.vni), ...(networkId === null ? ['--logical-switch', logicalSwitch] : ['--network-id', networkId])]);
  if (o.explicitClient ?? true) {
    await cmd('4.', ['client', 'add', '--vni', String(lab.vni), '--port', vm1.name, '--mac', vm1.mac, '--ip', vm1.ip]);
  } else {
    steps.check('4. (no client add: VM ports of the switch are advertised automatically)', true, `${vm1.name} ${vm1.mac} ${vm1.ip}`);
  }
  const demo: DemoLab = { lab, daemon, cli, logicalSwitch, networkId, kernelSites, host };
  await waitEvpnConverged(steps, demo);
  return demo;
}

function short(name: string): string {
  return name.length > 24 ? `${name.slice(0, 20)}…` : name;
}
