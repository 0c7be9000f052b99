// After the demo: the hints printed for a kept lab (`--keep`), and `down [ID]`, which tears a kept (or
// failed) demo run down from its manifest in another process. Only runs the demo created are touched.
import { execa } from 'execa';
import { listRuns, teardownRun } from '../lab/run.js';
import { parseRunId, runDirOf } from '../lab/names.js';
import type { DemoLab } from './demo-lab.js';
import { daemonCommandLine } from './daemon-process.js';

/** The manifest description every demo run carries; `down` without an id looks for it. */
export const DEMO_RUN_DESCRIPTION = 'evpnctl demo';

/** How the demo is invoked, for the hints (`npm run demo --`). */
const DEMO = 'npm run demo --';

/** Lines telling a person how to use and remove a kept lab. */
export async function keptHints(demo: DemoLab): Promise<string[]> {
  const { lab, daemon } = demo;
  const id = lab.run.id;
  const hasPing = (await execa('sh', ['-c', 'command -v ping'], { reject: false })).exitCode === 0;
  const cli = `bin/evpnctl --socket ${daemon.paths.socket}`;
  const lines = [`lab ${id} is up (dir ${lab.run.dir})`];
  for (const h of Object.values(lab.hosts)) {
    const peer = h.name === 'vm1' ? demo.host('h1') : demo.host('vm1');
    lines.push(hasPing
      ? `  ${h.name.padEnd(4)} ${h.ip.padEnd(10)} ip netns exec ${h.netns} ping -c 3 ${peer.ip}`
      : `  ${h.name.padEnd(4)} ${h.ip.padEnd(10)} ${DEMO} ping ${id} ${h.name} ${peer.ip}   (with iputils-ping: ip netns exec ${h.netns} ping ${peer.ip})`);
  }
  if (!hasPing) lines.push('  (iputils-ping is not installed: `apt-get install iputils-ping`, or use the demo\'s ping above, ICMP from python3 as the lab does)');
  lines.push(
    `  evpnctl:  ${cli} neighbor list | route list | network show ${lab.vni} | client list | status`,
    `  daemon:   running as: ${daemonCommandLine(lab.y, daemon)}   (log: ${daemon.process.logFile})`,
    `  site Y:   ip netns exec ${lab.y.netns} ovn-nbctl --db=${lab.y.nbRemote} show`,
  );
  for (const [role, frr] of Object.entries(lab.frr)) {
    lines.push(`  ${`site ${role.toUpperCase()}:`.padEnd(9)} ip netns exec ${frr.netns} vtysh --vty_socket ${frr.dir} -c 'show evpn mac vni ${lab.vni}'`);
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
