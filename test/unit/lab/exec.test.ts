import { describe, expect, it } from 'vitest';
import { CommandError } from '../../../src/lab/errors.js';
import { inNetns, run, runJson } from '../../../src/lab/exec.js';

describe('run', () => {
  it('returns stdout and accepts listed non-zero exit codes', async () => {
    expect((await run(['sh', '-c', 'echo hi'])).stdout).toBe('hi\n');
    expect((await run(['sh', '-c', 'exit 1'], { okExitCodes: [1] })).exitCode).toBe(1);
    expect((await run(['cat'], { input: 'abc' })).stdout).toBe('abc');
    expect((await run(['sh', '-c', 'echo $LAB_T'], { env: { LAB_T: 'v' } })).stdout).toBe('v\n');
  });

  it('throws a CommandError carrying argv, exit code and stderr', async () => {
    const err = await run(['sh', '-c', 'echo boom >&2; exit 3']).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect(err).toMatchObject({ exitCode: 3, argv: ['sh', '-c', 'echo boom >&2; exit 3'] });
    expect((err as Error).message).toMatch(/exited with 3, expected 0: boom/);
  });

  it('reports timeouts and programs that do not exist', async () => {
    await expect(run(['sleep', '5'], { timeoutMs: 100 })).rejects.toThrow(/timed out after 100 ms/);
    await expect(run(['/nonexistent/program'])).rejects.toThrow(/could not be started/);
  });

  it('parses JSON output and names the command when it is not JSON', async () => {
    expect(await runJson(['sh', '-c', 'echo \'{"a":1}\''])).toEqual({ a: 1 });
    await expect(runJson(['echo', 'nope'])).rejects.toThrow(/`echo nope` .*not JSON/);
  });

  it('wraps argv for a netns with ip netns exec', () => {
    expect(inNetns('evl-abcdef-x', ['ip', 'link'])).toEqual(['ip', 'netns', 'exec', 'evl-abcdef-x', 'ip', 'link']);
    expect(inNetns(undefined, ['ip', 'link'])).toEqual(['ip', 'link']);
  });
});
