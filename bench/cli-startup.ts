// Benchmark: wall time of `evpnctl status` against a running daemon, as a ratio to `node -e 0`
// (goal: <= 2x). Runs alternate so machine load hits both sides alike; medians are compared.
// Usage: npx tsx bench/cli-startup.ts [runs]   -> bench/results/cli-startup.json
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { waitForSocket } from '../test/support/evpnctl.js';

const ROOT = resolve(import.meta.dirname, '..');
const runs = Number(process.argv[2] ?? 40);
const dir = mkdtempSync(join(tmpdir(), 'evpnctl-bench-'));
const socket = join(dir, 'evpnctl.sock');

function time(cmd: string, args: string[]): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status}`);
  return performance.now() - t0;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build failed');
const daemon = spawn('node', [join(ROOT, 'bin/evpnctl'), 'daemon', '--socket', socket, '--state-dir', join(dir, 'state')], { stdio: 'ignore' });
try {
  await waitForSocket(socket);
  const status = ['bin/evpnctl', '--socket', socket, 'status'].map((a, i) => (i === 0 ? join(ROOT, a) : a));
  const json = [...status, '--json'];
  for (let i = 0; i < 3; i++) time('node', status); // warm the page cache
  const base: number[] = [], table: number[] = [], asJson: number[] = [];
  for (let i = 0; i < runs; i++) {
    base.push(time('node', ['-e', '0']));
    table.push(time('node', status));
    asJson.push(time('node', json));
  }
  const result = {
    benchmark: 'cli-startup',
    date: new Date().toISOString(),
    node: process.version,
    runs,
    medianMs: { nodeE0: median(base), status: median(table), statusJson: median(asJson) },
    ratio: { status: median(table) / median(base), statusJson: median(asJson) / median(base) },
    goal: 'status <= 2x node -e 0',
  };
  result.ratio.status = Math.round(result.ratio.status * 100) / 100;
  result.ratio.statusJson = Math.round(result.ratio.statusJson * 100) / 100;
  mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
  writeFileSync(join(ROOT, 'bench/results/cli-startup.json'), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result, null, 2));
} finally {
  daemon.kill('SIGTERM');
  await new Promise((r) => daemon.once('exit', r));
  rmSync(dir, { recursive: true, force: true });
}
