// Uses a real child process (sleep) as the fixture: identity, liveness and termination are about real PIDs.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { identify, isAlive, parseProcStat, readPidfile, statOf, terminate } from '../../../src/lab/proc.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

describe('parseProcStat', () => {
  it('reads state and start time even when the command name holds spaces and parentheses', () => {
    const fields = Array.from({ length: 50 }, (_v, i) => String(i + 3));
    fields[0] = 'S';
    fields[19] = '987654';
    expect(parseProcStat(`1234 (my (odd) name) ${fields.join(' ')}`)).toEqual({ state: 'S', startTicks: 987654 });
  });

  it('says what it expected when the text is not a stat line', () => {
    expect(() => parseProcStat('garbage')).toThrow(/expected "pid \(comm\) state/);
  });
});

describe('process identity', () => {
  it('terminates a process it identified, and then reports it gone', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const pid = child.pid ?? 0;
    const proc = await identify('sleep', pid);
    expect(await isAlive(proc)).toBe(true);
    expect(await terminate(proc, 2000)).toBe('terminated');
    expect(await isAlive(proc)).toBe(false);
    expect(await terminate(proc)).toBe('not-running');
  });

  it('never signals a PID whose start time differs (PID reuse)', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const pid = child.pid ?? 0;
    const real = await identify('sleep', pid);
    const impostor = { ...real, startTicks: real.startTicks + 1 };
    expect(await isAlive(impostor)).toBe(false);
    expect(await terminate(impostor)).toBe('not-running');
    expect((await statOf(pid))?.state).not.toBe('Z');
    expect(await terminate(real, 2000)).toBe('terminated');
  });

  it('reads pidfiles: missing or empty is "not yet", junk is an error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'evpnctl-proc-test-'));
    try {
      expect(await readPidfile(join(dir, 'none.pid'))).toBeUndefined();
      await writeFile(join(dir, 'empty.pid'), '');
      expect(await readPidfile(join(dir, 'empty.pid'))).toBeUndefined();
      await writeFile(join(dir, 'ok.pid'), '4242\n');
      expect(await readPidfile(join(dir, 'ok.pid'))).toBe(4242);
      await writeFile(join(dir, 'bad.pid'), 'x');
      await expect(readPidfile(join(dir, 'bad.pid'))).rejects.toThrow(/expected a PID/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
