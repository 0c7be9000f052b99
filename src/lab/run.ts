// A lab run: one directory (/tmp/evpnctl-lab-<id>), one manifest, one cleanup registry. Builders
// create netns and start processes through it, so everything they make is recorded and undone.
// teardownRun() works from the manifest alone, so another process (`lab down <id>`) can clean up too.
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { CleanupRegistry, type CleanupReport } from './cleanup.js';
import { LabError } from './errors.js';
import { Manifest, type ManifestData } from './manifest.js';
import { RUN_DIR_PREFIX, isNetnsOfRun, netnsName, newRunId, runDirOf } from './names.js';
import { createNetns, deleteNetns, netnsExists, netnsPids } from './netns.js';
import { identify, identifyIfRunning, isAlive, sendSignal, terminate, waitGone, type ProcessIdentity } from './proc.js';

/** How to create a run. */
export interface LabRunOptions {
  /** Shown by `lab status`. */
  description?: string;
  /** Parent of the run directory (default: the OS temp dir). */
  baseDir?: string;
  /** Keep the run directory (logs, pcaps) when the run is torn down. */
  keepDir?: boolean;
}

/** A live lab run. */
export class LabRun {
  readonly id: string;
  readonly dir: string;
  readonly cleanup: CleanupRegistry;
  readonly manifest: Manifest;

  private constructor(id: string, dir: string, manifest: Manifest) {
    this.id = id;
    this.dir = dir;
    this.manifest = manifest;
    this.cleanup = new CleanupRegistry();
  }

  /** Creates the run directory and manifest; registers the final teardown as the last cleanup step. */
  static async create(options: LabRunOptions = {}): Promise<LabRun> {
    const base = options.baseDir ?? tmpdir();
    for (let attempt = 0; attempt < 5; attempt++) {
      const id = newRunId();
      const dir = runDirOf(id, base);
      try {
        // 0755: FRR drops to user frr and must traverse this directory to reach its own (lab-recipe P5).
        await mkdir(dir, { mode: 0o755 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw err;
      }
      const run = new LabRun(id, dir, Manifest.create(dir, id, options.description ?? ''));
      run.cleanup.add('teardown from manifest', async () => {
        const report = await teardownRun(dir, { removeDir: !options.keepDir });
        if (report.errors.length > 0) throw new LabError(`teardown of run ${id}: ${report.errors.join('; ')}`);
      });
      return run;
    }
    throw new LabError(`could not find a free run id under ${base} in 5 attempts`);
  }

  /** The netns name this run uses for a role. */
  netnsName(role: string): string {
    return netnsName(this.id, role);
  }

  /** A path inside the run directory. */
  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  /** Creates (and records) the netns for a role; it is deleted by the run's teardown. */
  async addNetns(role: string): Promise<string> {
    const name = this.netnsName(role);
    this.manifest.addNetns(name);
    await createNetns(name);
    return name;
  }

  /** Records a started process so that teardown stops it; returns its identity. */
  async track(name: string, pid: number, pidfile?: string): Promise<ProcessIdentity> {
    const proc = await identify(name, pid, pidfile);
    this.manifest.addProcess(proc);
    return proc;
  }

  /** Stops a tracked process (SIGTERM, then SIGKILL) and forgets it. */
  async stopProcess(proc: ProcessIdentity, graceMs?: number): Promise<void> {
    await terminate(proc, graceMs);
    this.manifest.removeProcess(proc);
  }

  /** Kills a tracked process with one signal (SIGKILL by default: a crash, not a clean stop), waits for it to go, forgets it. */
  async killProcess(proc: ProcessIdentity, sig: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (await sendSignal(proc, sig)) await waitGone(proc);
    this.manifest.removeProcess(proc);
  }

  /** Leaves the run up after this process exits, for `lab down <id>` later. */
  keep(): void {
    this.manifest.setKeep(true);
  }

  /** Undoes everything (LIFO); safe to call more than once. */
  down(): Promise<CleanupReport> {
    return this.cleanup.run();
  }
}

/** What teardownRun did. */
export interface TeardownReport {
  stopped: string[];
  deletedNetns: string[];
  errors: string[];
}

/**
 * Tears a run down from its manifest: stops its processes (newest first, only if their identity still
 * matches), then any process left inside its own namespaces, deletes the namespaces, and removes the dir.
 * Idempotent; a missing run directory is not an error.
 */
export async function teardownRun(dir: string, options: { removeDir: boolean }): Promise<TeardownReport> {
  const report: TeardownReport = { stopped: [], deletedNetns: [], errors: [] };
  if (!(await exists(dir))) return report;
  assertRunDir(dir);
  const manifest = Manifest.load(dir);
  const data = manifest.data;
  for (const proc of [...data.processes].reverse()) {
    try {
      const outcome = await terminate(proc);
      if (outcome !== 'not-running') report.stopped.push(`${proc.name}(${proc.pid}) ${outcome}`);
      manifest.removeProcess(proc);
    } catch (err) {
      report.errors.push(`stop ${proc.name} pid ${proc.pid}: ${(err as Error).message}`);
    }
  }
  for (const ns of [...data.netns].reverse()) {
    if (!isNetnsOfRun(ns, data.runId)) {
      report.errors.push(`manifest lists netns ${ns}, which is not named after run ${data.runId}; left alone`);
      continue;
    }
    try {
      // Anything still inside a namespace named after this run was started by this run (e.g. a daemon
      // launched through a topology hook that forked): stop it, or the namespace would outlive its name.
      for (const pid of await netnsPids(ns)) {
        const proc = await identifyIfRunning(`process in ${ns}`, pid);
        if (proc) report.stopped.push(`${proc.name}(${pid}) ${await terminate(proc, 1000)}`);
      }
      await deleteNetns(ns);
      manifest.removeNetns(ns);
      report.deletedNetns.push(ns);
    } catch (err) {
      report.errors.push(`delete netns ${ns}: ${(err as Error).message}`);
    }
  }
  if (report.errors.length === 0) {
    if (options.removeDir) await rm(dir, { recursive: true, force: true });
    else manifest.markDown();
  }
  return report;
}

/** A run found on disk, for `lab status` and `lab down`. */
export interface RunStatus {
  data: ManifestData;
  liveProcesses: ProcessIdentity[];
  liveNetns: string[];
}

/** Lists the runs under base (default: the OS temp dir) with what is still alive of each. */
export async function listRuns(base: string = tmpdir()): Promise<RunStatus[]> {
  const out: RunStatus[] = [];
  for (const entry of await readdir(base)) {
    if (!entry.startsWith(RUN_DIR_PREFIX)) continue;
    const dir = join(base, entry);
    let manifest: Manifest;
    try {
      manifest = Manifest.load(dir);
    } catch (err) {
      if (err instanceof LabError) continue; // a directory being created or removed right now
      throw err;
    }
    const data = manifest.data;
    const liveProcesses: ProcessIdentity[] = [];
    for (const p of data.processes) if (await isAlive(p)) liveProcesses.push(p);
    const liveNetns: string[] = [];
    for (const ns of data.netns) if (await netnsExists(ns)) liveNetns.push(ns);
    out.push({ data, liveProcesses, liveNetns });
  }
  return out.sort((a, b) => a.data.createdAt.localeCompare(b.data.createdAt));
}

function assertRunDir(dir: string): void {
  if (!basename(dir).startsWith(RUN_DIR_PREFIX) || dirname(dir) === dir) {
    throw new LabError(`refusing to tear down ${dir}: expected a directory named ${RUN_DIR_PREFIX}<id>`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** What of a run still exists: netns named after it (from /run/netns) and those of `processes` still alive. */
export async function findLeftovers(runId: string, processes: readonly ProcessIdentity[]): Promise<{ netns: string[]; processes: ProcessIdentity[] }> {
  let names: string[];
  try {
    names = await readdir('/run/netns');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    names = [];
  }
  const alive: ProcessIdentity[] = [];
  for (const p of processes) if (await isAlive(p)) alive.push(p);
  return { netns: names.filter((n) => isNetnsOfRun(n, runId)), processes: alive };
}
