// Benchmark: `evpnctl route list` as a table vs `--json`, end to end through the real CLI against a real
// daemon holding 10k and then 100k received routes (a table peer sends them over a real BGP session in
// the speaker pair's netns). The routes are in the RIB only (no network configured, so the OVN side stays
// idle and the times are the CLI's and the control socket's). Goal (issue 11): table <= 2x --json and
// <= 3 s at 100k, < 1 s at 10k. Output goes to a pipe we drain, as for `evpnctl route list | less`.
// Usage (root): npx tsx bench/cli-render.ts [runs]   -> bench/results/cli-render.json
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { describeFailures } from '../src/lab/cleanup.js';
import { buildSpeakerPair } from '../src/lab/topology/speaker-pair.js';
import { waitFor } from '../src/lab/wait.js';
import { SpeakerDaemon } from '../test/interop/support/speaker-daemon.js';
import { TablePeer } from '../test/support/table-peer.js';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin/evpnctl');
const runs = Math.max(3, Number(process.argv[2] ?? 5));
const ASN = 65000;
const VNIS = Array.from({ length: 100 }, (_v, i) => i + 1);

/** Wall time of one CLI run, its stdout drained and counted (a pipe, not a terminal: 80 columns). */
function timeOnce(args: string[]): Promise<{ ms: number; bytes: number }> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const p = spawn('node', [BIN, ...args], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, NO_COLOR: '1' } });
    let bytes = 0;
    p.stdout.on('data', (b: Buffer) => (bytes += b.length));
    p.on('error', fail);
    p.on('close', (code) => (code === 0 ? done({ ms: performance.now() - t0, bytes }) : fail(new Error(`evpnctl ${args.join(' ')} exited with ${code}`))));
  });
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const r = (n: number) => Math.round(n);
  return { minMs: r(s[0]!), medianMs: r(s[Math.floor(s.length / 2)]!), maxMs: r(s[s.length - 1]!) };
};

const build = spawnSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
if (build.status !== 0) throw new Error('npm run build failed');
const pair = await buildSpeakerPair({ peer: 'none', speakerAsn: ASN, peerAsn: ASN, runOptions: { description: 'bench cli-render' } });
const results: Record<string, unknown> = {};
try {
  const peer = await TablePeer.start(pair);
  const d = await SpeakerDaemon.start(pair, { ovnDbs: false });
  await d.ok('speaker', 'add', '--as', String(ASN), '--router-id', pair.speaker.ip);
  await d.ok('neighbor', 'add', pair.peer.ip, '--remote-as', String(ASN), '--hold-time', '180');
  await d.waitEstablished(pair.peer.ip);
  for (const routes of [10_000, 100_000]) {
    await peer.replace({ bulk: [{ vnis: VNIS, vteps: [pair.peer.ip], macs: routes }] });
    const expected = routes + VNIS.length; // + one type 3 per VNI
    await waitFor(`${expected} routes in the daemon`, async () => ((await d.neighbor(pair.peer.ip)).prefixes.received === expected ? true : undefined), { timeoutMs: 120_000, intervalMs: 250 });
    const table = ['--socket', d.socket, 'route', 'list'];
    const json = [...table, '--json'];
    await timeOnce(table); // warm the page cache and the daemon's code paths
    await timeOnce(json);
    const t: number[] = [], j: number[] = [];
    let tableBytes = 0, jsonBytes = 0;
    for (let i = 0; i < runs; i++) { // alternate, so load on the shared machine hits both alike
      const a = await timeOnce(table);
      const b = await timeOnce(json);
      t.push(a.ms); j.push(b.ms);
      tableBytes = a.bytes; jsonBytes = b.bytes;
    }
    const ts = stats(t), js = stats(j);
    results[`${routes / 1000}k`] = { routes: expected, table: { ...ts, bytes: tableBytes }, json: { ...js, bytes: jsonBytes }, ratioMedian: Math.round((ts.medianMs / js.medianMs) * 100) / 100 };
    console.log(`${expected} routes: table ${JSON.stringify(ts)}, --json ${JSON.stringify(js)}`);
  }
} finally {
  const failures = describeFailures(await pair.down());
  if (failures !== '') console.error(failures);
}
const result = {
  benchmark: 'cli-render', date: new Date().toISOString(), node: process.version, runs,
  how: 'end to end: node bin/evpnctl route list [--json] against a daemon holding the routes (received over BGP, RIB only), stdout drained through a pipe',
  goal: 'table <= 2x --json and <= 3 s at 100k; < 1 s at 10k',
  ...results,
};
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/cli-render.json'), `${JSON.stringify(result, null, 2)}\n`);
console.log(JSON.stringify(result, null, 2));
