// `npx tsx src/lab/cli.ts up [--keep] [--three] | down [RUN_ID] | status`: the static lab for people.
// A program entry: it sets process.exitCode (0 ok, 1 failed check or error, 2 usage) and never calls exit.
import { Command } from 'commander';
import { runProgram } from './program-entry.js';
import chalk from 'chalk';
import { describeFailures } from './cleanup.js';
import { installSignalCleanup } from './signals.js';
import { runStaticLab } from './static-lab.js';
import { StepReporter } from './steps.js';
import { assertLabPrerequisites } from './prereqs.js';
import { LabRun, listRuns, teardownRun } from './run.js';
import { parseRunId, runDirOf } from './names.js';
import type { TwoSiteLab } from './topology/two-site.js';

const out = (line: string): void => void process.stdout.write(`${line}\n`);

async function up(opts: { keep?: boolean; three?: boolean; keepLogs?: boolean }): Promise<number> {
  const steps = new StepReporter(out);
  try {
    await steps.step('prerequisites (root, OVS/OVN, FRR, tools)', assertLabPrerequisites);
  } catch (_err) {
    steps.summary(); // the step already printed why
    return 1;
  }
  const labRun = await LabRun.create({ description: `lab up (static${opts.three ? ', three sites' : ''})`, keepDir: opts.keepLogs ?? false });
  // From here on, Ctrl-C or kill tears the run down before the process ends.
  const uninstall = installSignalCleanup(labRun.cleanup, (sig, ok) => out(`${sig}: run ${labRun.id} torn down${ok ? '' : ' with errors'}`));
  let lab: TwoSiteLab | undefined;
  try {
    lab = await runStaticLab(steps, labRun, { thirdSite: opts.three ?? false });
  } catch (err) {
    if (steps.ok) steps.check('unexpected error', false, err instanceof Error ? err.message : String(err));
  }
  if (lab && opts.keep && steps.ok) {
    labRun.keep();
    printKept(lab);
  } else {
    const report = await steps.step('teardown (stop our PIDs, delete our netns and dir)', () => labRun.down());
    steps.check('teardown complete', report.ok, report.ok ? `${report.steps.length} undo steps` : describeFailures(report));
  }
  uninstall();
  steps.summary();
  return steps.ok ? 0 : 1;
}

function printKept(lab: TwoSiteLab): void {
  out(chalk.bold(`\nlab ${lab.run.id} is up (dir ${lab.run.dir})`));
  for (const [name, h] of Object.entries(lab.hosts)) out(`  ${name.padEnd(4)} ${h.ip.padEnd(10)} ip netns exec ${h.netns} bash`);
  out(`  site Y netns ${lab.y.netns}: --ovs-db ${lab.y.ovsDbRemote} --ovn-nb-db ${lab.y.nbRemote}`);
  out(`  site X netns ${lab.x.netns}: bridge fdb show dev ${lab.x.vtep.vxlanDev}`);
  out(`  tear down: npx tsx src/lab/cli.ts down ${lab.run.id}`);
}

async function down(id: string | undefined): Promise<number> {
  let runId = id === undefined ? undefined : parseRunId(id);
  if (runId === undefined) {
    const kept = (await listRuns()).filter((r) => r.data.keep);
    if (kept.length !== 1) {
      out(kept.length === 0 ? 'no kept lab run; nothing to tear down' : `several kept runs, name one: ${kept.map((r) => r.data.runId).join(' ')}`);
      return kept.length === 0 ? 0 : 2;
    }
    runId = kept[0]?.data.runId;
  }
  if (runId === undefined) return 2;
  const report = await teardownRun(runDirOf(runId), { removeDir: true });
  for (const s of report.stopped) out(`stopped ${s}`);
  for (const n of report.deletedNetns) out(`deleted netns ${n}`);
  for (const e of report.errors) out(chalk.red(`error: ${e}`));
  out(report.errors.length === 0 ? chalk.green(`run ${runId} is down`) : chalk.red(`run ${runId}: ${report.errors.length} errors`));
  return report.errors.length === 0 ? 0 : 1;
}

async function status(): Promise<number> {
  const runs = await listRuns();
  if (runs.length === 0) out('no lab runs');
  for (const r of runs) {
    const d = r.data;
    out(`${chalk.bold(d.runId)}  ${d.createdAt}  ${d.description || '-'}${d.keep ? chalk.yellow(' [kept]') : ''}${d.downAt ? chalk.dim(` [down ${d.downAt}, logs kept]`) : ''}  owner pid ${d.ownerPid}`);
    out(`  processes ${r.liveProcesses.length}/${d.processes.length} alive: ${r.liveProcesses.map((p) => `${p.name}(${p.pid})`).join(' ') || '-'}`);
    out(`  netns ${r.liveNetns.length}/${d.netns.length}: ${r.liveNetns.join(' ') || '-'}`);
  }
  return 0;
}

const program = new Command('lab')
  .description('the evpnctl two-site lab (FRR VTEP + OVS/OVN) in network namespaces, static EVPN mode')
  .exitOverride((err) => {
    throw err;
  });
program.command('up').description('build the lab, program EVPN statically, check pings and VXLAN; tear down unless --keep')
  .option('--keep', 'leave the lab running (tear down later with `down <id>`)')
  .option('--three', 'add site X2 (second FRR VTEP) on a bridged underlay')
  .option('--keep-logs', 'keep the run directory (logs, pcaps) after teardown')
  .action(async (o: { keep?: boolean; three?: boolean; keepLogs?: boolean }) => {
    process.exitCode = await up(o);
  });
program.command('down').argument('[run-id]', 'the run to tear down (default: the only kept run)')
  .description('stop the PIDs and delete the netns and dir of a lab run')
  .action(async (id?: string) => {
    process.exitCode = await down(id);
  });
program.command('status').description('list lab runs on this machine and what is alive of each')
  .action(async () => {
    process.exitCode = await status();
  });

await runProgram(program, chalk.red('error:'));
