import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MANIFEST_FILE, Manifest } from '../../../src/lab/manifest.js';

describe('Manifest', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'evpnctl-manifest-test-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes every change through, so another process can load it', async () => {
    const m = Manifest.create(dir, 'k3x9ab', 'test', 42);
    m.addNetns('evl-k3x9ab-x');
    m.addNetns('evl-k3x9ab-x');
    m.addProcess({ name: 'zebra', pid: 100, startTicks: 5, pidfile: '/p' });
    m.setKeep(true);
    const loaded = Manifest.load(dir).data;
    expect(loaded).toMatchObject({ runId: 'k3x9ab', ownerPid: 42, keep: true, netns: ['evl-k3x9ab-x'], processes: [{ name: 'zebra', pid: 100 }] });
    m.removeProcess({ name: 'zebra', pid: 100, startTicks: 5 });
    m.removeNetns('evl-k3x9ab-x');
    m.markDown();
    const after = JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')) as Record<string, unknown>;
    expect(after).toMatchObject({ netns: [], processes: [], keep: false });
    expect(typeof after.downAt).toBe('string');
  });

  it('refuses a file that is not a lab manifest, saying what it expected', async () => {
    await writeFile(join(dir, MANIFEST_FILE), JSON.stringify({ version: 2 }));
    expect(() => Manifest.load(dir)).toThrow(/expected a version 1 lab manifest/);
    expect(() => Manifest.load(join(dir, 'nope'))).toThrow(/expected a lab manifest at/);
  });
});
