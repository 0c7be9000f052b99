// Samples a kernel VTEP's forwarding database every N ms for as long as it runs: one long-lived Python loop
// inside the site's netns runs `bridge -j fdb show dev <vxlan>` on a fixed schedule (deadlines from its start,
// not sleeps after each dump, so a slow dump does not stretch the interval) and appends one JSON line per
// sample to a file: {"t": epoch ms at the dump's start, "ms": the dump's duration, "seen": ["<mac> <dst>", ...]}
// for the watched MACs only, or {"t", "err"} when the dump failed. One process for the whole run instead of a
// `bridge` exec per sample from here: that is what keeps 50 ms honest on a busy machine. analyseFdbSamples
// then says, per required entry, in how many samples it was missing and for how long, and what interval
// the loop achieved. Beside the loop, `bridge monitor fdb` logs every change the kernel announces: a deletion
// and re-add quicker than one interval escapes the samples but not the monitor (fdbDeletions).
import { readFile } from 'node:fs/promises';
import { spawnChild, type ChildProcessHandle } from './daemon.js';
import { LabError } from './errors.js';
import { SYSTEM_PYTHON } from './python.js';
import type { LabRun } from './run.js';

const SCRIPT = String.raw`
import json, subprocess, sys, time
o = json.loads(sys.argv[1])
macs = set(o['macs'])
out = open(o['out'], 'a', buffering=1)
begin = time.monotonic()
n = 0
while True:
    t = time.time()
    m0 = time.monotonic()
    try:
        r = subprocess.run(['bridge', '-j', 'fdb', 'show', 'dev', o['dev']], capture_output=True, text=True, timeout=5)
        if r.returncode != 0:
            raise RuntimeError('bridge exited %d: %s' % (r.returncode, r.stderr.strip()))
        entries = json.loads(r.stdout) if r.stdout.strip() else []
        seen = sorted({'%s %s' % (e.get('mac'), e.get('dst', '')) for e in entries if e.get('mac') in macs})
        line = {'t': round(t * 1000, 1), 'ms': round((time.monotonic() - m0) * 1000, 1), 'seen': seen}
    except Exception as e:
        line = {'t': round(t * 1000, 1), 'err': str(e)}
    out.write(json.dumps(line) + '\n')
    n += 1
    time.sleep(max(0, begin + n * o['interval'] - time.monotonic()))
`;

/** One sample of the FDB. */
export interface FdbSample {
  /** Epoch ms at the start of the dump. */
  t: number;
  /** The dump's duration in ms. */
  ms?: number;
  /** "<mac> <dst>" of the watched MACs' entries (dst empty for an entry without one). */
  seen?: string[];
  /** Why the dump failed (such a sample proves nothing either way). */
  err?: string;
}

/** An entry that must be in every sample. */
export interface RequiredFdbEntry {
  label: string;
  mac: string;
  dst: string;
}

/** How one required entry fared. */
export interface FdbEntryReport {
  /** Samples without it. */
  missingSamples: number;
  /** The longest stretch without it: from its first missing sample to the next sample that had it (or the last sample). */
  longestGapMs: number;
  /** Epoch ms of the first sample without it, or null. */
  firstMissingAt: number | null;
}

/** What the samples say. */
export interface FdbWatchReport {
  samples: number;
  /** Samples whose dump failed. */
  errors: number;
  /** First to last sample, ms. */
  spanMs: number;
  /** The interval the loop achieved between consecutive samples, ms. */
  intervalMs: { median: number; max: number };
  /** The slowest dump, ms. */
  maxDumpMs: number;
  entries: Record<string, FdbEntryReport>;
}

/** What a sampler saw. */
export interface FdbSamplerOutput {
  samples: FdbSample[];
  /** `bridge monitor fdb` lines over the same time (every FDB change in the netns). */
  events: string[];
}

/** A running sampler. */
export interface FdbSampler {
  readonly file: string;
  /** Stops the loop and the monitor and returns what they wrote. */
  stop(): Promise<FdbSamplerOutput>;
}

/** Options of one sampler. */
export interface FdbSamplerOptions {
  netns: string;
  /** The vxlan device whose FDB is dumped. */
  dev: string;
  /** MACs to keep in the samples (everything else is dropped to keep the file small). */
  macs: readonly string[];
  /** Names the output and log files in the run directory. */
  name: string;
  intervalMs?: number;
}

/** Starts the sampling loop in the netns; returns once its first sample is on disk. */
export async function startFdbSampler(labRun: LabRun, o: FdbSamplerOptions): Promise<FdbSampler> {
  const file = labRun.path(`${o.name}.jsonl`);
  const opts = { dev: o.dev, macs: o.macs, out: file, interval: (o.intervalMs ?? 50) / 1000 };
  const child: ChildProcessHandle = await spawnChild(labRun, {
    // nice -10: while a daemon starts on a busy 2-core machine a `bridge` dump at nice 0 was seen to take 160 ms,
    // stretching that interval threefold; the loop's own work is a few ms per sample.
    name: o.name, netns: o.netns, logFile: labRun.path(`${o.name}.log`), argv: ['nice', '-n', '-10', SYSTEM_PYTHON, '-c', SCRIPT, JSON.stringify(opts)],
  });
  let exited = false;
  void child.exited.then(() => {
    exited = true;
  });
  const monitor = await spawnChild(labRun, { name: `${o.name}-monitor`, netns: o.netns, logFile: labRun.path(`${o.name}-monitor.log`), argv: ['bridge', 'monitor', 'fdb'] });
  const t0 = Date.now();
  while ((await readSamples(file)).length === 0) {
    if (exited) throw new LabError(`FDB sampler ${o.name} exited before its first sample; see ${child.logFile}`);
    if (Date.now() - t0 > 10_000) throw new LabError(`FDB sampler ${o.name}: expected a first sample in ${file} within 10 s, got none; see ${child.logFile}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    file,
    stop: async () => {
      const died = exited;
      await child.stop();
      await monitor.stop();
      if (died) throw new LabError(`FDB sampler ${o.name} died before it was stopped; see ${child.logFile}`);
      const events = (await readFile(monitor.logFile, 'utf8')).split('\n').filter((l) => l.trim() !== '');
      return { samples: await readSamples(file), events };
    },
  };
}

/** The samples in a sampler's file (a line cut short by the stop is dropped). */
export async function readSamples(file: string): Promise<FdbSample[]> {
  const text = await readFile(file, 'utf8').catch((err: unknown) => {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  });
  return parseSamples(text);
}

/** Parses the sampler's JSON lines; a last line without its newline (cut by the stop) is dropped. */
export function parseSamples(text: string): FdbSample[] {
  const lines = text.split('\n');
  lines.pop(); // '' after the last newline, or a line cut short
  return lines.filter((l) => l !== '').map((l) => {
    const v = JSON.parse(l) as FdbSample;
    if (typeof v.t !== 'number' || (v.err === undefined && !Array.isArray(v.seen))) {
      throw new LabError(`FDB sample: expected {t, seen} or {t, err}, got ${l.slice(0, 160)}`);
    }
    return v;
  });
}

/** Per required entry, the `bridge monitor fdb` lines that deleted it ("Deleted <mac> dev <dev> dst <dst> ..."). */
export function fdbDeletions(events: readonly string[], required: readonly RequiredFdbEntry[], dev: string): Record<string, string[]> {
  return Object.fromEntries(required.map((r) => [r.label, events.filter((l) => {
    const w = l.trim().split(/\s+/);
    return w[0] === 'Deleted' && w[1] === r.mac && w[w.indexOf('dev') + 1] === dev && w.includes('dst') && w[w.indexOf('dst') + 1] === r.dst;
  })]));
}

/** Per required entry: the samples without it and the longest stretch without it; and the interval achieved. */
export function analyseFdbSamples(samples: readonly FdbSample[], required: readonly RequiredFdbEntry[]): FdbWatchReport {
  if (samples.length === 0) throw new LabError('expected FDB samples to analyse, got none');
  const deltas = samples.slice(1).map((s, i) => s.t - (samples[i] as FdbSample).t).sort((a, b) => a - b);
  const entries: Record<string, FdbEntryReport> = {};
  for (const r of required) {
    const key = `${r.mac} ${r.dst}`;
    let missingSamples = 0;
    let longestGapMs = 0;
    let firstMissingAt: number | null = null;
    let gapStart: number | null = null;
    for (const s of samples) {
      if (s.err !== undefined) continue; // counted in errors; proves neither presence nor absence
      const present = (s.seen ?? []).includes(key);
      if (!present) {
        missingSamples++;
        firstMissingAt ??= s.t;
        gapStart ??= s.t;
      } else if (gapStart !== null) {
        longestGapMs = Math.max(longestGapMs, s.t - gapStart);
        gapStart = null;
      }
    }
    if (gapStart !== null) longestGapMs = Math.max(longestGapMs, (samples.at(-1) as FdbSample).t - gapStart);
    entries[r.label] = { missingSamples, longestGapMs: Math.round(longestGapMs), firstMissingAt };
  }
  const median = deltas.length === 0 ? 0 : (deltas[Math.floor((deltas.length - 1) / 2)] as number);
  return {
    samples: samples.length,
    errors: samples.filter((s) => s.err !== undefined).length,
    spanMs: Math.round((samples.at(-1) as FdbSample).t - (samples[0] as FdbSample).t),
    intervalMs: { median: Math.round(median * 10) / 10, max: Math.round((deltas.at(-1) ?? 0) * 10) / 10 },
    maxDumpMs: Math.max(0, ...samples.map((s) => s.ms ?? 0)),
    entries,
  };
}
