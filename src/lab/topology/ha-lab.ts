// The two-gateway lab of issue 10: a 3-member clustered NB (nb1..nb3) with SB and ovn-northd, two gateway
// chassis G1 and G2 (OVS netdev + ovn-controller, each its own VTEP IP on br-phy: where evpnctl runs), a compute
// chassis C with vm1 that reaches G1/G2 over OVN's own Geneve tunnels, and FRR site X with h1, all on one
// bridged underlay. The builder brings up the plumbing and FRR; the daemons are the caller's (GatewaySite.spawn).
import { join } from 'node:path';
import type { CleanupReport } from '../cleanup.js';
import { spawnChild, type ChildProcessHandle, type ManagedProcess } from '../daemon.js';
import { run, type RunResult } from '../exec.js';
import type { FrrInstance } from '../frr.js';
import type { FrrNeighbor } from '../frr-config.js';
import { createHost, type Host } from '../hosts.js';
import { ip } from '../netns.js';
import { startNbCluster, type NbCluster } from '../ovn-nb-cluster.js';
import { startOvnController } from '../ovn.js';
import { ovsOvnDirs } from '../ovs-env.js';
import { addNetdevBridge, addSystemPort, startOvs, type OvsInstance } from '../ovs.js';
import { LabRun, type LabRunOptions } from '../run.js';
import { labFrrNeighbor, populateKernelSite, startSiteFrr, type KernelSite } from './kernel-site.js';
import { NB_MEMBER_IPS } from './nb-cluster-lab.js';
import { LAB_LOGICAL_SWITCH, SITE_X, UNDERLAY_PREFIX, macFromIp, type HostPlan } from './plan.js';
import { connectUnderlay, type Underlay } from './underlay.js';

/** One OVN chassis of the lab (no central databases of its own). */
export interface ChassisPlan {
  role: string;
  /** Its OVS system-id: the chassis name in the SB and evpnctl's --chassis default. */
  systemId: string;
  vtepIp: string;
  underlayIface: string;
  hosts: readonly HostPlan[];
}

/** Gateway G1, where the first daemon runs. */
export const GATEWAY_G1: ChassisPlan = { role: 'g1', systemId: 'gw1', vtepIp: '192.168.100.2', underlayIface: 'ug1', hosts: [] };
/** Gateway G2. */
export const GATEWAY_G2: ChassisPlan = { role: 'g2', systemId: 'gw2', vtepIp: '192.168.100.5', underlayIface: 'ug2', hosts: [] };
/** The compute chassis with vm1. */
export const COMPUTE_C: ChassisPlan = {
  role: 'c', systemId: 'compute', vtepIp: '192.168.100.6', underlayIface: 'uc0',
  hosts: [{ name: 'vm1', ip: '10.0.0.22', mac: '02:ac:10:ff:00:22' }],
};

/** A running chassis. */
export interface ChassisSite {
  readonly plan: ChassisPlan;
  readonly netns: string;
  readonly ovs: OvsInstance;
  readonly ovnController: ManagedProcess;
  /** `unix:` remote of its OVS (`evpnctl daemon --ovs-db`). */
  readonly ovsDbRemote: string;
  /** The NB cluster's TCP remotes, comma-separated (`evpnctl daemon --ovn-nb-db`). */
  readonly nbRemote: string;
  readonly env: Readonly<Record<string, string>>;
  readonly vms: readonly Host[];
  run(argv: readonly string[], timeoutMs?: number): Promise<RunResult>;
  spawn(name: string, argv: readonly string[], o?: { env?: Readonly<Record<string, string>>; pipe?: boolean }): Promise<ChildProcessHandle>;
}

/** The built lab. */
export interface HaLab {
  readonly run: LabRun;
  readonly underlay: Underlay;
  readonly cluster: NbCluster;
  readonly x: KernelSite;
  readonly frr: FrrInstance;
  readonly g1: ChassisSite;
  readonly g2: ChassisSite;
  readonly c: ChassisSite;
  readonly logicalSwitch: string;
  /** h1 (site X) and vm1 (chassis C). */
  readonly hosts: Readonly<Record<'h1' | 'vm1', Host>>;
  down(): Promise<CleanupReport>;
}

/** How to build it. */
export interface HaLabOptions {
  /**
   * FRR's settings towards both gateways (e.g. short timers). X is their route reflector by default (RFC 4456:
   * spines reflect in a real fabric), so each gateway sees the other's routes; `routeReflectorClient: false` turns it off.
   */
  frrNeighbor?: Partial<FrrNeighbor>;
  /** Inactivity probe (ms) of the NB cluster's TCP remotes, via its Connection table (default: ovsdb-server's 5000). */
  nbInactivityProbeMs?: number;
  /** Use this run instead of creating one (the caller then owns its teardown). */
  run?: LabRun;
  runOptions?: LabRunOptions;
}

/** Builds the lab; on failure everything made so far is torn down before the error is rethrown. */
export async function buildHaLab(o: HaLabOptions = {}): Promise<HaLab> {
  const labRun = o.run ?? (await LabRun.create({ description: 'HA two-gateway lab', ...o.runOptions }));
  try {
    return await build(labRun, o);
  } catch (err) {
    if (!o.run) await labRun.down();
    throw err;
  }
}

async function build(labRun: LabRun, o: HaLabOptions): Promise<HaLab> {
  const chassisPlans = [GATEWAY_G1, GATEWAY_G2, COMPUTE_C];
  const xNs = await labRun.addNetns(SITE_X.role);
  const chassisNs = new Map<string, string>();
  for (const p of chassisPlans) chassisNs.set(p.role, await labRun.addNetns(p.role));
  const nbNs: string[] = [];
  for (let i = 1; i <= 3; i++) nbNs.push(await labRun.addNetns(`nb${i}`));
  const underlay = await connectUnderlay(labRun, [
    { netns: xNs, iface: SITE_X.underlayIface, ip: SITE_X.vtepIp },
    ...chassisPlans.map((p) => ({ netns: chassisNs.get(p.role) as string, iface: p.underlayIface })),
    ...nbNs.map((netns, i) => ({ netns, iface: 'un0', ip: NB_MEMBER_IPS[i] as string })),
  ]);
  const cluster = await startNbCluster(labRun, nbNs.map((netns, i) => ({ netns, ip: NB_MEMBER_IPS[i] as string })),
    o.nbInactivityProbeMs === undefined ? {} : { inactivityProbeMs: o.nbInactivityProbeMs });
  await cluster.nbctl('--may-exist', 'ls-add', LAB_LOGICAL_SWITCH);
  const sites: ChassisSite[] = [];
  for (const p of chassisPlans) sites.push(await startChassis(labRun, p, chassisNs.get(p.role) as string, cluster));
  const [g1, g2, c] = sites as [ChassisSite, ChassisSite, ChassisSite];
  const x = await populateKernelSite(labRun, SITE_X, xNs);
  const frr = await startSiteFrr(labRun, x, { neighbors: [g1, g2].map((g) => labFrrNeighbor(x, g.plan.vtepIp, { routeReflectorClient: true, ...o.frrNeighbor })) });
  const [h1] = x.hosts;
  const [vm1] = c.vms;
  if (!h1 || !vm1) throw new Error('expected h1 on site X and vm1 on chassis C');
  return { run: labRun, underlay, cluster, x, frr, g1, g2, c, logicalSwitch: LAB_LOGICAL_SWITCH, hosts: { h1, vm1 }, down: () => labRun.down() };
}

/** OVS netdev + ovn-controller towards the central SB, br-phy with the chassis's VTEP (Geneve and VXLAN) IP, its VMs. */
async function startChassis(labRun: LabRun, p: ChassisPlan, netns: string, cluster: NbCluster): Promise<ChassisSite> {
  const dirs = ovsOvnDirs(labRun.path(`site-${p.role}`));
  const ovs = await startOvs(labRun, netns, dirs);
  const ovnController = await startOvnController(labRun, ovs, { systemId: p.systemId, hostname: p.systemId, encapIp: p.vtepIp }, cluster.sbTcpRemote);
  await addNetdevBridge(ovs, 'br-phy', { failMode: 'standalone', hwaddr: macFromIp(p.vtepIp) });
  await addSystemPort(ovs, 'br-phy', p.underlayIface);
  await ip(netns, 'addr', 'add', `${p.vtepIp}/${UNDERLAY_PREFIX}`, 'dev', 'br-phy');
  await ip(netns, 'link', 'set', 'br-phy', 'up');
  const vms: Host[] = [];
  for (const h of p.hosts) {
    const port = `${h.name}-p`;
    vms.push(await createHost(labRun, h, { peer: { netns, name: port } }));
    await cluster.nbctl('--may-exist', 'lsp-add', LAB_LOGICAL_SWITCH, h.name, '--', 'lsp-set-addresses', h.name, `${h.mac} ${h.ip}`);
    await addSystemPort(ovs, 'br-int', port, h.name);
  }
  const env = ovs.env;
  return {
    plan: p, netns, ovs, ovnController, ovsDbRemote: ovs.dbRemote, nbRemote: cluster.tcpRemotes, env, vms,
    run: (argv, timeoutMs) => run(argv, { netns, env, ...(timeoutMs === undefined ? {} : { timeoutMs }) }),
    spawn: (name, argv, so = {}) => spawnChild(labRun, {
      name, argv, netns, env: { ...env, ...so.env }, logFile: join(labRun.dir, `${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.log`),
      ...(so.pipe ? { pipe: true } : {}),
    }),
  };
}
