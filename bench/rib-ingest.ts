// Ingest benchmark: N type-2 routes over 100 VNIs (plus every VTEP's type-3 in every VNI) from one route
// reflector, through the public engine API (the load: bench/fabric-load.ts; one run: bench/ingest-run.ts).
// Every run is a fresh process, so each one starts on a cold JIT as the daemon does with its first table,
// and each size runs RUNS times: min / median / max are reported, and the median run's full record.
//   results       decoded-shape UPDATEs → engine.ingest, for 10k, 50k and 100k (the original measure)
//   endToEnd      bytes → MessageFramer → decodeMessage → engine.ingest, for 10k and 100k: `rib` without
//                 networks (the RIB alone), `evi` with the 100 VNIs configured (imported into EVIs);
//                 decodeOnly is the same stream without the engine
// Absolute figures only: the ratio to FRR is measured against FRR in the same run by bench/bgp-ingest.ts
// (issue 13 bans a hard-coded FRR figure here).
//   npx tsx bench/rib-ingest.ts            → writes bench/results/rib-ingest.json
//   node --expose-gc --import tsx bench/rib-ingest.ts --child MODE N   → one run (engine|e2e|rib|decode), JSON on stdout
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PER_UPDATE, VNIS, VTEPS } from './fabric-load.js';
import { runOnce, type Mode, type Result } from './ingest-run.js';

const RUNS = Number(process.argv.includes('--runs') ? process.argv[process.argv.indexOf('--runs') + 1] : 5);

const self = fileURLToPath(import.meta.url);

function child(mode: Mode, n: number): Result {
  const args = ['--expose-gc', '--import', 'tsx', self, '--child', mode, String(n)];
  return JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 20 })) as Result;
}

interface Spread {
  min: number;
  median: number;
  max: number;
}

interface SizeResult {
  type2Routes: number;
  seconds: Spread;
  cpuSeconds: Spread;
  /** The run with the median CPU time, in full. */
  medianRun: Result;
}

const spread = (values: readonly number[]): Spread => {
  const v = [...values].sort((a, b) => a - b);
  return { min: v[0] as number, median: v[Math.floor(v.length / 2)] as number, max: v[v.length - 1] as number };
};

/** RUNS fresh processes per size. */
function measure(mode: Mode, sizes: readonly number[]): SizeResult[] {
  return sizes.map((n) => {
    const runs = Array.from({ length: RUNS }, () => child(mode, n)).sort((a, b) => a.cpuSeconds - b.cpuSeconds);
    return { type2Routes: n, seconds: spread(runs.map((r) => r.seconds)), cpuSeconds: spread(runs.map((r) => r.cpuSeconds)), medianRun: runs[Math.floor(RUNS / 2)] as Result };
  });
}

/** CPU time per route at the largest size over the smallest (median runs): 1 or less is linear. */
function linearity(results: readonly SizeResult[]): number {
  const perRoute = (r: SizeResult | undefined): number =>
    (r === undefined ? NaN : r.cpuSeconds.median / (r.medianRun.type2Routes + r.medianRun.type3Routes));
  return Number((perRoute(results.at(-1)) / perRoute(results[0])).toFixed(2));
}

const per100k = (results: readonly SizeResult[], field: 'rssGrowthMB' | 'heapGrowthMB'): number => {
  const last = results.at(-1)?.medianRun;
  return last === undefined ? NaN : Number((last[field] * (100_000 / last.type2Routes)).toFixed(1));
};

function main(): void {
  const at = process.argv.indexOf('--child');
  if (at >= 0) {
    process.stdout.write(JSON.stringify(runOnce(process.argv[at + 1] as Mode, Number(process.argv[at + 2]))));
    return;
  }
  const load = loadavg().map((l) => Number(l.toFixed(2)));
  const results = measure('engine', [10_000, 50_000, 100_000]);
  const rib = measure('rib', [10_000, 100_000]);
  const evi = measure('e2e', [10_000, 100_000]);
  const decodeOnly = measure('decode', [10_000, 100_000]);
  const report = {
    node: process.version,
    vnis: VNIS,
    vteps: VTEPS,
    nlriPerUpdate: PER_UPDATE,
    runsPerSize: RUNS,
    loadAverage: load,
    note: 'Each run a fresh process (a cold JIT, like the daemon with its first table). results: decoded-shape UPDATEs built '
      + 'lazily inside the timed loop (their construction is timed too). cpuSeconds is the whole process over the timed loop '
      + '(GC helper threads included): on this shared 2-core machine it is steadier than seconds. rssGrowthMB includes V8 '
      + 'young-generation growth; heapGrowthMB is what stays reachable. No ratio to FRR here: bench/bgp-ingest.ts measures '
      + 'FRR and the daemon in the same run.',
    results,
    cpuPerRouteRatio100kTo10k: linearity(results),
    rssGrowthPer100kType2MB: per100k(results, 'rssGrowthMB'),
    endToEnd: {
      pipeline: 'bytes in 64 KiB chunks -> MessageFramer -> decodeMessage -> RouteEngine.ingest',
      rib: { networks: 0, results: rib, heapGrowthPer100kType2MB: per100k(rib, 'heapGrowthMB') },
      evi: { networks: VNIS, results: evi, cpuPerRouteRatio100kTo10k: linearity(evi), heapGrowthPer100kType2MB: per100k(evi, 'heapGrowthMB') },
      decodeOnly,
    },
  };
  const out = join(dirname(self), 'results', 'rib-ingest.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main();
