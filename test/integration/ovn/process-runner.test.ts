// The real runner's run(): what a finished tool leaves (exit code, signal, both outputs), a tool that is not
// there, a tool that overstays its timeout, and an argument of transaction size passed through intact.
import { describe, expect, it } from 'vitest';
import { createExecaRunner } from '../../../src/core/ovn/process-runner.js';

const runner = createExecaRunner({ env: { EVPNCTL_RUNNER_TEST: 'marked' } });

describe('ProcessRunner.run (execa under setpriv --pdeathsig)', () => {
  it('returns the exit code and both outputs as they were written, with our environment mark', async () => {
    const r = await runner.run('sh', ['-c', 'printf "out\\n"; printf "err:$EVPNCTL_RUNNER_TEST" >&2; exit 3'], { timeoutMs: 5000 });
    expect(r).toEqual({ exitCode: 3, signal: null, stdout: 'out\n', stderr: 'err:marked', timedOut: false, spawnError: null });
  });

  it('says ENOENT for a tool that does not exist', async () => {
    const r = await runner.run('evpnctl-no-such-tool', [], { timeoutMs: 5000 });
    expect(r).toMatchObject({ exitCode: null, spawnError: 'ENOENT', timedOut: false });
  });

  it('stops a tool at its timeout with SIGTERM and says so', async () => {
    const t0 = Date.now();
    const r = await runner.run('sleep', ['30'], { timeoutMs: 200 });
    expect(r).toMatchObject({ exitCode: null, signal: 'SIGTERM', timedOut: true, spawnError: null });
    expect(Date.now() - t0).toBeLessThan(3000);
  });

  it('passes a 120 KiB argument (one transaction chunk) through unchanged', async () => {
    const big = 'x'.repeat(120 * 1024);
    const r = await runner.run('printf', ['%s', big], { timeoutMs: 5000 });
    expect(r.exitCode).toBe(0);
    expect(r.stdout.length).toBe(big.length);
    expect(r.stdout === big).toBe(true);
  });
});
