// A real child process receives the signal: the registry must run, then the process must die of that signal.
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const fixture = fileURLToPath(new URL('./fixtures/signal-child.ts', import.meta.url));

describe('installSignalCleanup', () => {
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    it(`runs the cleanup on ${sig} and then ends the process by that signal`, async () => {
      const dir = await mkdtemp(join(tmpdir(), 'evpnctl-signal-test-'));
      try {
        const marker = join(dir, 'marker');
        const child = execa('node', ['--import', 'tsx', fixture, marker], { reject: false });
        await new Promise<void>((resolve) => {
          child.stdout?.on('data', (d: Buffer) => {
            if (d.toString().includes('ready')) resolve();
          });
        });
        child.kill(sig);
        const r = await child;
        expect(r.stdout).toContain(`cleaned on ${sig} ok=true`);
        expect(r.signal).toBe(sig);
        expect(existsSync(marker) && readFileSync(marker, 'utf8')).toBe('cleaned');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  }
});
