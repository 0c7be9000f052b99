// OVN's own floor on the data-plane axis of issue 13, per OVN build: does a newer OVN (Debian 13's 25.03, newer
// northd incremental processing) get N remote MACs into br-int faster than the host's 23.03 (Debian 12)?
// data-plane.ts's ovn-floor-nb/-sb showed that on 23.03 OVN alone, with no evpnctl work at all, takes 5.7 s
// (NB) and 2.4 s (SB FDB) for 50k MACs while FRR 8.4 takes ~0.53 s; that is unreachable by any writer.
// Per round and build, a fresh minimal OVN site (support/ovn-floor-site.ts: ls1..lsV, one unbound VM port and
// one bound EVPN port with "unknown" each), settled (CPU idle), then ONE transaction on a JSON-RPC
// connection opened before the clock:
//   <build>-nb  each EVPN LSP's addresses := ["unknown", "<mac> <ip>" x N/V] (what evpnctl writes; northd
//               makes one ls_in_l2_lkup logical flow per MAC);
//   <build>-sb  one SB FDB row per MAC (mac, dp_key, port_key; timestamp too where the schema has it, as
//               ovn-controller writes when it learns), installed by ovn-controller without logical flows.
// Observed exactly as data-plane.ts (support/cpu-idle.ts: northd, ovn-controller, ovs-vswitchd, NB and SB
// ovsdb-servers sampled every 10 ms in one loop; end = the last busy sample of northd/ovn-controller/vswitchd
// once all have been idle 0.5 s); then, once, the OpenFlow flows in br-int with dl_dst=<one of the MACs>
// (`ovs-ofctl dump-flows br-int` of the same build) and the SB logical flows. Complete = every MAC found.
// FRR 8.4 runs in the same rounds as the baseline through data-plane.ts's own frr target (a child
// `data-plane.ts --targets frr --runs 1`), so both benchmarks measure FRR the same way. Rounds interleave
// frr, debian12-nb, debian12-sb, debian13-nb, debian13-sb; ratio = the target's seconds over FRR's of the round.
//   sudo npx tsx bench/ovn-floor.ts [--macs 50000] [--vnis 10] [--runs 3] [--root /var/cache/evpnctl/trixie-ovn-root] [--targets ...] [--out FILE]
//   -> bench/results/ovn-floor.json
// The Debian 13 root: EVPNCTL_TRIXIE_ROOT=/var/cache/evpnctl/trixie-ovn-root \
//   EVPNCTL_TRIXIE_PACKAGES="ovn-central ovn-host openvswitch-switch" bash scripts/trixie-root.sh
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../src/lab/exec.js';
import { sleep } from '../src/lab/wait.js';
import { systemClock } from '../src/core/clock.js';
import { OvsdbRpcConnection } from '../src/core/ovn/ovsdb-rpc.js';
import { spread, verdict, waitCpuIdleEach, type CpuIdleResult } from './support/cpu-idle.js';
import { injectedMacs } from './support/injected-table.js';
import { countMacFlows, fdbInsertOps, lflowStages, lspAddressOps, sbFdbRows } from './support/ovn-forwarding-plane.js';
import { buildArgv, evpnLsp, startFloorSite, type FloorSite, type OvnBuild } from './support/ovn-floor-site.js';
import { arg, round, runKeptAlive } from './support/bench-main.js';

const MACS = Number(arg('--macs') ?? 50_000);
const VNIS = Number(arg('--vnis') ?? 10);
const RUNS = Number(arg('--runs') ?? 3);
const ROOT = arg('--root') ?? '/var/cache/evpnctl/trixie-ovn-root';
const TARGETS = (arg('--targets') ?? 'frr,debian12-nb,debian12-sb,debian13-nb,debian13-sb').split(',');
const TIMEOUT_MS = Number(arg('--timeout') ?? 300_000);

const BUILDS: Record<string, OvnBuild> = { debian12: { name: 'debian12', root: '' }, debian13: { name: 'debian13', root: ROOT } };

interface Stage { doneSeconds: number | null; cpuSeconds: number }

interface RunResult {
  target: string;
  run: number;
  macs: number;
  vnis: number;
  /** First byte of the one transaction (frr: first UPDATE byte) → the last observed process went idle. */
  seconds: number;
  macsInForwardingPlane: number;
  complete: boolean;
  stages: Record<string, Stage>;
  /** OVN: when the server acknowledged the transaction. */
  writtenSeconds?: number;
  openflowFlowsTotal?: number;
  openflowFlowsMatchingMacs?: number;
  sbLogicalFlows?: { total: number; byStage: Record<string, number> };
  /** SB FDB rows after the run (the -sb targets wrote them; the -nb targets' ports learn none). */
  sbFdbRows?: number;
  loadAverageBefore: number[];
}

/** The target's build and path, from its name (debian13-sb → debian13, sb). */
function parseTarget(t: string): { build: OvnBuild; path: 'nb' | 'sb' } {
  const m = /^(\w+)-(nb|sb)$/.exec(t);
  const build = BUILDS[m?.[1] ?? ''];
  if (m === null || build === undefined) throw new Error(`expected a target frr or <${Object.keys(BUILDS).join('|')}>-<nb|sb>, got ${t}`);
  return { build, path: m[2] as 'nb' | 'sb' };
}

/** FRR 8.4 through data-plane.ts's frr target (fresh netns pair, injector, kernel FDB count), one run. */
async function measureFrr(runNo: number): Promise<RunResult> {
  const out = join(tmpdir(), `ovn-floor-frr-${process.pid}-${runNo}.json`);
  try {
    await run(['node', '--import', 'tsx', join(import.meta.dirname, 'data-plane.ts'), '--targets', 'frr', '--runs', '1',
      '--routes', String(MACS), '--vnis', String(VNIS), '--out', out], { timeoutMs: TIMEOUT_MS + 120_000 });
    const file = JSON.parse(readFileSync(out, 'utf8')) as { results: (Omit<RunResult, 'macs'> & { routes: number })[] };
    const r = file.results[0];
    if (r === undefined) throw new Error(`expected one frr result in ${out}, got none`);
    return { target: 'frr', run: runNo, macs: r.routes, vnis: r.vnis, seconds: r.seconds, macsInForwardingPlane: r.macsInForwardingPlane,
      complete: r.complete, stages: r.stages, loadAverageBefore: r.loadAverageBefore };
  } finally {
    await rm(out, { force: true });
  }
}

/** Whether the build's SB FDB table has a timestamp column (OVN 24.09+: ovn-controller stamps what it learns, for aging). */
function fdbHasTimestamp(b: OvnBuild): boolean {
  const schema = JSON.parse(readFileSync(`${b.root}/usr/share/ovn/ovn-sb.ovsschema`, 'utf8')) as { tables: Record<string, { columns: Record<string, unknown> }> };
  return schema.tables.FDB?.columns.timestamp !== undefined;
}

/** The one transaction of a target: [database, ...operations]. */
async function transaction(site: FloorSite, path: 'nb' | 'sb', macs: Set<string>): Promise<unknown[]> {
  if (path === 'nb') return ['OVN_Northbound', ...lspAddressOps(macs, VNIS, evpnLsp)];
  const stamp = fdbHasTimestamp(site.build) ? { timestamp: Date.now() } : {};
  return ['OVN_Southbound', ...await fdbInsertOps(site, macs, VNIS, evpnLsp, stamp)];
}

let siteNo = 0;

async function measureOvn(target: string, runNo: number, macs: Set<string>): Promise<RunResult> {
  const { build, path } = parseTarget(target);
  const site = await startFloorSite(build, { vnis: VNIS, n: ++siteNo, encapIp: '127.0.0.2' });
  let rpc: OvsdbRpcConnection | undefined;
  try {
    await sleep(2000); // as data-plane.ts: the fresh daemons' start-up work is over before the clock can start
    const settled = await waitCpuIdleEach(site.groups, { timeoutMs: 60_000 });
    if (Object.values(settled).some((r) => (r as CpuIdleResult).lastBusyAt === null)) throw new Error(`expected the ${build.name} site to settle within 60 s`);
    const txn = await transaction(site, path, macs);
    rpc = await OvsdbRpcConnection.open({ remote: path === 'nb' ? site.nbRemote : site.sbRemote, clock: systemClock, probeMs: 0,
      onNotification: () => undefined, onClose: () => undefined });
    const conn = rpc;
    const loadAverageBefore = loadavg().map((x) => round(x, 2));
    const t0 = Date.now();
    const written = conn.request('transact', txn, TIMEOUT_MS).then((result) => {
      const bad = (result as { count?: number; error?: string }[]).find((r) => r.error !== undefined || (path === 'nb' && r.count !== 1));
      if (bad !== undefined) throw new Error(`expected every ${path === 'nb' ? 'EVPN LSP updated once' : 'FDB row inserted'}, got ${JSON.stringify(bad)}`);
      return Date.now();
    });
    const idle = await waitCpuIdleEach(site.groups, { after: written, timeoutMs: TIMEOUT_MS });
    const writtenAt = await written;
    const ending = (['northd', 'ovn-controller', 'ovs-vswitchd'] as const).map((k) => idle[k].lastBusyAt);
    const timedOut = ending.some((e) => e === null);
    const end = timedOut ? Date.now() : Math.max(...(ending as number[]));
    const stages = Object.fromEntries(Object.entries(idle).map(([k, r]) => {
      const x = r as CpuIdleResult;
      return [k, { doneSeconds: x.lastBusyAt === null ? null : round((x.lastBusyAt - t0) / 1000), cpuSeconds: round(x.cpuSeconds) }];
    }));
    const flows = await countMacFlows(site, macs);
    return {
      target, run: runNo, macs: macs.size, vnis: VNIS, seconds: round((end - t0) / 1000), ...flows,
      complete: !timedOut && flows.macsInForwardingPlane === macs.size, stages, writtenSeconds: round((writtenAt - t0) / 1000),
      sbLogicalFlows: await lflowStages(site), sbFdbRows: await sbFdbRows(site), loadAverageBefore,
    };
  } finally {
    rpc?.close();
    await site.down();
  }
}

/** `<program> --version` of a build, first line. */
async function versionOf(b: OvnBuild, program: string): Promise<string> {
  const { stdout } = await run(buildArgv(b, [program, '--version']));
  return stdout.split('\n')[0]?.trim() ?? '';
}

async function runAll(): Promise<void> {
  const started = Date.now();
  const macs = injectedMacs(MACS, VNIS);
  const builds = [...new Set(TARGETS.filter((t) => t !== 'frr').map((t) => parseTarget(t).build))];
  for (const b of builds) {
    if (b.root !== '' && !existsSync(join(b.root, 'usr/bin/ovn-northd'))) {
      throw new Error(`expected OVN in the Debian 13 root ${b.root} (usr/bin/ovn-northd), got none; build it with: `
        + `EVPNCTL_TRIXIE_ROOT=${b.root} EVPNCTL_TRIXIE_PACKAGES="ovn-central ovn-host openvswitch-switch" bash scripts/trixie-root.sh`);
    }
  }
  const versions = Object.fromEntries(await Promise.all(builds.map(async (b) => [b.name, {
    root: b.root === '' ? '/' : b.root, northd: await versionOf(b, 'ovn-northd'), vswitchd: await versionOf(b, 'ovs-vswitchd'),
  }] as const)));
  const results: RunResult[] = [];
  for (let r = 1; r <= RUNS; r++) {
    for (const t of TARGETS) {
      const res = t === 'frr' ? await measureFrr(r) : await measureOvn(t, r, macs);
      console.log(JSON.stringify(res));
      results.push(res);
    }
  }
  const of = (t: string): RunResult[] => results.filter((x) => x.target === t);
  const ratiosOf = (t: string): { run: number; ratio: number }[] => of(t).flatMap((o) => {
    const f = of('frr').find((x) => x.run === o.run);
    return f === undefined ? [] : [{ run: o.run, ratio: round(o.seconds / f.seconds, 2) }];
  });
  const summary = Object.fromEntries(TARGETS.map((t) => {
    const names = Object.keys(of(t)[0]?.stages ?? {});
    return [t, {
      completeRuns: of(t).filter((x) => x.complete).length, runs: of(t).length,
      seconds: spread(of(t).map((x) => x.seconds)),
      stages: Object.fromEntries(names.map((n) => [n, {
        doneSeconds: spread(of(t).map((x) => x.stages[n]?.doneSeconds ?? Number.NaN)),
        cpuSeconds: spread(of(t).map((x) => x.stages[n]?.cpuSeconds ?? Number.NaN)),
      }])),
      ...(t !== 'frr' && {
        // The server's reply to the one transaction (SB: the 50k-row commit, before any client is told).
        writtenSeconds: spread(of(t).map((x) => x.writtenSeconds ?? Number.NaN)),
        sbLogicalFlows: spread(of(t).map((x) => x.sbLogicalFlows?.total ?? Number.NaN), 0),
        openflowFlowsMatchingMacs: spread(of(t).map((x) => x.openflowFlowsMatchingMacs ?? Number.NaN), 0),
      }),
    }];
  }));
  const toFrr = Object.fromEntries(TARGETS.filter((t) => t !== 'frr').flatMap((t) => {
    const rs = ratiosOf(t);
    if (rs.length === 0) return [];
    const ratio = spread(rs.map((x) => x.ratio), 2);
    return [[t, { sameRound: rs, ratio, verdict: verdict(ratio, 'cost'), goalMet: ratio.median <= 1 }]];
  }));
  const out = {
    date: new Date().toISOString(), node: process.version, macs: MACS, vnis: VNIS, runs: RUNS, versions,
    wallMinutes: round((Date.now() - started) / 60_000, 1), loadAverageAfter: loadavg().map((x) => round(x, 2)),
    method: 'Per round and OVN build (debian12 = the host\'s binaries; debian13 = a Debian 13 root\'s, run as chroot ROOT '
      + '<binary>), a fresh OVN site from scratch in its own netns: ovsdb-server for conf.db from that build\'s vswitch schema, '
      + 'ovs-vswitchd --disable-system with br-int datapath_type=netdev, NB and SB ovsdb-servers, ovn-northd, ovn-controller '
      + `(geneve, encap IP 127.0.0.2). Switches ls1..ls${VNIS}, each with one unbound VM port (one address) and one EVPN port `
      + '(addresses "unknown") bound on the chassis through a vxlan port on br-int (remote_ip 192.168.100.1, key = VNI). '
      + 'After the site settled (CPU idle), ONE transaction on a JSON-RPC connection opened before the clock: nb = every '
      + `EVPN LSP's addresses := ["unknown", "<mac> <ip>" x ${MACS / VNIS}]; sb = one SB FDB row per MAC (mac, dp_key, port_key, `
      + 'and timestamp where the schema has it). Observed as data-plane.ts: per-thread CPU of northd, ovn-controller, '
      + 'ovs-vswitchd and the NB/SB ovsdb-servers sampled every 10 ms in one loop; seconds = first byte of the transaction -> '
      + 'the last busy sample of northd/ovn-controller/vswitchd once all were idle 0.5 s; then, once, ovs-ofctl dump-flows '
      + 'br-int of the same build (flows with dl_dst=<MAC>) and the SB Logical_Flow rows. frr = data-plane.ts --targets frr '
      + '(FRR 8.4, kernel VXLAN, first UPDATE byte -> bgpd and zebra idle, kernel FDB counted) in the same round; '
      + 'ratio = target seconds / frr seconds of the same round (a cost: lower is faster).',
    note: 'No evpnctl work in any OVN target: this is the least any writer of the MACs could pay on that OVN. The site has '
      + 'no split-horizon port group or br-phy (data-plane.ts\'s site has them from evpnctl); neither adds per-MAC work. '
      + 'The machine is shared (2 cores): same-round ratios count.',
    results, summary, toFrr,
  };
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(arg('--out') ?? join(dir, 'ovn-floor.json'), `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify({ summary, toFrr }, null, 2));
}

await runKeptAlive(runAll);
