// LabRun and teardownRun without root: no netns, but a real child process recorded in the manifest.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Manifest } from '../../../src/lab/manifest.js';
import { identify, isAlive } from '../../../src/lab/proc.js';
import { LabRun, findLeftovers, listRuns, teardownRun } from '../../../src/lab/run.js';

describe('LabRun', () => {
  let base = '';
  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'evpnctl-run-test-'));
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  it('creates a run dir with a manifest, and down() stops tracked processes and removes the dir', async () => {
    const run = await LabRun.create({ baseDir: base, description: 'unit' });
    expect(basename(run.dir)).toBe(`evpnctl-lab-${run.id}`);
    expect(run.netnsName('x')).toBe(`evl-${run.id}-x`);
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    const proc = await run.track('sleep', child.pid ?? 0);
    expect((await listRuns(base)).map((r) => [r.data.runId, r.liveProcesses.length])).toEqual([[run.id, 1]]);
    const report = await run.down();
    expect(report.ok).toBe(true);
    expect(await isAlive(proc)).toBe(false);
    expect(existsSync(run.dir)).toBe(false);
    expect(await findLeftovers(run.id, [proc])).toEqual({ netns: [], processes: [] });
    expect((await run.down()).steps).toEqual([]);
  });

  it('keepDir leaves the logs and marks the manifest down', async () => {
    const run = await LabRun.create({ baseDir: base, keepDir: true });
    await run.down();
    expect(Manifest.load(run.dir).data.downAt).toEqual(expect.any(String));
  });
});

describe('teardownRun (as `lab down <id>` from another process)', () => {
  it('stops the processes listed in the manifest and removes the dir; a missing dir is fine', async () => {
    const base = await mkdtemp(join(tmpdir(), 'evpnctl-run-test-'));
    try {
      const dir = join(base, 'evpnctl-lab-abcdef');
      await mkdir(dir);
      const m = Manifest.create(dir, 'abcdef', 'other process');
      const child = spawn('sleep', ['30'], { stdio: 'ignore' });
      const proc = await identify('sleep', child.pid ?? 0);
      m.addProcess(proc);
      const report = await teardownRun(dir, { removeDir: true });
      expect(report).toMatchObject({ errors: [], deletedNetns: [] });
      expect(report.stopped).toEqual([`sleep(${proc.pid}) terminated`]);
      expect(existsSync(dir)).toBe(false);
      expect(await teardownRun(dir, { removeDir: true })).toEqual({ stopped: [], deletedNetns: [], errors: [] });
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });

  it('refuses directories that are not lab run dirs, and netns not named after the run', async () => {
    const base = await mkdtemp(join(tmpdir(), 'evpnctl-run-test-'));
    try {
      await expect(teardownRun(base, { removeDir: true })).rejects.toThrow(/refusing to tear down/);
      const dir = join(base, 'evpnctl-lab-abcdef');
      await mkdir(dir);
      Manifest.create(dir, 'abcdef', 'x').addNetns('somebody-elses-ns');
      const report = await teardownRun(dir, { removeDir: true });
      expect(report.errors).toEqual(['manifest lists netns somebody-elses-ns, which is not named after run abcdef; left alone']);
      expect(existsSync(dir)).toBe(true);
    } finally {
      await rm(base, { recursive: true, force: true });
    }
  });
});
