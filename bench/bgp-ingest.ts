// BGP ingest over real TCP sessions: a raw injector (support/bgp-injector.ts) sends N MAC+IP type-2 routes
// over 100 VNIs plus 100 type 3s to one speaker at a time, each fresh in its own netns pair: FRR's bgpd,
// gobgpd, the evpnctl daemon (RIB only, like the other two, which have no VNIs) and the evpnctl daemon with
// the 100 VNIs mapped (routes imported into EVIs and programmed into a real OVS conf.db + OVN NB: an
// OvsSandbox with br-int and ls1..ls100 made up front).
// Time runs from the first UPDATE byte to the target reporting every route accepted (polled every 25 ms);
// RSS growth is the target process's VmRSS after minus before. 10k and 100k show how it scales. For
// evpnctl-evi, `ovn` adds when every MAC was in the NB (an ovsdb-client monitor of the managed LSPs), the
// RSS growth then, and the programmer's batches and ovs-vsctl/ovn-nbctl spawns from its debug log.
//   sudo npx tsx bench/bgp-ingest.ts [--sizes 10000,100000] [--targets frr,gobgp,evpnctl,evpnctl-evi]
//   -> bench/results/bgp-ingest.json   (the injector runs as `... bgp-ingest.ts --inject <json>` in a netns)
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { spawnChild } from '../src/lab/daemon.js';
import { LineEventLog } from '../src/lab/line-events.js';
import { assertLabPrerequisites } from '../src/lab/prereqs.js';
import { buildSpeakerPair } from '../src/lab/topology/speaker-pair.js';
import { sleep } from '../src/lab/wait.js';
import { inject, type InjectOptions } from './support/bgp-injector.js';
import { rssMB, startTarget, type Target, type TargetKind } from './support/bgp-targets.js';
import { NbMacWatch } from './support/nb-watch.js';
import { ovnWorkSince, type OvnWork } from './support/ovn-log.js';

const VNIS = 100;
const ASN = 65000;
const POLL_MS = 25;
/** gobgpd 3.10 takes minutes for 100k EVPN routes (one core at 100 %): give up and report what it had. */
const TIMEOUT_MS = 120_000;

interface Result {
  target: TargetKind;
  type2Routes: number;
  totalRoutes: number;
  /** False when the target had not accepted everything at the timeout; seconds is then the timeout. */
  complete: boolean;
  accepted: number;
  seconds: number;
  routesPerSecond: number;
  rssBeforeMB: number;
  rssGrowthMB: number;
  /** evpnctl-evi only: the OVN programming that follows the ingest, on a real OVS conf.db + OVN NB. */
  ovn?: OvnResult;
}

interface OvnResult extends OvnWork {
  /** From the first UPDATE byte until every MAC is in the NB (on the managed LSPs); null if not within the timeout. */
  nbCompleteSeconds: number | null;
  macsInNb: number;
  /** The daemon's RSS growth at that point (the ingest's plus the programming's). */
  rssGrowthAtNbCompleteMB: number;
}

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};

async function measure(kind: TargetKind, routes: number): Promise<Result> {
  const pair = await buildSpeakerPair({ peer: 'none', runOptions: { description: `bench bgp-ingest ${kind} ${routes}` } });
  let target: Target | undefined;
  let watch: NbMacWatch | null = null;
  try {
    target = await startTarget(kind, pair, VNIS);
    await sleep(1000);
    const rssBeforeMB = await rssMB(target.pid);
    if (target.ovn !== undefined) watch = NbMacWatch.start(target.ovn.nbDb);
    const opts: InjectOptions = { target: pair.speaker.ip, localAddress: pair.peer.ip, asn: ASN, routerId: pair.peer.ip, routes, vnis: VNIS };
    const child = await spawnChild(pair.run, {
      name: 'bgp-injector', netns: pair.peer.netns, pipe: true, logFile: pair.run.path('injector.log'),
      argv: ['node', '--import', 'tsx', join(import.meta.dirname, 'bgp-ingest.ts'), '--inject', JSON.stringify(opts)],
    });
    if (!child.stdout || !child.stdin) throw new Error('expected pipes to the injector');
    const log = new LineEventLog(child.stdout);
    const sending = await log.waitFor(`the injector to start sending (log ${child.logFile})`, (e) => e.event === 'sending', 120_000);
    const t0 = Number(sending.t);
    const want = routes + VNIS;
    let accepted = 0;
    while (accepted < want && Date.now() - t0 < TIMEOUT_MS) {
      await sleep(POLL_MS);
      accepted = await target.accepted();
    }
    const seconds = (Date.now() - t0) / 1000;
    const rssGrowthMB = (await rssMB(target.pid)) - rssBeforeMB;
    const ovn = watch === null || target.ovn === undefined ? undefined : await ovnResult(watch, target.ovn.log, routes, t0, target.pid, rssBeforeMB);
    child.stdin.end();
    return {
      target: kind, type2Routes: routes, totalRoutes: want, complete: accepted >= want, accepted,
      seconds: round(seconds, 3), routesPerSecond: Math.round(accepted / seconds),
      rssBeforeMB: round(rssBeforeMB, 1), rssGrowthMB: round(rssGrowthMB, 1), ...(ovn && { ovn }),
    };
  } finally {
    await watch?.stop();
    await pair.down();
    await target?.close();
  }
}

/** Waits (within the run's timeout) for every MAC in the NB, then reads the programmer's work from the log. */
async function ovnResult(watch: NbMacWatch, log: string, macs: number, t0: number, pid: number, rssBeforeMB: number): Promise<OvnResult> {
  const at = await watch.reached(macs, Math.max(0, t0 + TIMEOUT_MS - Date.now()));
  const rssGrowthAtNbCompleteMB = round((await rssMB(pid)) - rssBeforeMB, 1);
  await sleep(500); // the batch that completed the NB logs its line right after its ovn-nbctl returns
  return {
    nbCompleteSeconds: at === null ? null : round((at - t0) / 1000, 3), macsInNb: watch.count, rssGrowthAtNbCompleteMB,
    ...(await ovnWorkSince(log, t0)),
  };
}

const round = (x: number, digits: number): number => Number(x.toFixed(digits));

async function main(): Promise<void> {
  // The lab's daemons are unref'd children and its stop timers are unref'd: keep the loop alive ourselves.
  const keepAlive = setInterval(() => undefined, 60_000);
  try {
    await runAll();
  } finally {
    clearInterval(keepAlive);
  }
}

async function runAll(): Promise<void> {
  await assertLabPrerequisites();
  const sizes = (arg('--sizes') ?? '10000,100000').split(',').map(Number);
  const targets = (arg('--targets') ?? 'frr,gobgp,evpnctl,evpnctl-evi').split(',') as TargetKind[];
  const results: Result[] = [];
  for (const routes of sizes) {
    for (const kind of targets) {
      const r = await measure(kind, routes);
      console.log(JSON.stringify(r));
      results.push(r);
    }
  }
  const find = (t: TargetKind, n: number) => results.find((r) => r.target === t && r.type2Routes === n);
  const big = Math.max(...sizes);
  const small = Math.min(...sizes);
  const summary = Object.fromEntries(targets.filter((t) => t !== 'frr').map((t) => {
    const r = find(t, big);
    const frr = find('frr', big);
    const s = find(t, small);
    return [t, {
      rateVsFrr: r && frr ? round(r.routesPerSecond / frr.routesPerSecond, 2) : null,
      rssGrowthVsFrr: r && frr ? round(r.rssGrowthMB / Math.max(frr.rssGrowthMB, 0.1), 2) : null,
      rssGrowthPer100kMB: r ? round((r.rssGrowthMB * 100_000) / big, 1) : null,
      timePerRouteRatioBigToSmall: r && s ? round((r.seconds / r.totalRoutes) / (s.seconds / s.totalRoutes), 2) : null,
      ...(r?.ovn && {
        nbCompleteSeconds: r.ovn.nbCompleteSeconds,
        nbCompleteVsFrrAccepted: r.ovn.nbCompleteSeconds !== null && frr ? round(r.ovn.nbCompleteSeconds / frr.seconds, 1) : null,
        rssGrowthAtNbCompletePer100kMB: round((r.ovn.rssGrowthAtNbCompleteMB * 100_000) / big, 1),
        ovnSpawns: r.ovn.spawns,
        ovnBatches: r.ovn.batches,
      }),
    }];
  }));
  const out = {
    node: process.version, vnis: VNIS, pollMs: POLL_MS, loadAverageAfter: loadavg().map((x) => round(x, 2)),
    note: 'Each run is a fresh netns pair and fresh target process; 10k times are coarse (poll interval, CLI/vtysh call latency). '
      + 'evpnctl-evi programs a real OVS conf.db + OVN NB (OvsSandbox, no vswitchd): its rate counts routes accepted while the '
      + 'programming already runs on the same 2 cores, and ovn.nbCompleteSeconds is when every MAC was on the managed LSPs. '
      + 'Targets: >= 0.5x FRR rate, <= 100 MB RSS growth per 100k routes.',
    results, summary,
  };
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'bgp-ingest.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify(summary, null, 2));
}

if (process.argv[2] === '--inject') {
  await inject(JSON.parse(process.argv[3] ?? '{}') as InjectOptions);
} else {
  await main();
}
