// The long decoder fuzz run: N mutants (default 2M) of the golden fixtures through the same oracle as
// the unit fuzz test. Crashers are printed and saved; add them to test/fixtures/bgp-fuzz/regressions.hex.
// Usage: npx tsx bench/decoder-fuzz.ts [N] [SEED]   -> bench/results/decoder-fuzz.json
import { readFileSync, readdirSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fromHex, toHex, OPEN_CONTEXT } from '../src/core/session-engine/wire/index.js';
import { classify, mutate, prng } from '../test/unit/core/session-engine/wire/mutator.js';

const N = Number(process.argv[2] ?? 2_000_000);
const SEED = Number(process.argv[3] ?? 0xf022);
const dir = join(import.meta.dirname, '../test/fixtures/bgp');
const seeds = readdirSync(dir).filter((f) => f.endsWith('.hex')).sort().map((f) => fromHex(readFileSync(join(dir, f), 'utf8')));
const rnd = prng(SEED);
const outcomes: Record<string, number> = {};
const crashers: { input: string; error: string }[] = [];
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  const input = mutate(seeds[i % seeds.length]!, rnd);
  try {
    const o = classify(input, i % 5 === 0 ? { fourOctetAs: false } : OPEN_CONTEXT);
    outcomes[o] = (outcomes[o] ?? 0) + 1;
  } catch (err) {
    if (crashers.length < 50) crashers.push({ input: toHex(input), error: String((err as Error).message) });
    outcomes.crash = (outcomes.crash ?? 0) + 1;
  }
}
const seconds = (performance.now() - t0) / 1000;
const result = {
  date: new Date().toISOString(), node: process.version, inputs: N, seed: SEED, seeds: seeds.length,
  seconds: Number(seconds.toFixed(1)), inputsPerSecond: Math.round(N / seconds),
  outcomes: Object.fromEntries(Object.entries(outcomes).sort(([, a], [, b]) => b - a)), crashers,
};
mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
writeFileSync(join(import.meta.dirname, 'results/decoder-fuzz.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify({ ...result, crashers: crashers.length }));
if (crashers.length > 0) process.exitCode = 1;
