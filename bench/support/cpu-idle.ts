// The one way every benchmark target is observed: from the outside, through the kernel's per-thread CPU
// accounting, never through the target's own API. A target is done when its CPU has been idle for a while;
// only then is its count asked, once. Polling a target's CLI or socket while it works would load that target
// (a 25 ms poll of gobgpd's CLI did) and load each target differently.
// /proc/<pid>/task/<tid>/schedstat gives each thread's run time in nanoseconds (the tick-based utime in
// /proc/<pid>/stat is 10 ms coarse, too coarse for a 0.2 s ingest); all threads count (FRR's I/O pthread,
// V8's GC helpers).
import { readFileSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { sleep } from '../../src/lab/wait.js';

/** Nanoseconds of CPU the process's threads have run, summed (threads that ended since take their time with them). */
export async function cpuNs(pids: readonly number[]): Promise<number> {
  let total = 0;
  for (const pid of pids) {
    for (const tid of await readdir(`/proc/${pid}/task`).catch((err: unknown) => { throw new Error(`expected process ${pid} to be running, got ${String(err)}`); })) {
      const text = await readFile(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').catch(() => '0'); // a thread that just ended
      total += Number(text.split(' ')[0]);
    }
  }
  return total;
}

/** What the watch saw. */
export interface CpuIdleResult {
  /** Date.now() at the last sample that saw CPU used (the end of the work), or null if it never went idle in time. */
  lastBusyAt: number | null;
  /** CPU seconds the processes used from the start of the watch to the last busy sample. */
  cpuSeconds: number;
}

export interface CpuIdleOptions {
  /** Sampling period (every target is sampled the same way; the cost is the benchmark's, not the target's). */
  sampleMs?: number;
  /** How long the CPU must stay (nearly) idle. */
  idleMs?: number;
  /** CPU below this per sample counts as idle (timers, keepalives). */
  noiseNsPerSample?: number;
  /** Not before this resolves (e.g. the injector has sent everything). */
  after?: Promise<unknown>;
  timeoutMs: number;
}

/** Waits until `pids` have used (nearly) no CPU for idleMs after `after`; returns when their work ended. */
export async function waitCpuIdle(pids: readonly number[], o: CpuIdleOptions): Promise<CpuIdleResult> {
  const sampleMs = o.sampleMs ?? 10;
  const idleMs = o.idleMs ?? 500;
  const noise = o.noiseNsPerSample ?? 1_000_000;
  const t0 = Date.now();
  const cpu0 = await cpuNs(pids);
  let released = o.after === undefined;
  void o.after?.then(() => { released = true; }, () => { released = true; });
  let last = cpu0;
  let lastBusyAt = t0;
  let lastBusyCpu = cpu0;
  while (Date.now() - t0 < o.timeoutMs) {
    await sleep(sampleMs);
    const now = Date.now();
    const cpu = await cpuNs(pids);
    if (cpu - last > noise) {
      lastBusyAt = now;
      lastBusyCpu = cpu;
    }
    last = cpu;
    if (released && now - lastBusyAt >= idleMs) return { lastBusyAt, cpuSeconds: (lastBusyCpu - cpu0) / 1e9 };
  }
  return { lastBusyAt: null, cpuSeconds: (last - cpu0) / 1e9 };
}

/** min / median / max of a list (at least one value). */
export function spread(values: readonly number[], digits = 3): { min: number; median: number; max: number } {
  if (values.length === 0) throw new Error('expected at least one value for min/median/max, got none');
  const s = [...values].sort((a, b) => a - b);
  const r = (x: number): number => Number(x.toFixed(digits));
  const mid = s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  return { min: r(s[0]!), median: r(mid), max: r(s.at(-1)!) };
}

/**
 * How to say a ratio in words: "parity" when the runs' ratios straddle 1 or stay within ±10 % of it,
 * otherwise "faster"/"slower". For a ratio of rates higher is faster; for a ratio of costs (times, CPU) lower is.
 */
export function verdict(ratios: { min: number; median: number; max: number }, of: 'rate' | 'cost' = 'rate'): 'parity' | 'faster' | 'slower' {
  if ((ratios.min <= 1 && ratios.max >= 1) || Math.abs(ratios.median - 1) <= 0.1) return 'parity';
  return (ratios.median > 1) === (of === 'rate') ? 'faster' : 'slower';
}

/** What the watch of several processes saw, per named group (same sampling as waitCpuIdle). */
export type CpuIdleEach<K extends string> = Record<K, CpuIdleResult & {
  /** The last busy sample seen, also when the watch timed out (then lastBusyAt is null). */
  lastBusySeenAt: number;
  /** Idle for idleMs at the end of the watch: this group's work was over even if another's was not. */
  settled: boolean;
}>;

/**
 * waitCpuIdle for several groups of processes at once, sampled in the same 10 ms loop (one schedstat read of
 * every group per sample, so no group is observed more often than another): returns when every group has been
 * idle for idleMs after `after`, with each group's own last busy sample and CPU. A group whose work ended
 * before the last one's keeps its earlier lastBusyAt: that is the per-stage breakdown.
 */
export async function waitCpuIdleEach<K extends string>(groups: Readonly<Record<K, readonly number[]>>, o: CpuIdleOptions): Promise<CpuIdleEach<K>> {
  const sampleMs = o.sampleMs ?? 10;
  const idleMs = o.idleMs ?? 500;
  const noise = o.noiseNsPerSample ?? 1_000_000;
  const names = Object.keys(groups) as K[];
  const t0 = Date.now();
  const state = new Map<K, { cpu0: number; last: number; lastBusyAt: number; lastBusyCpu: number }>();
  for (const k of names) {
    const cpu = await cpuNs(groups[k]);
    state.set(k, { cpu0: cpu, last: cpu, lastBusyAt: t0, lastBusyCpu: cpu });
  }
  let released = o.after === undefined;
  void o.after?.then(() => { released = true; }, () => { released = true; });
  const result = (timedOut: boolean): CpuIdleEach<K> => Object.fromEntries(names.map((k) => {
    const s = state.get(k)!;
    const settled = Date.now() - s.lastBusyAt >= idleMs;
    return [k, { lastBusyAt: timedOut ? null : s.lastBusyAt, cpuSeconds: ((timedOut ? s.last : s.lastBusyCpu) - s.cpu0) / 1e9, lastBusySeenAt: s.lastBusyAt, settled }];
  })) as CpuIdleEach<K>;
  while (Date.now() - t0 < o.timeoutMs) {
    await sleep(sampleMs);
    const now = Date.now();
    let allIdle = released;
    for (const k of names) {
      const s = state.get(k)!;
      const cpu = await cpuNs(groups[k]);
      if (cpu - s.last > noise) {
        s.lastBusyAt = now;
        s.lastBusyCpu = cpu;
      }
      s.last = cpu;
      if (now - s.lastBusyAt < idleMs) allIdle = false;
    }
    if (allIdle) return result(false);
  }
  return result(true);
}

/**
 * CPU seconds from /proc/<pid>/stat (stat(5) fields 14-17, in clock ticks of 1/100 s): the process's own
 * (utime + stime) and/or that of its children it has waited for (cutime + cstime).
 */
export function statCpuSeconds(pid: number | 'self', which: { own: boolean; children: boolean }): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // field 3 (state) is f[0]
  const at = [...(which.own ? [11, 12] : []), ...(which.children ? [13, 14] : [])];
  return at.reduce((sum, i) => sum + Number(f[i]), 0) / 100;
}
