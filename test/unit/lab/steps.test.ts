import { stripVTControlCharacters as plain } from 'node:util';
import { describe, expect, it } from 'vitest';
import { StepReporter } from '../../../src/lab/steps.js';

describe('StepReporter', () => {
  it('prints each step with its outcome and ends with PASS or FAIL', async () => {
    const lines: string[] = [];
    const steps = new StepReporter((l) => lines.push(plain(l)));
    expect(await steps.step('build', async () => 7, (v) => `value ${v}`)).toBe(7);
    await expect(steps.step('ping', async () => {
      throw new Error('0/3 received');
    })).rejects.toThrow('0/3');
    steps.check('vni', true, 'VNI 10');
    steps.summary();
    expect(lines[0]).toMatch(/^✔ +\d+ ms {2}build — value 7$/);
    expect(lines[1]).toMatch(/^✘ +\d+ ms {2}ping — 0\/3 received$/);
    expect(lines[3]).toMatch(/^FAIL \(3 steps, 1 failed, /);
    expect(steps.ok).toBe(false);
  });
});
