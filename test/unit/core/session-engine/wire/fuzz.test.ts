// Mutation fuzz seeded from the golden fixtures: >= 100k mutants, every one must end in ok /
// treat-as-withdraw / attribute-discard or a typed BgpError with a valid code. Inputs that once broke
// that promise are kept in test/fixtures/bgp-fuzz/regressions.hex and replayed first.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromHex, toHex, OPEN_CONTEXT } from '../../../../../src/core/session-engine/wire/index.js';
import { classify, mutate, prng } from './mutator.js';

const FIX = join(import.meta.dirname, '../../../../fixtures');
const SEEDS = readdirSync(join(FIX, 'bgp')).filter((f) => f.endsWith('.hex')).sort()
  .map((f) => fromHex(readFileSync(join(FIX, 'bgp', f), 'utf8')));
const REGRESSIONS = readFileSync(join(FIX, 'bgp-fuzz/regressions.hex'), 'utf8').split('\n')
  .map((l) => l.replace(/#.*/, '').trim()).filter((l) => l.length > 0).map(fromHex);

describe('decoder fuzz', () => {
  it('replays the regression corpus', () => {
    expect(REGRESSIONS.length).toBeGreaterThan(0);
    for (const input of REGRESSIONS) {
      for (const ctx of [OPEN_CONTEXT, { fourOctetAs: false }]) expect(() => classify(input, ctx), toHex(input)).not.toThrow();
    }
  });

  it('100k mutants of the fixtures only end in typed outcomes', () => {
    const rnd = prng(0x5eed);
    const outcomes = new Map<string, number>();
    const N = 100_000;
    for (let i = 0; i < N; i++) {
      const input = mutate(SEEDS[i % SEEDS.length]!, rnd);
      const ctx = i % 5 === 0 ? { fourOctetAs: false } : OPEN_CONTEXT;
      let outcome: string;
      try {
        outcome = classify(input, ctx);
      } catch (err) {
        throw new Error(`crasher #${i}: ${toHex(input)}\n${(err as Error).stack ?? String(err)}`);
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    // The mutants must exercise the interesting paths, not just the header check.
    for (const o of ['ok', 'treat-as-withdraw', 'attribute-discard', 'error 1/2 session-reset', 'error 3/1 session-reset', 'error 3/10 session-reset']) {
      expect(outcomes.get(o) ?? 0, `${o} in ${JSON.stringify([...outcomes])}`).toBeGreaterThan(50);
    }
  });
});
