// `npm run demo` from start to PASS/FAIL: prerequisites, a fresh lab run (unique names and dir), the five
// steps (on site Y, or on Y and Y2 with --ovn-ovn), the checks, then teardown (or --keep and hints).
// Ctrl-C or kill at any point tears the run down. On failure the run directory (logs, pcaps, state) is
// kept and named, for `down` to remove later.
import { access, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CleanupRegistry, describeFailures } from '../lab/cleanup.js';
import { LabError } from '../lab/errors.js';
import { assertLabPrerequisites } from '../lab/prereqs.js';
import { LabRun } from '../lab/run.js';
import { installSignalCleanup } from '../lab/signals.js';
import { StepReporter } from '../lab/steps.js';
import { SITE_X, SITE_X2, SITE_Y, SITE_Y2 } from '../lab/topology/plan.js';
import { buildDemoLab, type DemoOptions } from './demo-lab.js';
import { runDemoChecks } from './demo-checks.js';
import { DEMO_RUN_DESCRIPTION, keptDemoLab, keptHints, keptOvnOvnLab, type KeptLab } from './kept-runs.js';
import { runOvnOvnChecks } from './ovn-ovn-checks.js';
import { buildOvnOvnDemo } from './ovn-ovn-lab.js';
import { runHaDemo } from './ha-demo.js';
import { COMPUTE_C, GATEWAY_G1, GATEWAY_G2 } from '../lab/topology/ha-lab.js';
import { NB_MEMBER_IPS } from '../lab/topology/nb-cluster-lab.js';

/** Options of one demo run. */
export interface DemoRunOptions extends DemoOptions {
  /** Two OVN sites, each with its own daemon, instead of FRR <-> OVN (thirdSite then adds FRR site X). */
  ovnOvn?: boolean;
  /** Issue 10's two-gateway HA lab (no --keep: it runs through its failover and tears down). */
  ha?: boolean;
  /** Leave the lab up and print how to use it and tear it down. */
  keep?: boolean;
  /** Keep the run directory (logs, pcaps) even after a passing run. */
  keepLogs?: boolean;
}

/** The outcome: PASS or FAIL, the run id, and how long it took. */
export interface DemoOutcome {
  ok: boolean;
  runId: string | undefined;
  ms: number;
}

const DIST_CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** Runs the demo, writing lines through out; never throws for a failed check, only reports it. */
export async function runDemo(out: (line: string) => void, o: DemoRunOptions = {}): Promise<DemoOutcome> {
  const t0 = performance.now();
  const steps = new StepReporter(out);
  printTopology(out, o);
  try {
    await steps.step('prerequisites (root, OVS/OVN, FRR, tshark, tcpdump, bin/evpnctl built)', async () => {
      await assertLabPrerequisites();
      await access(DIST_CLI).catch((err: unknown) => {
        throw new LabError(`bin/evpnctl needs ${DIST_CLI}: run \`npm run build\` (scripts/demo.sh does)`, { cause: err });
      });
    });
  } catch (_err) {
    steps.summary(); // the step printed why
    return { ok: false, runId: undefined, ms: performance.now() - t0 };
  }
  // keepDir: the directory goes only after a passing run, so a failure leaves its logs behind.
  const labRun = await LabRun.create({ description: DEMO_RUN_DESCRIPTION, keepDir: true });
  // Ctrl-C means "stop and leave nothing": unlike a failure, it also removes the directory.
  const onSignal = new CleanupRegistry();
  onSignal.add(`tear down run ${labRun.id} and remove ${labRun.dir}`, async () => {
    const report = await labRun.down();
    if (!report.ok) throw new LabError(describeFailures(report));
    await rm(labRun.dir, { recursive: true, force: true });
  });
  const uninstall = installSignalCleanup(onSignal, (sig, ok) => {
    out(`${sig}: run ${labRun.id} torn down${ok ? '' : ` with errors; see ${labRun.dir}`}`);
  });
  let kept: KeptLab | undefined;
  try {
    if (o.ha) await runHaDemo(steps, labRun, out);
    else kept = o.ovnOvn ? await runOvnOvn(steps, labRun, o, out) : await runFrrOvn(steps, labRun, o, out);
  } catch (err) {
    // A failed step has already been printed; anything else is reported here.
    if (steps.ok) steps.check('unexpected error', false, err instanceof Error ? err.message : String(err));
  }
  const ok = steps.ok;
  if (kept && o.keep) {
    labRun.keep();
    out('');
    for (const line of await keptHints(kept)) out(line);
  } else {
    const report = await steps.step('teardown (stop our PIDs, delete our netns)', () => labRun.down());
    steps.check('teardown complete', report.ok, report.ok ? `${report.steps.length} undo steps` : describeFailures(report));
    if (ok && report.ok && !o.keepLogs) await rm(labRun.dir, { recursive: true, force: true });
    else out(`logs, captures and daemon state kept in ${labRun.dir} (remove: npm run demo -- down ${labRun.id})`);
  }
  uninstall();
  const ms = performance.now() - t0;
  if (steps.ok) out(`time to PASS: ${(ms / 1000).toFixed(1)} s (target: under 60 s once packages are installed)`);
  steps.summary();
  return { ok: steps.ok, runId: labRun.id, ms };
}

async function runFrrOvn(steps: StepReporter, labRun: LabRun, o: DemoOptions, out: (line: string) => void): Promise<KeptLab> {
  const demo = await buildDemoLab(steps, labRun, o);
  await runDemoChecks(steps, demo, out);
  return keptDemoLab(demo);
}

async function runOvnOvn(steps: StepReporter, labRun: LabRun, o: DemoRunOptions, out: (line: string) => void): Promise<KeptLab> {
  const demo = await buildOvnOvnDemo(steps, labRun, { thirdSite: o.thirdSite ?? false, ...(o.logLevel === undefined ? {} : { logLevel: o.logLevel }) });
  await runOvnOvnChecks(steps, demo, out);
  return keptOvnOvnLab(demo);
}

const describeHost = (h: { name: string; ip: string; mac: string } | undefined) => (h ? `${h.name} ${h.ip} ${h.mac}` : '');

function printTopology(out: (line: string) => void, o: DemoRunOptions): void {
  if (o.ha) {
    out('evpnctl demo --ha: two gateway chassis in one HA group, one active writer through the clustered OVN NB');
    out(`  NB       3-member Raft cluster ${NB_MEMBER_IPS.join(', ')} (+ SB and ovn-northd)`);
    out(`  G1, G2   OVS (netdev) + ovn-controller + \`evpnctl daemon --ha-group gw\`, VTEPs ${GATEWAY_G1.vtepIp}, ${GATEWAY_G2.vtepIp}`);
    out(`  C        compute chassis, VM ${describeHost(COMPUTE_C.hosts[0])}, Geneve to the gateways`);
    out(`  site X   FRR 8.4 kernel VTEP ${SITE_X.vtepIp}, host ${describeHost(SITE_X.hosts[0])}, peering with both gateways`);
    out('');
    return;
  }
  if (o.ovnOvn) {
    printOvnOvnTopology(out, o);
    return;
  }
  out('evpnctl demo: EVPN-VXLAN between FRR and OVN, in network namespaces on this machine');
  out(`  site X   FRR 8.4 kernel VTEP ${SITE_X.vtepIp}, host ${describeHost(SITE_X.hosts[0])}`);
  if (o.thirdSite) out(`  site X2  FRR 8.4 kernel VTEP ${SITE_X2.vtepIp}, host ${describeHost(SITE_X2.hosts[0])}`);
  out(`  site Y   OVS (netdev) + OVN + \`evpnctl daemon\`, VTEP ${SITE_Y.vtepIp}, VM ${describeHost(SITE_Y.hosts[0])}`);
  out(`  VNI 10, iBGP AS 65000, underlay 192.168.100.0/24; site Y is driven only with evpnctl commands`);
  out('');
}

function printOvnOvnTopology(out: (line: string) => void, o: DemoRunOptions): void {
  out('evpnctl demo: EVPN-VXLAN between two OVN clouds, each with its own evpnctl daemon, in network namespaces on this machine');
  out(`  site Y    OVS (netdev) + OVN + \`evpnctl daemon\`, VTEP ${SITE_Y.vtepIp}, VM ${describeHost(SITE_Y.hosts[0])}`);
  out(`  site Y2   OVS (netdev) + OVN + \`evpnctl daemon\`, VTEP ${SITE_Y2.vtepIp}, VM ${describeHost(SITE_Y2.hosts[0])}`);
  if (o.thirdSite) out(`  site X    FRR 8.4 kernel VTEP ${SITE_X.vtepIp}, host ${describeHost(SITE_X.hosts[0])}`);
  out('  VNI 10 (a Neutron network of its own in each cloud), iBGP AS 65000, underlay 192.168.100.0/24; both sites are driven only with evpnctl commands');
  out('');
}
