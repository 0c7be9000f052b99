// Issue 13's first line, end to end: P (VNI, VTEP) pairs, first UPDATE → OVS rows / NB LSPs / ovn-installed,
// 1,000 pairs (200 VNIs × 5 VTEPs) against 5,000 (1,000 × 5); goal: linear, 5,000 ≤ 5× 1,000 on each stage.
// Each run is a fresh lab: the OVN site of support/ovn-bench-site.ts (a netns pair; OVS netdev, NB/SB, ovn-northd,
// ovn-controller; switches ls1..lsV with one unbound VM port each) with the evpnctl daemon, configured through
// the CLI as a user would, in one call: `evpnctl config apply` of a file with the speaker, the neighbor and the V
// `network add --vni v --logical-switch lsv`. The site is left to settle (2 s, then every process idle 0.5 s) before the clock.
// The raw injector (support/bgp-injector.ts, `vteps`) then speaks for T VTEPs 192.168.100.11.. : per VNI one
// type 3 from each VTEP (originator, PMSI tunnel id and next hop the VTEP, RD <VTEP>:<VNI>) and one MAC+IP
// type 2 per pair with next hop that VTEP. The VTEPs do not exist: no packet is sent (nothing here needs one;
// OVS rows, LSPs and ovn-installed do not depend on the remote VTEP's reachability).
// Observation (the rule of issue 13 and README "Benchmarks"): from the first UPDATE byte, evpnctl (all its
// processes), ovs-vswitchd, ovn-northd, ovn-controller and the OVS, NB and SB ovsdb-servers are sampled in one
// 10 ms loop of /proc schedstat (support/cpu-idle.ts) until all have been idle 0.5 s after the injector sent
// everything; nothing polls a target while it works. Then, once: OVS Interfaces with external_ids
// evpnctl-managed=true, those of them with external_ids ovn-installed=true, and NB LSPs with evpnctl-managed=true
// are counted; a count short of P marks the run incomplete. The stage times come from the same one-shot look:
// the OVS and NB database files are the servers' transaction logs, each commit stamped with the server's clock
// (support/ovsdb-file-log.ts), so
//   OVS rows       = the commit that inserted the last managed Interface,
//   NB LSPs        = the last commit that wrote a managed LSP (insert or addresses; not northd's `up`),
//   ovn-installed  = the commit in which ovn-controller set ovn-installed=true on the last managed Interface
// (all from the injector's `sending` event). Beside them, the CPU-idle view: evpnctl's last busy sample, its last
// programmer batch (logged once every transaction of it was acknowledged, support/ovn-log.ts), and the last of
// ovn-controller / ovs-vswitchd going idle; and each process's CPU seconds. Rounds interleave the sizes.
//   sudo npx tsx bench/pairs-installed.ts [--pairs 1000,5000] [--vteps 5] [--runs 3] [--timeout 600] [--perf] [--out FILE]
//   -> bench/results/pairs-installed.json   (the injector runs as `... pairs-installed.ts --inject <json>` in a netns)
import { execa } from 'execa';
import { mkdirSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { spawnChild } from '../src/lab/daemon.js';
import { LineEventLog } from '../src/lab/line-events.js';
import { assertLabPrerequisites } from '../src/lab/prereqs.js';
import type { OvnSite } from '../src/lab/topology/ovn-site.js';
import { buildSpeakerPair } from '../src/lab/topology/speaker-pair.js';
import { sleep } from '../src/lab/wait.js';
import { BIN } from '../test/support/evpnctl.js';
import { inject, type InjectOptions } from './support/bgp-injector.js';
import { spread, statCpuSeconds, verdict, waitCpuIdleEach, type CpuIdleEach } from './support/cpu-idle.js';
import { processGroups, startOvnBenchSite } from './support/ovn-bench-site.js';
import { ovnWorkSince } from './support/ovn-log.js';
import { tableTimeline } from './support/ovsdb-file-log.js';
import { arg, round, runKeptAlive } from './support/bench-main.js';

const ASN = 65000;
const PAIRS = (arg('--pairs') ?? '1000,5000').split(',').map(Number);
const VTEP_COUNT = Number(arg('--vteps') ?? 5);
const RUNS = Number(arg('--runs') ?? 3);
/** Seconds any one wait may take (settling, the injector's start, the watch from the first UPDATE, each count). */
const TIMEOUT_MS = Number(arg('--timeout') ?? 600) * 1000;
/**
 * A pause before the settle check (as data-plane.ts): the daemon reads every subsystem's health once a second
 * (HEALTH_POLL_MS), a few ms of CPU with a thousand networks, so "idle for 2 s" never comes; idle for 0.5 s after a
 * 2 s pause does.
 */
const SETTLE_MS = 2000;
/** Profile ovn-controller with `perf record` during the run (a profiling run, not a timed one). */
const PERF = process.argv.includes('--perf');
const VTEPS = Array.from({ length: VTEP_COUNT }, (_, i) => `192.168.100.${11 + i}`);

const STAGES = ['ovsRows', 'nbLsps', 'ovnInstalled'] as const;
type Stage = (typeof STAGES)[number];
const PROCS = ['evpnctl', 'ovs-vswitchd', 'northd', 'ovn-controller', 'ovs-ovsdb-server', 'nb-ovsdb-server', 'sb-ovsdb-server'] as const;
type Proc = (typeof PROCS)[number];

interface RunResult {
  run: number;
  pairs: number;
  vnis: number;
  vteps: number;
  /** Every count equals the pairs and no wait timed out. */
  complete: boolean;
  /** What is short or unfinished, in words (empty when complete). */
  problems: string[];
  /** Seconds from the first UPDATE byte to each stage (database commit times); null: not reached. */
  seconds: Record<Stage, number | null>;
  /** The CPU-idle view of the same: evpnctl's last busy sample, its last acknowledged batch, the last of ovn-controller/ovs-vswitchd idle. */
  idleView: { evpnctlLastBusy: number | null; evpnctlLastBatch: number | null; controllerAndVswitchdIdle: number | null; allIdle: number | null };
  /** Per process: its own last busy sample (s from the first UPDATE; null: still busy at the timeout) and CPU seconds up to it. */
  processes: Record<Proc, { doneSeconds: number | null; cpuSeconds: number }>;
  /** CPU of the processes evpnctl waited for (ovsdb-client ...), from its processes' cutime+cstime (10 ms ticks). */
  evpnctlChildrenCpuSeconds: number;
  counts: { ovsInterfaces: number; ovnInstalled: number; nbLsps: number; nbLspMacs: number };
  programmer: { batches: number; reconciles: number; ovsdbClientSpawns: number; maxBatchMs: number };
  /** Records in the OVS/NB database files, and whether a compaction lost their history (then the stage times are not trusted). */
  dbLog: { ovsRecords: number; nbRecords: number; compacted: boolean };
  /** Seconds to build the site and `config apply` the networks, and to settle before the clock (not measured work). */
  /**
   * ovn-controller's own account after the run (one read each, since it started): its incremental engine's
   * "recompute/compute/abort" counts per node, and its stopwatches (ms per main-loop iteration).
   */
  controllerProfile: { engine: Record<string, string>; stopwatch: Record<string, { samples: number; maxMs: number; p95Ms: number; longTermAvgMs: number }>; perfTop?: string[] };
  /** When ovn-installed appeared on the managed interfaces: s from the first UPDATE at 10/50/90/100 %, and in how many OVS commits. */
  ovnInstalledCurve: { p10: number; p50: number; p90: number; p100: number; commits: number } | null;
  setupSeconds: number;
  /** Of the setup: the one `evpnctl config apply` of the speaker, the neighbor and the V networks. */
  configApplySeconds: number;
  settleSeconds: number;
  injector: { updates: number; nlri: number; sendSeconds: number };
  loadAverageBefore: number[];
}

/** The config file the daemon gets: what `evpnctl config show` would print for this setup. */
function configText(pair: { speakerIp: string; peerIp: string }, vnis: number): string {
  const lines = [
    `evpnctl speaker add --as ${ASN} --router-id ${pair.speakerIp}`,
    `evpnctl neighbor add ${pair.peerIp} --remote-as ${ASN} --passive --hold-time 180`,
  ];
  for (let v = 1; v <= vnis; v++) lines.push(`evpnctl network add --vni ${v} --logical-switch ls${v}`);
  return `${lines.join('\n')}\n`;
}

/** The one look after the run: managed OVS interfaces (and how many have ovn-installed) and managed NB LSPs. */
async function count(site: OvnSite): Promise<RunResult['counts']> {
  const ovs = await site.run(['ovs-vsctl', `--db=${site.ovsDbRemote}`, '--timeout=120', '--format=json', '--data=json', '--columns=name,external_ids',
    'find', 'Interface', 'external_ids:evpnctl-managed=true'], TIMEOUT_MS);
  const ifaces = (JSON.parse(ovs.stdout) as { data: [string, ['map', [string, string][]]][] }).data;
  const installed = ifaces.filter(([, ids]) => ids[1].some(([k, v]) => k === 'ovn-installed' && v === 'true')).length;
  const nb = await site.run(['ovn-nbctl', `--db=${site.nbRemote}`, '--timeout=120', '--format=json', '--data=json', '--columns=name,addresses',
    'find', 'Logical_Switch_Port', 'external_ids:evpnctl-managed=true'], TIMEOUT_MS);
  const lsps = (JSON.parse(nb.stdout) as { data: [string, string | ['set', string[]]][] }).data;
  const addrs = (a: string | ['set', string[]]): string[] => (typeof a === 'string' ? [a] : a[1]);
  const nbLspMacs = lsps.reduce((n, [, a]) => n + addrs(a).filter((x) => /^[0-9a-f]{2}(:[0-9a-f]{2}){5}\b/.test(x)).length, 0);
  return { ovsInterfaces: ifaces.length, ovnInstalled: installed, nbLsps: lsps.length, nbLspMacs };
}

/** ovn-controller's control socket (23.03 has no --unixctl: it is ovn-controller.<pid>.ctl). */
const controllerCtl = (site: OvnSite): string => join(site.ovs.dirs.ovnDir, `ovn-controller.${site.ovn.controller.pid}.ctl`);

/** ovn-controller's incremental engine: [recompute, compute, abort] per node since it started (one read). */
async function engineCounts(site: OvnSite): Promise<Record<string, number[]>> {
  const text = (await site.run(['ovn-appctl', '-t', controllerCtl(site), 'inc-engine/show-stats'], 60_000)).stdout;
  const out: Record<string, number[]> = {};
  let node: number[] | undefined;
  for (const line of text.split('\n')) {
    const n = /^Node: (\S+)/.exec(line);
    const c = /^- (recompute|compute|abort):\s+(\d+)/.exec(line);
    if (n !== null) out[n[1]!] = node = [0, 0, 0];
    else if (c !== null && node !== undefined) node[['recompute', 'compute', 'abort'].indexOf(c[1]!)] = Number(c[2]);
  }
  return out;
}

/**
 * ovn-controller's own account of the run, read once after it: its engine nodes' "recompute/compute/abort" counts
 * during the run (after minus before the clock; input nodes, whose recompute is just "read the table", left out),
 * and its stopwatches since it started (ms per main-loop iteration; setup included).
 */
async function controllerStats(site: OvnSite, before: Record<string, number[]>): Promise<RunResult['controllerProfile']> {
  const after = await engineCounts(site);
  const engine: Record<string, string> = {};
  for (const [k, v] of Object.entries(after)) {
    if (k.startsWith('SB_') || k.startsWith('OVS_')) continue;
    const b = before[k] ?? [0, 0, 0];
    engine[k] = v.map((x, i) => x - (b[i] ?? 0)).join('/');
  }
  const stopwatch: RunResult['controllerProfile']['stopwatch'] = {};
  const text = (await site.run(['ovn-appctl', '-t', controllerCtl(site), 'stopwatch/show'], 60_000)).stdout;
  for (const block of text.split("Statistics for '").slice(1)) {
    const num = (label: string): number => Number(new RegExp(`${label}: ([\\d.]+)`).exec(block)?.[1] ?? Number.NaN);
    const samples = num('Total samples');
    if (samples === 0) continue;
    stopwatch[block.slice(0, block.indexOf("'"))] = { samples, maxMs: num('Maximum'), p95Ms: round(num('95th percentile'), 2), longTermAvgMs: round(num('Long term average'), 2) };
  }
  return { engine, stopwatch };
}

/** `perf record` of ovn-controller from the clock to the end of the watch (--perf only: it costs CPU of its own). */
function startPerf(pid: number, file: string): { stop(): Promise<string[]> } {
  const rec = execa('perf', ['record', '-F', '499', '-g', '-o', file, '-p', String(pid)], { reject: false, stdin: 'ignore' });
  return {
    async stop() {
      if (rec.pid !== undefined) process.kill(rec.pid, 'SIGINT');
      await rec;
      const rep = await execa('perf', ['report', '--stdio', '--no-children', '--sort', 'dso,symbol', '-g', 'none', '-i', file], { reject: false, stdin: 'ignore' });
      return rep.stdout.split('\n').filter((l) => /^\s+\d+\.\d+%/.test(l)).slice(0, 20).map((l) => l.trim().replace(/\s+/g, ' '));
    },
  };
}

/** Stage times from the database files: the commits that wrote the last of our rows (ms since the epoch; null: none). */
async function commitTimes(site: OvnSite, t0: number): Promise<{ at: Record<Stage, number | null>; dbLog: RunResult['dbLog']; curve: RunResult['ovnInstalledCurve'] }> {
  const ovs = await tableTimeline(join(site.ovs.dirs.ovsDir, 'conf.db'), 'Interface', { watch: ['ovn-installed=true'] });
  const nb = await tableTimeline(join(site.ovs.dirs.ovnDir, 'ovnnb_db.db'), 'Logical_Switch_Port', { ignoreColumns: ['up'] });
  const managed = (ids: Map<string, string>): boolean => ids.get('evpnctl-managed') === 'true';
  const ifaces = [...ovs.rows.values()].filter((r) => r.deletedAt === null && managed(r.externalIds));
  const lsps = [...nb.rows.values()].filter((r) => r.deletedAt === null && managed(r.externalIds));
  const last = (xs: (number | undefined)[]): number | null => {
    if (xs.length === 0 || xs.some((x) => x === undefined)) return null;
    return Math.max(...(xs as number[]).filter((x) => x >= t0), t0);
  };
  const installedAt = ifaces.map((r) => r.firstSeen.get('ovn-installed=true')).filter((x): x is number => x !== undefined).sort((a, b) => a - b);
  const q = (f: number): number => round((installedAt[Math.min(installedAt.length - 1, Math.ceil(f * installedAt.length) - 1)]! - t0) / 1000);
  return {
    curve: installedAt.length === 0 ? null : { p10: q(0.1), p50: q(0.5), p90: q(0.9), p100: q(1), commits: new Set(installedAt).size },
    at: {
      ovsRows: last(ifaces.map((r) => r.insertedAt)),
      nbLsps: last(lsps.map((r) => r.lastWriteAt)),
      ovnInstalled: last(ifaces.map((r) => r.firstSeen.get('ovn-installed=true'))),
    },
    dbLog: { ovsRecords: ovs.records, nbRecords: nb.records, compacted: ovs.compactedAt !== null || nb.compactedAt !== null },
  };
}

async function measure(pairs: number, runNo: number): Promise<RunResult> {
  if (pairs % VTEP_COUNT !== 0) throw new Error(`expected --pairs to be multiples of --vteps ${VTEP_COUNT}, got ${pairs}`);
  const vnis = pairs / VTEP_COUNT;
  const setup0 = Date.now();
  const pair = await buildSpeakerPair({ peer: 'none', runOptions: { description: `bench pairs-installed ${pairs}` } });
  let stdinEnd: (() => void) | undefined;
  try {
    const target = await startOvnBenchSite(pair, vnis);
    const { site, daemon: d } = target;
    const file = pair.run.path('evpnctl.conf');
    await writeFile(file, configText({ speakerIp: pair.speaker.ip, peerIp: pair.peer.ip }, vnis));
    // The test harness's CLI runner stops a command after 30 s; config apply of a thousand networks may take longer.
    const apply0 = Date.now();
    const applied = await execa('node', [BIN, '--socket', d.socket, 'config', 'apply', file], { reject: false, env: { NO_COLOR: '1' }, stdin: 'ignore', timeout: TIMEOUT_MS });
    if (applied.exitCode !== 0) throw new Error(`evpnctl config apply ${file}: expected exit 0, got ${applied.exitCode ?? applied.signal ?? 'a timeout'}: ${applied.stderr}`);
    const configApplySeconds = round((Date.now() - apply0) / 1000, 1);
    const groups: Record<Proc, number[]> = { ...(await processGroups(target)), 'ovs-ovsdb-server': [site.ovs.processes.db.pid] };
    const setupSeconds = round((Date.now() - setup0) / 1000, 1);
    // Settle: the networks' own work (switch lookups, monitors) is over before the clock can start.
    const settle0 = Date.now();
    await sleep(SETTLE_MS);
    const settled = await waitCpuIdleEach(groups, { timeoutMs: TIMEOUT_MS });
    const restless = PROCS.filter((k) => !settled[k].settled);
    if (restless.length > 0) throw new Error(`expected the site to settle (every process idle 0.5 s) within ${TIMEOUT_MS / 1000} s before the clock, got ${restless.join(', ')} still busy`);
    const settleSeconds = round((Date.now() - settle0) / 1000, 1);
    const engineBefore = await engineCounts(site);
    const loadAverageBefore = loadavg().map((x) => round(x, 2));
    const perf = PERF ? startPerf(site.ovn.controller.pid, pair.run.path('ovn-controller.perf')) : undefined;
    const opts: InjectOptions = { target: pair.speaker.ip, localAddress: pair.peer.ip, asn: ASN, routerId: pair.peer.ip, routes: pairs, vnis, vteps: VTEPS };
    const child = await spawnChild(pair.run, {
      name: 'bgp-injector', netns: pair.peer.netns, pipe: true, logFile: pair.run.path('injector.log'),
      argv: ['node', '--import', 'tsx', join(import.meta.dirname, 'pairs-installed.ts'), '--inject', JSON.stringify(opts)],
    });
    if (!child.stdout || !child.stdin) throw new Error('expected pipes to the injector');
    const stdin = child.stdin;
    stdinEnd = () => stdin.end();
    const log = new LineEventLog(child.stdout);
    const encoded = await log.waitFor(`the injector to encode its table (log ${child.logFile})`, (e) => e.event === 'encoded', TIMEOUT_MS);
    const sending = await log.waitFor(`the injector to start sending (log ${child.logFile})`, (e) => e.event === 'sending', TIMEOUT_MS);
    const t0 = Number(sending.t);
    const sent = log.waitFor('the injector to have sent everything', (e) => e.event === 'sent', TIMEOUT_MS);
    const childrenCpu = (pids: readonly number[]): number => pids.reduce((sum, pid) => sum + statCpuSeconds(pid, { own: false, children: true }), 0);
    const children0 = childrenCpu(groups.evpnctl);
    const idle: CpuIdleEach<Proc> = await waitCpuIdleEach(groups, { after: sent, timeoutMs: Math.max(1000, t0 + TIMEOUT_MS - Date.now()) });
    const sentAt = Number((await Promise.race([sent, Promise.resolve(null)]))?.t ?? Number.NaN);
    const evpnctlChildrenCpuSeconds = round(childrenCpu(groups.evpnctl) - children0, 2);
    const s = (at: number | null): number | null => (at === null ? null : round((at - t0) / 1000));
    const processes = Object.fromEntries(PROCS.map((k) => [k, {
      doneSeconds: idle[k].settled ? s(idle[k].lastBusySeenAt) : null, cpuSeconds: round(idle[k].cpuSeconds),
    }])) as RunResult['processes'];
    const counts = await count(site);
    const perfTop = await perf?.stop();
    const controllerProfile = { ...(await controllerStats(site, engineBefore)), ...(perfTop && { perfTop }) };
    const { at, dbLog, curve: ovnInstalledCurve } = await commitTimes(site, t0);
    const work = await ovnWorkSince(d.logFile, t0);
    const doneOf = (ks: Proc[]): number | null => {
      const xs = ks.map((k) => processes[k].doneSeconds);
      return xs.some((x) => x === null) ? null : Math.max(...(xs as number[]));
    };
    const problems: string[] = [];
    const unsettled = PROCS.filter((k) => !idle[k].settled);
    if (unsettled.length > 0) problems.push(`still busy after ${TIMEOUT_MS / 1000} s: ${unsettled.join(', ')}`);
    if (counts.ovsInterfaces !== pairs) problems.push(`expected ${pairs} managed OVS interfaces, got ${counts.ovsInterfaces}`);
    if (counts.nbLsps !== pairs) problems.push(`expected ${pairs} managed NB LSPs, got ${counts.nbLsps}`);
    if (counts.nbLspMacs !== pairs) problems.push(`expected ${pairs} remote MACs on the managed LSPs, got ${counts.nbLspMacs}`);
    if (counts.ovnInstalled !== pairs) problems.push(`expected ovn-installed=true on ${pairs} managed interfaces, got ${counts.ovnInstalled}`);
    if (dbLog.compacted) problems.push('a database file was compacted during the run: its commit times are lost');
    const seconds = Object.fromEntries(STAGES.map((k) => [k, s(at[k])])) as Record<Stage, number | null>;
    // A stage whose count is short is not reached, whatever the last commit of the rows that did come.
    if (counts.ovsInterfaces !== pairs) seconds.ovsRows = null;
    if (counts.nbLsps !== pairs || counts.nbLspMacs !== pairs) seconds.nbLsps = null;
    if (counts.ovnInstalled !== pairs) seconds.ovnInstalled = null;
    return {
      run: runNo, pairs, vnis, vteps: VTEP_COUNT, complete: problems.length === 0, problems, seconds,
      idleView: {
        evpnctlLastBusy: processes.evpnctl.doneSeconds, evpnctlLastBatch: s(work.lastBatchAt),
        controllerAndVswitchdIdle: doneOf(['ovn-controller', 'ovs-vswitchd']), allIdle: doneOf([...PROCS]),
      },
      processes, evpnctlChildrenCpuSeconds, counts,
      programmer: { batches: work.batches, reconciles: work.reconciles, ovsdbClientSpawns: work.spawns.client, maxBatchMs: work.maxBatchMs },
      dbLog, ovnInstalledCurve, controllerProfile, setupSeconds, configApplySeconds, settleSeconds,
      injector: { updates: Number(encoded.updates), nlri: Number(encoded.nlri), sendSeconds: round((sentAt - t0) / 1000) },
      loadAverageBefore,
    };
  } finally {
    stdinEnd?.();
    await pair.down();
  }
}

async function runAll(): Promise<void> {
  await assertLabPrerequisites();
  const started = Date.now();
  const results: RunResult[] = [];
  for (let r = 1; r <= RUNS; r++) {
    for (const p of PAIRS) {
      const res = await measure(p, r);
      console.log(JSON.stringify(res));
      results.push(res);
    }
  }
  const [small, big] = [PAIRS[0]!, PAIRS.at(-1)!];
  const of = (p: number): RunResult[] => results.filter((x) => x.pairs === p);
  const figure = (xs: (number | null)[]): { min: number; median: number; max: number } | null =>
    (xs.length === 0 || xs.some((x) => x === null) ? null : spread(xs as number[]));
  /** Per round, big over small of one figure; null where either is missing. */
  const ratiosOf = (f: (x: RunResult) => number | null): { run: number; ratio: number | null }[] => of(big).map((b) => {
    const a = of(small).find((x) => x.run === b.run);
    const [num, den] = [f(b), a === undefined ? null : f(a)];
    return { run: b.run, ratio: num === null || den === null || den <= 0 ? null : round(num / den, 2) };
  });
  const goalFactor = big / small;
  const stage = (f: (x: RunResult) => number | null) => {
    const perRound = ratiosOf(f);
    const ratio = figure(perRound.map((x) => x.ratio));
    return {
      [small]: figure(of(small).map(f)), [big]: figure(of(big).map(f)), ratioPerRound: perRound,
      ratio: ratio === null ? null : { ...ratio, min: round(ratio.min, 2), median: round(ratio.median, 2), max: round(ratio.max, 2) },
      ...(ratio !== null && { verdictVsLinear: verdict({ min: ratio.min / goalFactor, median: ratio.median / goalFactor, max: ratio.max / goalFactor }, 'cost') }),
      goal: `${big} pairs <= ${goalFactor}x the ${small}-pair figure (linear)`,
      goalMet: ratio === null ? null : ratio.median <= goalFactor,
    };
  };
  const summary = {
    completeRuns: { [small]: of(small).filter((x) => x.complete).length, [big]: of(big).filter((x) => x.complete).length, runs: RUNS },
    stages: Object.fromEntries(STAGES.map((k) => [k, stage((x) => x.seconds[k])])),
    idleView: {
      evpnctlLastBusy: stage((x) => x.idleView.evpnctlLastBusy),
      evpnctlLastBatch: stage((x) => x.idleView.evpnctlLastBatch),
      controllerAndVswitchdIdle: stage((x) => x.idleView.controllerAndVswitchdIdle),
    },
    cpuSeconds: Object.fromEntries(PROCS.map((k) => [k, stage((x) => x.processes[k].cpuSeconds)])),
    evpnctlChildrenCpuSeconds: stage((x) => x.evpnctlChildrenCpuSeconds),
  };
  const out = {
    date: new Date().toISOString(), node: process.version, pairs: PAIRS, vteps: VTEPS, runs: RUNS, timeoutSeconds: TIMEOUT_MS / 1000,
    wallMinutes: round((Date.now() - started) / 60_000, 1), loadAverageAfter: loadavg().map((x) => round(x, 2)),
    method: 'Each run is a fresh lab: an OVN site (OVS netdev, NB/SB ovsdb-servers, ovn-northd, ovn-controller) in a netns '
      + 'with the evpnctl daemon, V networks mapped to ls1..lsV by one `evpnctl config apply`, settled (all idle) before the '
      + 'clock. A raw injector sends, per VNI, one type 3 from each of T VTEPs 192.168.100.11.. (originator, PMSI tunnel id '
      + 'and next hop that VTEP, RD <VTEP>:<VNI>) and one MAC+IP type 2 per (VNI, VTEP) with next hop that VTEP; no packet is '
      + 'sent. From the first UPDATE byte every process (evpnctl\'s all, ovs-vswitchd, ovn-northd, ovn-controller, OVS/NB/SB '
      + 'ovsdb-servers) is sampled in one 10 ms /proc schedstat loop until all are idle 0.5 s after the injector sent '
      + 'everything; then, once, managed OVS interfaces, those with ovn-installed=true and managed NB LSPs are counted (short: '
      + 'incomplete) and the stage times read from the OVS and NB database files (the servers\' transaction logs, each '
      + 'commit stamped by the server): ovsRows = the commit inserting the last managed Interface, nbLsps = the last commit '
      + 'writing a managed LSP other than northd\'s `up`, ovnInstalled = the commit where ovn-controller set ovn-installed=true '
      + 'on the last managed Interface. idleView: evpnctl\'s last busy sample, its last batch (all its transactions '
      + 'acknowledged), the last of ovn-controller/ovs-vswitchd idle. Ratios are big over small of the same round.',
    results, summary,
  };
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(arg('--out') ?? join(dir, 'pairs-installed.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify(summary, null, 2));
}

if (process.argv[2] === '--inject') {
  await inject(JSON.parse(process.argv[3] ?? '{}') as InjectOptions);
} else {
  await runKeptAlive(runAll);
}
