// A lab holding only the clustered OVN NB (three members nb1..nb3 on a bridged underlay, SB and
// ovn-northd next to nb1): for the lock, fencing and leader-following tests that need no data plane.
import type { CleanupReport } from '../cleanup.js';
import { startNbCluster, type NbCluster, type NbClusterOptions } from '../ovn-nb-cluster.js';
import { ip } from '../netns.js';
import { LabRun, type LabRunOptions } from '../run.js';
import { connectUnderlay, type Underlay } from './underlay.js';

/** Underlay addresses of the NB members: 192.168.100.31, .32, .33 (clear of the sites' .1-.3). */
export const NB_MEMBER_IPS: readonly string[] = ['192.168.100.31', '192.168.100.32', '192.168.100.33'];

/** The built lab. */
export interface NbClusterLab {
  readonly run: LabRun;
  readonly underlay: Underlay;
  readonly cluster: NbCluster;
  down(): Promise<CleanupReport>;
}

/** How to build it. */
export interface NbClusterLabOptions extends NbClusterOptions {
  /** Number of members, 1..3 (default 3). */
  members?: number;
  runOptions?: LabRunOptions;
}

/** Builds netns nb1..nbN, the underlay between them, and the cluster; tears down what it made if a step fails. */
export async function buildNbClusterLab(o: NbClusterLabOptions = {}): Promise<NbClusterLab> {
  const labRun = await LabRun.create({ description: 'NB cluster lab', ...o.runOptions });
  try {
    const ips = NB_MEMBER_IPS.slice(0, o.members ?? 3);
    const placements = [];
    for (const [i, ip] of ips.entries()) placements.push({ netns: await labRun.addNetns(`nb${i + 1}`), ip });
    // Two members share one veth, three a bridge (connectUnderlay); each end is called un0 in its netns.
    // A lone member has no underlay: its address goes on loopback so its TCP remotes still exist.
    let underlay: Underlay = { kind: 'veth', members: [] };
    if (placements.length >= 2) underlay = await connectUnderlay(labRun, placements.map((p) => ({ netns: p.netns, iface: 'un0', ip: p.ip })));
    else for (const p of placements) await ip(p.netns, 'addr', 'add', `${p.ip}/32`, 'dev', 'lo');
    const cluster = await startNbCluster(labRun, placements, o);
    return { run: labRun, underlay, cluster, down: () => labRun.down() };
  } catch (err) {
    await labRun.down();
    throw err;
  }
}
