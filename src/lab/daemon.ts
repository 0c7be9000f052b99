// Starting long-running processes for a lab run, two ways:
// - daemons that detach themselves (ovsdb-server --detach, FRR -d) and write a pidfile;
// - processes we keep as children (gobgpd, os-ken, tcpdump, the evpnctl daemon), started in their own
//   session (setsid, lab-recipe P13) so a Ctrl-C in the terminal reaches only us and our cleanup.
// Both are recorded in the manifest and registered with the run's cleanup; stop() is explicit and idempotent.
import { access, rm } from 'node:fs/promises';
import type { Readable, Writable } from 'node:stream';
import { execa } from 'execa';
import { once } from './cleanup.js';
import { LabError } from './errors.js';
import { inNetns, run } from './exec.js';
import { readPidfile, type ProcessIdentity } from './proc.js';
import type { LabRun } from './run.js';
import { waitFor } from './wait.js';

/** A process the run started; stop() terminates it (SIGTERM, then SIGKILL) and is safe to call twice. */
export interface ManagedProcess {
  readonly identity: ProcessIdentity;
  readonly pid: number;
  /** Where its output goes (for error messages and humans). */
  readonly logFile: string;
  stop(): Promise<void>;
}

/** A child process we spawned; `exited` settles when it ends (for any reason). */
export interface ChildProcessHandle extends ManagedProcess {
  readonly exited: Promise<{ exitCode: number | undefined; signal: string | undefined }>;
  /** Present when spawned with pipe: true. */
  readonly stdin: Writable | undefined;
  readonly stdout: Readable | undefined;
}

/** Spec of a self-daemonizing program. */
export interface DaemonSpec {
  name: string;
  argv: readonly string[];
  netns?: string;
  env?: Readonly<Record<string, string>>;
  /** The pidfile the daemon writes (also passed in argv by the caller). */
  pidfile: string;
  /** Its log file (also passed in argv by the caller). */
  logFile: string;
  readyTimeoutMs?: number;
}

/** Runs a daemon that forks into the background, waits for its pidfile, and records it. */
export async function startDaemonized(labRun: LabRun, spec: DaemonSpec): Promise<ManagedProcess> {
  // A stale pidfile (from a previous start of the same daemon) would make us track a dead PID.
  await rm(spec.pidfile, { force: true });
  await run(spec.argv, { netns: spec.netns, env: spec.env, timeoutMs: spec.readyTimeoutMs ?? 20_000 });
  const pid = await waitFor(`${spec.name} to write ${spec.pidfile} (log: ${spec.logFile})`, () => readPidfile(spec.pidfile), {
    timeoutMs: spec.readyTimeoutMs ?? 10_000,
    intervalMs: 20,
  });
  const identity = await labRun.track(spec.name, pid, spec.pidfile);
  return managed(labRun, identity, spec.logFile);
}

/** Spec of a process kept as our child. */
export interface ChildSpec {
  name: string;
  argv: readonly string[];
  netns?: string;
  env?: Readonly<Record<string, string>>;
  /** stdout+stderr go here (stderr only, with pipe: true). */
  logFile: string;
  /** Give the caller stdin/stdout pipes (line protocols such as the os-ken runner). */
  pipe?: boolean;
}

/** Spawns a long-running child in its own session, records it, and returns its handle. */
export async function spawnChild(labRun: LabRun, spec: ChildSpec): Promise<ChildProcessHandle> {
  const full = inNetns(spec.netns, spec.argv);
  if (full.length === 0) throw new LabError(`${spec.name}: expected a command to spawn, got an empty argv`);
  // The log redirection is done by a tiny `sh` that then execs the program in place (same PID): execa's
  // `{file}` targets are pumped through Node, which would break a daemon that outlives us (`up --keep`).
  // The log path and argv are positional parameters, never interpolated into the script.
  const script = spec.pipe ? 'log=$1; shift; exec "$@" 2>>"$log"' : 'log=$1; shift; exec "$@" >>"$log" 2>&1 </dev/null';
  const shArgs = ['-c', script, 'sh', spec.logFile, ...full];
  const common = { env: spec.env, detached: true, reject: false, buffer: false } as const;
  const child = spec.pipe
    ? execa('sh', shArgs, { ...common, stdin: 'pipe', stdout: 'pipe', stderr: 'ignore' })
    : execa('sh', shArgs, { ...common, stdin: 'ignore', stdout: 'ignore', stderr: 'ignore' });
  const exited = child.then((r) => ({ exitCode: r.exitCode, signal: r.signal }));
  const pid = child.pid;
  if (pid === undefined) {
    const r = await child;
    throw new LabError(`${spec.name}: could not start \`${full.join(' ')}\`: ${r.originalMessage ?? r.message}`);
  }
  if (!spec.pipe) child.unref(); // so `lab up --keep` can exit while the daemon lives on
  const identity = await labRun.track(spec.name, pid).catch((err: unknown) => {
    throw new LabError(`${spec.name} exited right after it started; see ${spec.logFile}`, { cause: err });
  });
  // A ref'd timer while we wait for the child's exit event: the child handle is unref'd (above), so with
  // nothing else pending the loop would end before that event came, and a top-level await with it (exit 13).
  const base = managed(labRun, identity, spec.logFile, async () => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise<void>((done) => { timer = setTimeout(done, 2000); })]);
    clearTimeout(timer);
  });
  return { ...base, exited, stdin: child.stdin ?? undefined, stdout: child.stdout ?? undefined };
}

/** Waits for a unix socket or any file to appear (daemons create their control sockets late). */
export async function waitForPath(what: string, path: string, timeoutMs = 10_000): Promise<void> {
  await waitFor(`${what} (${path})`, async () => {
    await access(path);
    return true;
  }, { timeoutMs, intervalMs: 20 });
}

function managed(labRun: LabRun, identity: ProcessIdentity, logFile: string, afterStop?: () => Promise<void>): ManagedProcess {
  const stop = once(async () => {
    await labRun.stopProcess(identity);
    await afterStop?.();
  });
  labRun.cleanup.add(`stop ${identity.name} (pid ${identity.pid})`, stop);
  return { identity, pid: identity.pid, logFile, stop };
}
