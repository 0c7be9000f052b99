// After the demo: the hints printed for a kept lab (`--keep`), and `down [ID]`, which tears a kept (or
// failed) demo run down from its manifest in another process. Only runs the demo created are touched.
import { execa } from 'execa';
import { listRuns, teardownRun, type LabRun } from '../lab/run.js';
import { parseRunId, runDirOf } from '../lab/names.js';
import type { FrrInstance } from '../lab/frr.js';
import type { Host } from '../lab/hosts.js';
import type { OvnSite } from '../lab/topology/ovn-site.js';
import type { DemoLab } from './demo-lab.js';
import { daemonCommandLine, type EvpnctlDaemon } from './daemon-process.js';
import type { OvnOvnDemo } from './ovn-ovn-lab.js';

/** The manifest description every demo run carries; `down` without an id looks for it. */
export const DEMO_RUN_DESCRIPTION = 'evpnctl demo';

/** How the demo is invoked, for the hints (`npm run demo --`). */
const DEMO = 'npm run demo --';

/** What the hints of a kept lab need: its hosts, whom each pings, its daemons and its FRR sites. */
export interface KeptLab {
  readonly run: LabRun;
  readonly vni: number;
  readonly hosts: Readonly<Record<string, Host>>;
  /** The host each host's hint pings. */
  pingTarget(host: Host): Host;
  /** One daemon per OVN site; label names the site when there are several. */
  readonly daemons: readonly { label: string; site: OvnSite; daemon: EvpnctlDaemon }[];
  readonly frr: Readonly<Record<string, FrrInstance>>;
}

/** The FRR demo's lab as KeptLab: every host pings vm1, vm1 pings h1. */
export function keptDemoLab(demo: DemoLab): KeptLab {
  const { lab } = demo;
  return {
    run: lab.run, vni: lab.vni, hosts: lab.hosts, frr: lab.frr,
    pingTarget: (h) => (h.name === 'vm1' ? demo.host('h1') : demo.host('vm1')),
    daemons: [{ label: '', site: lab.y, daemon: demo.daemon }],
  };
}

/** The OVN <-> OVN demo's lab as KeptLab: vm1 and vm2 ping each other, h1 pings vm1. */
export function keptOvnOvnLab(demo: OvnOvnDemo): KeptLab {
  const { lab } = demo;
  return {
    run: lab.run, vni: lab.vni, hosts: lab.hosts, frr: lab.frr,
    pingTarget: (h) => (h.name === 'vm1' ? demo.host('vm2') : demo.host('vm1')),
    daemons: demo.clouds.map((c) => ({ label: c.label, site: c.site, daemon: c.daemon })),
  };
}

/** Lines telling a person how to use and remove a kept lab. */
export async function keptHints(kept: KeptLab): Promise<string[]> {
  const id = kept.run.id;
  const hasPing = (await execa('sh', ['-c', 'command -v ping'], { reject: false })).exitCode === 0;
  const lines = [`lab ${id} is up (dir ${kept.run.dir})`];
  for (const h of Object.values(kept.hosts)) {
    const peer = kept.pingTarget(h);
    lines.push(hasPing
      ? `  ${h.name.padEnd(4)} ${h.ip.padEnd(10)} ip netns exec ${h.netns} ping -c 3 ${peer.ip}`
      : `  ${h.name.padEnd(4)} ${h.ip.padEnd(10)} ${DEMO} ping ${id} ${h.name} ${peer.ip}   (with iputils-ping: ip netns exec ${h.netns} ping ${peer.ip})`);
  }
  if (!hasPing) lines.push('  (iputils-ping is not installed: `apt-get install iputils-ping`, or use the demo\'s ping above, ICMP from python3 as the lab does)');
  for (const { label, site, daemon } of kept.daemons) {
    const at = label === '' ? '' : ` (${label})`;
    const role = label === '' ? 'Y' : label;
    lines.push(
      `  evpnctl${at}:  bin/evpnctl --socket ${daemon.paths.socket} neighbor list | route list | network show ${kept.vni} | client list | status`,
      `  daemon${at}:   running as: ${daemonCommandLine(site, daemon)}   (log: ${daemon.process.logFile})`,
      `  site ${role}:   ip netns exec ${site.netns} ovn-nbctl --db=${site.nbRemote} show`,
    );
  }
  for (const [role, frr] of Object.entries(kept.frr)) {
    lines.push(`  ${`site ${role.toUpperCase()}:`.padEnd(9)} ip netns exec ${frr.netns} vtysh --vty_socket ${frr.dir} -c 'show evpn mac vni ${kept.vni}'`);
  }
  lines.push(`  tear down: ${DEMO} down ${id}`);
  return lines;
}

/** What `down` did, as lines for people, and whether it all went well. */
export interface DownOutcome {
  lines: string[];
  ok: boolean;
}

/**
 * Tears down a demo run by id or, without one, every demo run no live demo process owns (kept runs, and
 * failed runs whose logs were kept). A demo still running elsewhere is left alone.
 */
export async function downDemoRun(id: string | undefined): Promise<DownOutcome> {
  if (id !== undefined) return downOne(parseRunId(id));
  const runs = (await listRuns()).filter((r) => r.data.description === DEMO_RUN_DESCRIPTION);
  const lines: string[] = [];
  let ok = true;
  for (const r of runs) {
    if (!r.data.keep && r.data.downAt === undefined && ownerAlive(r.data.ownerPid)) {
      lines.push(`run ${r.data.runId}: its demo (pid ${r.data.ownerPid}) is still running; left alone`);
      continue;
    }
    const one = await downOne(r.data.runId);
    lines.push(...one.lines);
    ok &&= one.ok;
  }
  if (lines.length === 0) lines.push('no demo run on this machine; nothing to tear down');
  return { lines, ok };
}

async function downOne(runId: string): Promise<DownOutcome> {
  const report = await teardownRun(runDirOf(runId), { removeDir: true });
  const lines = [
    ...report.stopped.map((s) => `stopped ${s}`),
    ...report.deletedNetns.map((n) => `deleted netns ${n}`),
    ...report.errors.map((e) => `error: ${e}`),
    report.errors.length === 0 ? `run ${runId} is down` : `run ${runId}: ${report.errors.length} error(s)`,
  ];
  return { lines, ok: report.errors.length === 0 };
}

function ownerAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
