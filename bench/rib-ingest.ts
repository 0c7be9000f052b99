// Ingest benchmark: N type-2 routes over 100 VNIs (plus every VTEP's type-3 in every VNI) from one
// route reflector, through the public engine API, as UPDATEs of ~100 NLRI sharing one attributes object
// (as FRR packs them). Each size runs in fresh processes (3, the median by time is kept) so RSS growth
// is not polluted by the last run and a busy machine does not decide the result.
//   npx tsx bench/rib-ingest.ts            → runs 10k, 50k and 100k, writes bench/results/rib-ingest.json
//   node --expose-gc --import tsx bench/rib-ingest.ts --child N   → one run, JSON on stdout
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { AFI_L2VPN, SAFI_EVPN, type EvpnNlri, type PathAttributes, type UpdateMessage } from '../src/core/bgp/wire/types.js';
import { EvpnEngine } from '../src/core/evpn/engine.js';
import { networkCounts } from '../src/core/evpn/views.js';

const VNIS = 100;
const VTEPS = 20;
const PER_UPDATE = 100;
const ZERO_ESI = '00:00:00:00:00:00:00:00:00:00';
const RR = '10.255.0.1';
const SIZES = [10_000, 50_000, 100_000];
const RUNS = 3;

interface Result {
  type2Routes: number;
  type3Routes: number;
  updates: number;
  events: number;
  seconds: number;
  routesPerSecond: number;
  rssGrowthMB: number;
  heapGrowthMB: number;
  bytesPerRoute: number;
  microsecondsPerRoute: number;
}

const vtepIp = (v: number): string => `192.168.${100 + (v >> 8)}.${10 + (v & 0xff)}`;
const macOf = (i: number): string => `02:${[24, 16, 8, 0].map((s) => ((i >>> s) & 0xff).toString(16).padStart(2, '0')).join(':')}:00`;

function attributes(vni: number, pmsi: string | null): PathAttributes {
  const a: PathAttributes = {
    origin: 0, asPath: [], localPref: 100, other: [],
    extCommunities: [{ kind: 'route-target', rt: { type: 0, asn: 65000, assigned: vni }, transitive: true }, { kind: 'encapsulation', tunnelType: 8 }],
  };
  if (pmsi !== null) a.pmsiTunnel = { flags: 0, tunnelType: 6, label: vni, tunnelId: pmsi };
  return a;
}

const update = (attrs: PathAttributes, nextHop: string, evpn: EvpnNlri[]): UpdateMessage => ({
  type: 'update', withdrawnRaw: new Uint8Array(0), nlriRaw: new Uint8Array(0),
  attributes: { ...attrs, mpReach: { afi: AFI_L2VPN, safi: SAFI_EVPN, nextHops: [nextHop], evpn } },
});

/** The UPDATEs, made lazily so that only what the engine keeps stays in memory. */
function* updates(type2: number): Generator<UpdateMessage> {
  for (let vni = 1; vni <= VNIS; vni++) {
    for (let v = 0; v < VTEPS; v++) {
      const ip = vtepIp(v);
      yield update(attributes(vni, ip), ip, [{ type: 3, rd: { type: 1, ip, assigned: vni }, etag: 0, originatorIp: ip }]);
    }
  }
  // FRR style: a MAC-only and a MAC+IP route per MAC, so type2 / 2 MACs, spread over VNIs and VTEPs.
  const macsPerGroup = Math.ceil(type2 / 2 / (VNIS * VTEPS));
  let made = 0;
  let mac = 0;
  for (let vni = 1; vni <= VNIS && made < type2; vni++) {
    for (let v = 0; v < VTEPS && made < type2; v++) {
      const ip = vtepIp(v);
      const attrs = attributes(vni, null);
      let batch: EvpnNlri[] = [];
      for (let m = 0; m < macsPerGroup && made < type2; m++, mac++) {
        // Plain literals, one RD object each, as a decoder produces them.
        const m = macOf(mac);
        const addr = `10.${(mac >> 16) & 0xff}.${(mac >> 8) & 0xff}.${mac & 0xff}`;
        batch.push(
          { type: 2, rd: { type: 1, ip, assigned: vni }, esi: ZERO_ESI, etag: 0, mac: m, ip: null, label1: vni },
          { type: 2, rd: { type: 1, ip, assigned: vni }, esi: ZERO_ESI, etag: 0, mac: m, ip: addr, label1: vni },
        );
        made += 2;
        if (batch.length >= PER_UPDATE) {
          yield update(attrs, ip, batch);
          batch = [];
        }
      }
      if (batch.length > 0) yield update(attrs, ip, batch);
    }
  }
}

function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g === undefined) throw new Error('expected node --expose-gc for the child run, got no global gc()');
  g();
  g();
}

function runOnce(type2: number): Result {
  const engine = new EvpnEngine({ speaker: { asn: 65000, routerId: '192.168.100.2', listenPort: 179 }, clock: { now: () => performance.now() } });
  for (let vni = 1; vni <= VNIS; vni++) {
    engine.addNetwork({ vni, logicalSwitch: `ls${vni}`, importRts: [], exportRts: [], floodUnknown: true, index: vni });
  }
  engine.peerUp({ address: RR, routerId: RR, ebgp: false });
  gc();
  const rss0 = process.memoryUsage().rss;
  const heap0 = process.memoryUsage().heapUsed;
  let events = 0;
  let count = 0;
  const t0 = performance.now();
  for (const u of updates(type2)) {
    events += engine.ingest(RR, u).length;
    count++;
  }
  const seconds = (performance.now() - t0) / 1000;
  gc();
  const rss1 = process.memoryUsage().rss;
  const heap1 = process.memoryUsage().heapUsed;
  const remoteMacs = Array.from({ length: VNIS }, (_, i) => networkCounts(engine, i + 1).remoteMacs).reduce((a, b) => a + b, 0);
  if (remoteMacs !== type2 / 2) throw new Error(`expected ${type2 / 2} remote MACs after ingest, got ${remoteMacs}`);
  const type3 = VNIS * VTEPS;
  return {
    type2Routes: type2,
    type3Routes: type3,
    updates: count,
    events,
    seconds: Number(seconds.toFixed(3)),
    routesPerSecond: Math.round((type2 + type3) / seconds),
    rssGrowthMB: Number(((rss1 - rss0) / 2 ** 20).toFixed(1)),
    heapGrowthMB: Number(((heap1 - heap0) / 2 ** 20).toFixed(1)),
    bytesPerRoute: Math.round((rss1 - rss0) / (type2 + type3)),
    microsecondsPerRoute: Number(((seconds * 1e6) / (type2 + type3)).toFixed(2)),
  };
}

function main(): void {
  const childAt = process.argv.indexOf('--child');
  if (childAt >= 0) {
    process.stdout.write(JSON.stringify(runOnce(Number(process.argv[childAt + 1]))));
    return;
  }
  const self = fileURLToPath(import.meta.url);
  const child = (n: number): Result => JSON.parse(
    execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', self, '--child', String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 }),
  ) as Result;
  const results = SIZES.map((n) => {
    const runs = Array.from({ length: RUNS }, () => child(n)).sort((a, b) => a.seconds - b.seconds);
    return runs[Math.floor(RUNS / 2)] as Result;
  });
  const first = results[0];
  const last = results.at(-1);
  if (first === undefined || last === undefined) throw new Error('expected benchmark results, got none');
  // Linear ingest: the time per route stays flat as the table grows 10x.
  const perRoute = (r: Result): number => r.seconds / (r.type2Routes + r.type3Routes);
  const report = {
    node: process.version,
    vnis: VNIS,
    vteps: VTEPS,
    nlriPerUpdate: PER_UPDATE,
    runsPerSize: RUNS,
    note: 'rssGrowthMB includes V8 young-generation growth during bulk ingest (about 25 MB with default flags; '
      + '--max-semi-space-size=4 removes most of it); heapGrowthMB is what the engine retains.',
    results,
    timePerRouteRatio100kTo10k: Number((perRoute(last) / perRoute(first)).toFixed(2)),
    rssGrowthPer100kType2MB: Number((last.rssGrowthMB * (100_000 / last.type2Routes)).toFixed(1)),
  };
  const out = join(dirname(self), 'results', 'rib-ingest.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
}

main();
