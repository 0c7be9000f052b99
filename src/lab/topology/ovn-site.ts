// The OVN site (site Y of the recipe): OVS with the netdev datapath and OVN central + controller, all in
// one netns; br-phy holds the underlay port and the VTEP IP (userspace VXLAN, lab-recipe KEY POINTS);
// VMs are veths bound to logical switch ports by iface-id. This is where evpnctl's daemon runs.
import { join } from 'node:path';
import { spawnChild, type ChildProcessHandle } from '../daemon.js';
import { run, type RunResult } from '../exec.js';
import { createHost, type Host } from '../hosts.js';
import { ip } from '../netns.js';
import { startOvn, type OvnInstance } from '../ovn.js';
import { ovsOvnDirs } from '../ovs-env.js';
import { addNetdevBridge, addSystemPort, startOvs, type OvsInstance } from '../ovs.js';
import type { LabRun } from '../run.js';
import { LAB_LOGICAL_SWITCH, macFromIp, underlayAddrArgs, type SitePlan } from './plan.js';

/** The OVN site. */
export interface OvnSite {
  readonly plan: SitePlan;
  readonly netns: string;
  readonly vtepIp: string;
  readonly ovs: OvsInstance;
  readonly ovn: OvnInstance;
  readonly logicalSwitch: string;
  readonly vms: readonly Host[];
  /** `unix:` remote of the OVS DB (`evpnctl daemon --ovs-db`). */
  readonly ovsDbRemote: string;
  /** `unix:` remote of the OVN NB DB (`evpnctl daemon --ovn-nb-db`). */
  readonly nbRemote: string;
  /** OVS_* / OVN_* variables for tools and daemons that should talk to this site only. */
  readonly env: Readonly<Record<string, string>>;
  /** Runs a command in the site netns with the site env. */
  run(argv: readonly string[], timeoutMs?: number): Promise<RunResult>;
  /** Starts a long-running command (e.g. `evpnctl daemon ...`) in the site netns with the site env; tracked and stopped on teardown. */
  spawn(name: string, argv: readonly string[], o?: { env?: Readonly<Record<string, string>>; pipe?: boolean }): Promise<ChildProcessHandle>;
}

/** Starts OVS/OVN in a site netns whose underlay port (plan.underlayIface) exists, then br-phy, ls0 and the VMs. */
export async function populateOvnSite(labRun: LabRun, plan: SitePlan, netns: string, logicalSwitch: string = LAB_LOGICAL_SWITCH): Promise<OvnSite> {
  const dirs = ovsOvnDirs(labRun.path(`site-${plan.role}`));
  const ovs = await startOvs(labRun, netns, dirs);
  const ovn = await startOvn(labRun, ovs, { systemId: `chassis-${plan.role}`, hostname: plan.hostname, encapIp: plan.vtepIp });
  // The VTEP IP lives on br-phy's internal port: OVS routes tunnel packets by the netns's kernel routes
  // and resolves the remote VTEP's MAC itself (no ovs/route/add or tnl/arp/set needed).
  await addNetdevBridge(ovs, 'br-phy', { failMode: 'standalone', hwaddr: macFromIp(plan.vtepIp) });
  await addSystemPort(ovs, 'br-phy', plan.underlayIface);
  const [cidr = '', ...flags] = underlayAddrArgs(plan.vtepIp);
  await ip(netns, 'addr', 'add', cidr, ...flags, 'dev', 'br-phy');
  await ip(netns, 'link', 'set', 'br-phy', 'up');
  await ovn.nbctl('--may-exist', 'ls-add', logicalSwitch);
  const vms: Host[] = [];
  for (const h of plan.hosts) {
    const port = `${h.name}-p`;
    const vm = await createHost(labRun, h, { peer: { netns, name: port } });
    await ovn.nbctl('--may-exist', 'lsp-add', logicalSwitch, h.name, '--', 'lsp-set-addresses', h.name, `${h.mac} ${h.ip}`);
    await addSystemPort(ovs, 'br-int', port, h.name);
    vms.push(vm);
  }
  const env = ovs.env;
  return {
    plan, netns, vtepIp: plan.vtepIp, ovs, ovn, logicalSwitch, vms,
    ovsDbRemote: ovs.dbRemote, nbRemote: ovn.nbRemote, env,
    run: (argv, timeoutMs) => run(argv, { netns, env, ...(timeoutMs === undefined ? {} : { timeoutMs }) }),
    spawn: (name, argv, o = {}) => spawnChild(labRun, {
      name, argv, netns, env: { ...env, ...o.env }, logFile: join(labRun.dir, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.log`),
      ...(o.pipe ? { pipe: true } : {}),
    }),
  };
}
