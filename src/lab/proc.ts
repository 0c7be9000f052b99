// Process identity and termination. A PID alone can be reused by an unrelated process after ours died,
// so every process the lab records is (pid, start time in clock ticks since boot) from /proc/<pid>/stat,
// and we only ever signal a PID whose start time still matches.
import { readFile } from 'node:fs/promises';
import { LabError } from './errors.js';
import { sleep } from './wait.js';

/** A process we started, identified robustly against PID reuse. */
export interface ProcessIdentity {
  /** What it is, for messages ("ovs-vswitchd", "gobgpd"). */
  name: string;
  pid: number;
  /** Field 22 of /proc/<pid>/stat. */
  startTicks: number;
  /** The pidfile it came from, if any. */
  pidfile?: string;
}

/** Parses /proc/<pid>/stat text into (state, start ticks); the command name may contain spaces and ')'. */
export function parseProcStat(text: string): { state: string; startTicks: number } {
  const close = text.lastIndexOf(')');
  const fields = text.slice(close + 2).trim().split(/\s+/);
  // fields[0] is field 3 (state); field 22 (starttime) is fields[19].
  const state = fields[0];
  const start = Number(fields[19]);
  if (close < 0 || state === undefined || !Number.isSafeInteger(start)) {
    throw new LabError(`unexpected /proc/<pid>/stat format: expected "pid (comm) state ... starttime ...", got ${JSON.stringify(text.slice(0, 120))}`);
  }
  return { state, startTicks: start };
}

/** Reads a live process's (state, start ticks), or undefined if there is no such PID. */
export async function statOf(pid: number): Promise<{ state: string; startTicks: number } | undefined> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ESRCH') return undefined;
    throw err;
  }
  return parseProcStat(text);
}

/** Builds the identity of a running PID, or undefined if it is not running (or a zombie). */
export async function identifyIfRunning(name: string, pid: number, pidfile?: string): Promise<ProcessIdentity | undefined> {
  const stat = await statOf(pid);
  if (!stat || stat.state === 'Z') return undefined;
  return { name, pid, startTicks: stat.startTicks, ...(pidfile === undefined ? {} : { pidfile }) };
}

/** Builds the identity of a running PID; throws if it is not running. */
export async function identify(name: string, pid: number, pidfile?: string): Promise<ProcessIdentity> {
  const proc = await identifyIfRunning(name, pid, pidfile);
  if (!proc) throw new LabError(`${name}: expected pid ${pid} to be running, but it is gone`);
  return proc;
}

/** True while the identified process exists, is not a zombie, and is still the same process. */
export async function isAlive(proc: ProcessIdentity): Promise<boolean> {
  const stat = await statOf(proc.pid);
  return stat !== undefined && stat.state !== 'Z' && stat.startTicks === proc.startTicks;
}

/** Reads a pidfile written by a daemon; undefined while it does not exist or is still empty. */
export async function readPidfile(path: string): Promise<number | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const pid = Number(trimmed.split(/\s+/)[0]);
  if (!Number.isSafeInteger(pid) || pid <= 1) throw new LabError(`pidfile ${path}: expected a PID, got ${JSON.stringify(trimmed.slice(0, 40))}`);
  return pid;
}

/** Outcome of stopping one process. */
export type StopOutcome = 'not-running' | 'terminated' | 'killed';

/** Sends SIGTERM, waits up to graceMs, then SIGKILL; only if the identity still matches. */
export async function terminate(proc: ProcessIdentity, graceMs = 3000): Promise<StopOutcome> {
  if (!(await isAlive(proc))) return 'not-running';
  signal(proc, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    await sleep(25);
    if (!(await isAlive(proc))) return 'terminated';
  }
  if (!(await isAlive(proc))) return 'terminated';
  signal(proc, 'SIGKILL');
  for (let i = 0; i < 100; i++) {
    if (!(await isAlive(proc))) return 'killed';
    await sleep(20);
  }
  throw new LabError(`${proc.name} (pid ${proc.pid}) survived SIGKILL for 2 s`);
}

/** Sends one signal (SIGKILL, SIGSTOP, SIGCONT...) to a process only if its identity still matches; false if it is gone. */
export async function sendSignal(proc: ProcessIdentity, sig: NodeJS.Signals): Promise<boolean> {
  if (!(await isAlive(proc))) return false;
  signal(proc, sig);
  return true;
}

/** Waits until the identified process is gone (after a SIGKILL we sent); throws after timeoutMs. */
export async function waitGone(proc: ProcessIdentity, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (await isAlive(proc)) {
    if (Date.now() >= deadline) throw new LabError(`${proc.name} (pid ${proc.pid}) still running ${timeoutMs} ms after it was signalled`);
    await sleep(10);
  }
}

function signal(proc: ProcessIdentity, sig: NodeJS.Signals): void {
  try {
    process.kill(proc.pid, sig);
  } catch (err) {
    // ESRCH: it exited between the check and the signal, which is what we wanted.
    if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
  }
}
