// UPDATE decode rate for a 100k type-2 route load, framed from a TCP-like stream of 64 KiB chunks.
// The bar: FRR 8.4 ingests 100k type-2 routes in about 0.18 s; we must reach at least half that rate.
// Usage: npx tsx bench/decode-throughput.ts [ROUTES]   -> bench/results/decode-throughput.json
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MessageFramer, decodeMessage, OPEN_CONTEXT } from '../src/core/bgp/wire/index.js';
import { evpnLoad } from '../test/unit/core/bgp/wire/evpn-load.js';

const ROUTES = Number(process.argv[2] ?? 100_000);
const FRR = { routes: 100_000, seconds: 0.18 };
const { stream, messages } = evpnLoad(ROUTES);

function run(): { seconds: number; routes: number } {
  const t0 = performance.now();
  const framer = new MessageFramer();
  let routes = 0;
  for (let off = 0; off < stream.length; off += 65536) {
    for (const m of framer.push(stream.subarray(off, off + 65536))) {
      const r = decodeMessage(m, OPEN_CONTEXT);
      if (r.message.type === 'update') routes += r.message.attributes.mpReach?.evpn.length ?? 0;
    }
  }
  return { seconds: (performance.now() - t0) / 1000, routes };
}

const runs = Array.from({ length: 7 }, run);
if (runs.some((r) => r.routes !== ROUTES)) throw new Error(`expected ${ROUTES} routes per run, got ${runs.map((r) => r.routes).join(', ')}`);
const cold = runs[0]!.seconds; // the first run includes JIT warm-up, as a daemon's first full table does
const times = runs.map((r) => r.seconds).sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)]!;
const frrRate = FRR.routes / FRR.seconds;
const result = {
  date: new Date().toISOString(),
  node: process.version,
  routes: ROUTES,
  messages,
  bytes: stream.length,
  runs: times.map((t) => Number(t.toFixed(4))),
  medianSeconds: Number(median.toFixed(4)),
  coldSeconds: Number(cold.toFixed(4)),
  coldRatioToFrr: Number((ROUTES / cold / frrRate).toFixed(2)),
  routesPerSecond: Math.round(ROUTES / median),
  frrRoutesPerSecond: Math.round(frrRate),
  ratioToFrr: Number((ROUTES / median / frrRate).toFixed(2)),
  target: 0.5,
};
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(join(import.meta.dirname, 'results/decode-throughput.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result));
if (result.ratioToFrr < result.target) process.exitCode = 1;
