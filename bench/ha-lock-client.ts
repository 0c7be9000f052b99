// Why the HA lock is a JSON-RPC connection of the daemon's own and not `ovsdb-client lock` (issue 10), on a
// real 3-member clustered NB (buildNbClusterLab): time to the lock for each, n = 5; what `ovsdb-client lock`
// does when the leader it sits on is killed; and whether a follower grants a lock (locks are per server).
//   sudo npx tsx bench/ha-lock-client.ts   -> bench/results/ha-lock-client.json
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { HaLock } from '../src/core/ovn/ovsdb-lock.js';
import { assertLabPrerequisites } from '../src/lab/prereqs.js';
import { installSignalCleanup } from '../src/lab/signals.js';
import { buildNbClusterLab } from '../src/lab/topology/nb-cluster-lab.js';

const RUNS = 5;
await assertLabPrerequisites();
const lab = await buildNbClusterLab({ runOptions: { description: 'bench ha-lock-client' } });
installSignalCleanup(lab.run.cleanup);
const log = (m: string): void => void process.stderr.write(`${m}\n`);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
try {
  const c = lab.cluster;
  const env = c.members[0]?.env ?? {};
  const ovsdbClientMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const p = execa('ovsdb-client', ['lock', c.unixRemotes, `bench_a${i}`], { env, reject: false, buffer: false });
    const first = await Promise.race([new Promise<string>((resolve) => p.stdout?.once('data', (d) => resolve(String(d)))), p.then((r) => `exit ${r.exitCode}`)]);
    if (!first.includes('"locked":true')) throw new Error(`ovsdb-client lock: expected {"locked":true}, got ${first}`);
    ovsdbClientMs.push(performance.now() - t0);
    p.kill('SIGTERM');
    await p;
  }
  log(`ovsdb-client lock: ${ovsdbClientMs.map(Math.round).join(', ')} ms`);
  const haLockMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await new Promise<void>((resolve) => {
      const l = new HaLock({
        remotes: c.unixRemotes, group: `bench-b${i}`, chassis: 'bench',
        onEvent: (e) => {
          if (e.kind !== 'acquired') return;
          haLockMs.push(performance.now() - t0);
          void l.stop().then(resolve);
        },
      });
      l.start();
    });
  }
  log(`HaLock: ${haLockMs.map(Math.round).join(', ')} ms`);
  const leader = await c.waitLeader();
  const holder = execa('ovsdb-client', ['lock', c.unixRemotes, 'bench_follow'], { env, reject: false, all: true });
  await new Promise((r) => setTimeout(r, 500));
  await c.kill(leader);
  const outcome = await Promise.race([holder.then((r) => `exited with ${r.exitCode}: ${(r.all ?? '').trim().split('\n').at(-1) ?? ''}`),
    new Promise<string>((r) => setTimeout(() => r('still running 5 s later'), 5000))]);
  holder.kill('SIGTERM');
  await c.waitLeader();
  const follower = c.members.find((m) => m !== leader);
  if (!follower) throw new Error('no follower');
  const onFollower = await execa('ovsdb-client', ['--no-leader-only', 'lock', follower.unixRemote, 'bench_follower'], { env, reject: false, timeout: 1500, all: true });
  const result = {
    runs: RUNS,
    ovsdbClientLockMedianMs: Math.round(median(ovsdbClientMs) * 10) / 10,
    haLockAcquiredMedianMs: Math.round(median(haLockMs) * 10) / 10,
    ovsdbClientLockOnLeaderKill: outcome,
    followerGrantsLock: (onFollower.all ?? '').includes('"locked":true'),
  };
  console.log(JSON.stringify(result, null, 2));
  mkdirSync(join(import.meta.dirname, 'results'), { recursive: true });
  writeFileSync(join(import.meta.dirname, 'results', 'ha-lock-client.json'), `${JSON.stringify(result, null, 2)}\n`);
} finally {
  await lab.down();
}
