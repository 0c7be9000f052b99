// OVN-side scale axes of issue 13, on the programmer as it is (src/core/ovn), over a private OvsSandbox
// (conf.db + NB ovsdb-servers, no ovs-vswitchd, no northd: what is measured is the daemon's writing):
//   pairs    N (VNI, VTEP) pairs: 200 and 1000 VNIs × 5 VTEPs (one type-3 VTEP and one MAC per pair), from
//            apply() of the events until the programmer has flushed; then, once, OVS interfaces and NB LSPs are
//            counted. As in the daemon, the NB monitor of local VM ports (OvnMonitor, mapped to every switch)
//            runs alongside and sees the programmer's LSPs join the switches; from apply() until its process
//            count has not moved for 300 ms (an in-process counter read every 25 ms), its spawns, the time of
//            its last one, and the NB server's CPU over the round are kept. CPU is this process plus the
//            ovsdb-client children it waited for (/proc/self/stat utime+stime+cutime+cstime, taken after the
//            monitor stopped so its processes are counted: the daemon's whole OVN-side cost). Baseline: 1,000
//            pairs; goal: 5,000 ≤ 5× it.
//   foreign  one remote MAC added on a mapped switch, with the NB holding 20k foreign LSPs (200 switches ×
//            100 ports, not ours) vs an empty NB: time from apply() to flushed (in the NB), the NB
//            ovsdb-server's CPU for that change (its threads' schedstat), and a fresh programmer's reconcile
//            (restart) time. Baseline: the empty NB; goal: ≤ 2× on every line.
// Each case runs --runs rounds (default 3), min/median/max kept; ratios are taken round by round.
// ovn-installed (needs northd + ovn-controller + vswitchd) is measured by pairs-installed.ts, the data plane by data-plane.ts.
//   sudo npx tsx bench/ovn-scale.ts [--cases pairs,foreign] [--runs 3] [--out FILE]   -> bench/results/ovn-scale.json
// ~11 min on 2 busy cores (most of it the 5,000-pair runs, whose ovs-vsctl chains are superlinear).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { EvpnEvent } from '../src/core/route-engine/evpn/events.js';
import { OvnMonitor } from '../src/core/ovn/monitor.js';
import { OvnProgrammer } from '../src/core/ovn/programmer.js';
import type { OvnNetwork } from '../src/core/ovn/types.js';
import { OvsSandbox } from '../test/support/ovs-sandbox.js';
import { cpuNs, spread, statCpuSeconds, verdict } from './support/cpu-idle.js';
import { arg, round } from './support/bench-main.js';

const RUNS = Number(arg('--runs') ?? 3);
const CASES = (arg('--cases') ?? 'pairs,foreign').split(',');
const VTEPS = 5;
const FOREIGN_SWITCHES = 200;
const FOREIGN_PER_SWITCH = 100;
const CHANGES = 5;

const hex = (n: number): string => (n & 255).toString(16).padStart(2, '0');
const vtepIp = (i: number): string => `192.0.2.${i + 1}`;
const macOf = (vni: number, i: number): string => `02:${hex(vni >> 8)}:${hex(vni)}:00:${hex(i >> 8)}:${hex(i)}`;

async function switches(sb: OvsSandbox, names: readonly string[]): Promise<void> {
  for (let i = 0; i < names.length; i += 500) {
    await sb.nbctl(...names.slice(i, i + 500).flatMap((n) => ['--', 'ls-add', n]).slice(1));
  }
}

async function count(sb: OvsSandbox): Promise<{ ovsInterfaces: number; nbLsps: number }> {
  const ifaces = JSON.parse(await sb.vsctl('--format=json', '--columns=name', 'find', 'Interface', 'external_ids:evpnctl-managed=true')) as { data: unknown[] };
  const lsps = JSON.parse(await sb.nbctl('--format=json', '--columns=name', 'find', 'Logical_Switch_Port', 'external_ids:evpnctl-managed=true')) as { data: unknown[] };
  return { ovsInterfaces: ifaces.data.length, nbLsps: lsps.data.length };
}

interface PairsRun {
  pairs: number; vnis: number; seconds: number; cpuSeconds: number; ovsInterfaces: number; nbLsps: number;
  spawns: { client: number; vsctl: number; nbctl: number };
  /** The NB monitor's ovsdb-client processes started in the round, and when the last one started (from apply()). */
  monitorSpawns: number; monitorLastSpawnSeconds: number; nbServerCpuSeconds: number;
}

/** Watches the monitor's own spawn counter (in-process, every 25 ms) from apply(): when it last moved. */
class MonitorSpawnWatch {
  private last: number;
  private lastAt: number;
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly mon: OvnMonitor, private readonly t0: number) {
    this.last = mon.spawns();
    this.lastAt = t0;
    this.timer = setInterval(() => this.sample(), 25);
  }

  /** Seconds from apply() to the last spawn (0: none), once the counter has not moved for quietMs since this call and the monitor is ok. */
  async quiet(quietMs = 300): Promise<number> {
    const from = performance.now();
    while (performance.now() - Math.max(this.lastAt, from) < quietMs || this.mon.status().state !== 'ok') await new Promise((r) => setTimeout(r, 25));
    clearInterval(this.timer);
    return (this.lastAt - this.t0) / 1000;
  }

  private sample(): void {
    const n = this.mon.spawns();
    if (n !== this.last) { this.last = n; this.lastAt = performance.now(); }
  }
}

async function pairsOnce(vnis: number): Promise<PairsRun> {
  const sb = await OvsSandbox.start({ bridge: 'br-int' });
  try {
    const networks: OvnNetwork[] = Array.from({ length: vnis }, (_, v) => ({ vni: v + 1, logicalSwitch: `ls-${v + 1}`, floodUnknown: true }));
    await switches(sb, networks.map((n) => n.logicalSwitch));
    const events: EvpnEvent[] = [];
    for (const n of networks) {
      for (let t = 0; t < VTEPS; t++) {
        events.push({ type: 'vtep-added', vni: n.vni, vtep: vtepIp(t) });
        events.push({ type: 'mac-added', vni: n.vni, mac: macOf(n.vni, t), ips: [], vtep: vtepIp(t), seq: 0, sticky: false });
      }
    }
    const prog = new OvnProgrammer({ ovsDb: sb.ovsDb, nbDb: sb.nbDb, bridge: sb.bridge });
    const mon = new OvnMonitor({ nbDb: sb.nbDb, onEvent: () => undefined });
    mon.setSwitches(networks.map((n) => n.logicalSwitch));
    mon.start();
    prog.setNetworks(networks, null);
    await prog.start();
    await prog.flush();
    await mon.ready();
    const nbPid = Number(readFileSync(join(sb.dir, 'nb.pid'), 'utf8').trim());
    const before = prog.stats().spawns;
    const monBefore = mon.spawns();
    const nb0 = await cpuNs([nbPid]);
    const cpu0 = statCpuSeconds('self', { own: true, children: true });
    const t0 = performance.now();
    const watch = new MonitorSpawnWatch(mon, t0);
    prog.apply(events);
    await prog.flush();
    const seconds = (performance.now() - t0) / 1000;
    const monitorLastSpawnSeconds = await watch.quiet();
    const monitorSpawns = mon.spawns() - monBefore;
    const nbServerCpuSeconds = ((await cpuNs([nbPid])) - nb0) / 1e9;
    await mon.stop();
    const cpuSeconds = statCpuSeconds('self', { own: true, children: true }) - cpu0;
    const after = prog.stats().spawns;
    await prog.stop();
    const c = await count(sb);
    const pairs = vnis * VTEPS;
    if (c.ovsInterfaces !== pairs || c.nbLsps !== pairs) throw new Error(`expected ${pairs} OVS interfaces and NB LSPs, got ${c.ovsInterfaces} and ${c.nbLsps}`);
    return {
      pairs, vnis, seconds: round(seconds), cpuSeconds: round(cpuSeconds), ...c,
      spawns: { client: after.client - before.client, vsctl: after.vsctl - before.vsctl, nbctl: after.nbctl - before.nbctl },
      monitorSpawns, monitorLastSpawnSeconds: round(monitorLastSpawnSeconds), nbServerCpuSeconds: round(nbServerCpuSeconds),
    };
  } finally {
    await sb.stop();
  }
}

interface ForeignRun { foreignLsps: number; toNbSeconds: number[]; nbCpuSecondsPerChange: number[]; reconcileSeconds: number }

async function foreignOnce(foreign: boolean): Promise<ForeignRun> {
  const sb = await OvsSandbox.start({ bridge: 'br-int' });
  try {
    await switches(sb, ['ls-1']);
    if (foreign) {
      for (let s = 0; s < FOREIGN_SWITCHES; s += 10) {
        const cmds: string[] = [];
        for (let k = s; k < s + 10; k++) {
          cmds.push('--', 'ls-add', `foreign-${k}`);
          for (let p = 0; p < FOREIGN_PER_SWITCH; p++) cmds.push('--', 'lsp-add', `foreign-${k}`, `vm-${k}-${p}`, '--', 'lsp-set-addresses', `vm-${k}-${p}`, `0a:00:00:${hex(k)}:${hex(p)}:01 10.${k}.${p}.1`);
        }
        await sb.nbctl(...cmds.slice(1));
      }
    }
    const networks: OvnNetwork[] = [{ vni: 1, logicalSwitch: 'ls-1', floodUnknown: true }];
    const events: EvpnEvent[] = [{ type: 'vtep-added', vni: 1, vtep: vtepIp(0) }];
    for (let i = 0; i < 100; i++) events.push({ type: 'mac-added', vni: 1, mac: macOf(1, i), ips: [], vtep: vtepIp(0), seq: 0, sticky: false });
    const prog = new OvnProgrammer({ ovsDb: sb.ovsDb, nbDb: sb.nbDb, bridge: sb.bridge });
    prog.setNetworks(networks, null);
    await prog.start();
    prog.apply(events);
    await prog.flush();
    const nbPid = Number(readFileSync(join(sb.dir, 'nb.pid'), 'utf8').trim());
    const toNbSeconds: number[] = [];
    const nbCpuSecondsPerChange: number[] = [];
    for (let k = 0; k < CHANGES; k++) {
      const e: EvpnEvent = { type: 'mac-added', vni: 1, mac: macOf(1, 1000 + k), ips: [], vtep: vtepIp(0), seq: 0, sticky: false };
      events.push(e);
      const nb0 = await cpuNs([nbPid]);
      const t0 = performance.now();
      prog.apply([e]);
      await prog.flush();
      toNbSeconds.push(round((performance.now() - t0) / 1000, 4));
      nbCpuSecondsPerChange.push(round(((await cpuNs([nbPid])) - nb0) / 1e9, 6));
    }
    await prog.stop();
    const again = new OvnProgrammer({ ovsDb: sb.ovsDb, nbDb: sb.nbDb, bridge: sb.bridge });
    again.setNetworks(networks, null);
    again.apply(events);
    const t0 = performance.now();
    await again.start();
    await again.flush();
    const reconcileSeconds = round((performance.now() - t0) / 1000, 4);
    await again.stop();
    return { foreignLsps: foreign ? FOREIGN_SWITCHES * FOREIGN_PER_SWITCH : 0, toNbSeconds, nbCpuSecondsPerChange, reconcileSeconds };
  } finally {
    await sb.stop();
  }
}

const median = (xs: readonly number[]): number => spread(xs, 6).median;

async function main(): Promise<void> {
  const started = Date.now();
  const out: Record<string, unknown> = {
    date: new Date().toISOString(), node: process.version, runs: RUNS,
    note: 'The machine is shared with other jobs: the ratios, taken within one round, are what count. Times are from '
      + 'apply() of the events (what the BGP side hands over) to the programmer\'s flush; they do not include BGP.',
  };
  if (CASES.includes('pairs')) {
    const small: PairsRun[] = [];
    const big: PairsRun[] = [];
    for (let r = 0; r < RUNS; r++) {
      small.push(await pairsOnce(200));
      big.push(await pairsOnce(1000));
      console.log(JSON.stringify({ round: r + 1, small: small.at(-1), big: big.at(-1) }));
    }
    const ratio = spread(big.map((b, i) => b.seconds / small[i]!.seconds), 2);
    out.pairs = {
      runs: { 1000: small, 5000: big },
      seconds: { 1000: spread(small.map((r) => r.seconds)), 5000: spread(big.map((r) => r.seconds)) },
      cpuSeconds: { 1000: spread(small.map((r) => r.cpuSeconds)), 5000: spread(big.map((r) => r.cpuSeconds)) },
      monitorSpawns: { 1000: spread(small.map((r) => r.monitorSpawns)), 5000: spread(big.map((r) => r.monitorSpawns)) },
      monitorLastSpawnSeconds: { 1000: spread(small.map((r) => r.monitorLastSpawnSeconds)), 5000: spread(big.map((r) => r.monitorLastSpawnSeconds)) },
      nbServerCpuSeconds: { 1000: spread(small.map((r) => r.nbServerCpuSeconds)), 5000: spread(big.map((r) => r.nbServerCpuSeconds)) },
      ratio5000To1000: ratio,
      cpuRatio5000To1000: spread(big.map((b, i) => b.cpuSeconds / small[i]!.cpuSeconds), 2),
      goal: '5,000 pairs <= 5x the 1,000-pair time (linear); evpnctl CPU at 5,000 <= 5 s',
      linear: ratio.median <= 5,
      cpuGoalMet: spread(big.map((r) => r.cpuSeconds)).median <= 5,
    };
  }
  if (CASES.includes('foreign')) {
    const empty: ForeignRun[] = [];
    const full: ForeignRun[] = [];
    for (let r = 0; r < RUNS; r++) {
      empty.push(await foreignOnce(false));
      full.push(await foreignOnce(true));
      console.log(JSON.stringify({ round: r + 1, empty: empty.at(-1), foreign: full.at(-1) }));
    }
    const per = (runs: ForeignRun[], f: (r: ForeignRun) => number) => spread(runs.map(f), 6);
    const ratio = (f: (r: ForeignRun) => number) => spread(full.map((x, i) => f(x) / Math.max(f(empty[i]!), 1e-6)), 2);
    const toNb = (r: ForeignRun): number => median(r.toNbSeconds);
    const nbCpu = (r: ForeignRun): number => median(r.nbCpuSecondsPerChange);
    const rec = (r: ForeignRun): number => r.reconcileSeconds;
    const ratios = { toNb: ratio(toNb), nbCpuPerChange: ratio(nbCpu), reconcile: ratio(rec) };
    out.foreign = {
      runs: { empty, foreign20k: full },
      emptyNb: { toNbSeconds: per(empty, toNb), nbCpuSecondsPerChange: per(empty, nbCpu), reconcileSeconds: per(empty, rec) },
      foreign20k: { toNbSeconds: per(full, toNb), nbCpuSecondsPerChange: per(full, nbCpu), reconcileSeconds: per(full, rec) },
      ratioToEmptyNb: ratios,
      verdicts: { toNb: verdict(ratios.toNb, 'cost'), nbCpuPerChange: verdict(ratios.nbCpuPerChange, 'cost'), reconcile: verdict(ratios.reconcile, 'cost') },
      goal: '<= 2x the empty-NB figure on every line',
      goalMet: Object.values(ratios).every((x) => x.median <= 2),
    };
  }
  out.wallMinutes = round((Date.now() - started) / 60_000, 1);
  out.loadAverageAfter = loadavg().map((x) => round(x, 2));
  const dir = join(import.meta.dirname, 'results');
  mkdirSync(dir, { recursive: true });
  const file = arg('--out') ?? join(dir, 'ovn-scale.json');
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(JSON.stringify(out, null, 2));
}

await main();
