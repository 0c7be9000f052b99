// Children of an earlier daemon that outlived it. PR_SET_PDEATHSIG (see the OVN process runner) kills
// them with their daemon, but a child that a kill -9 reached between fork and prctl, or one started by an
// older evpnctl, can still be running, connected to the NB. Every child carries EVPNCTL_DAEMON_OWNER in its
// environment: the owning daemon's pid, that pid's start time (so a reused pid is told apart) and its
// state dir. A new daemon that holds the state dir's lock stops the children marked with its state dir
// whose owner is gone. It never matches by name and never touches a process it cannot prove is ours.
import { readdirSync, readFileSync } from 'node:fs';

/** The environment variable that marks a daemon's children. */
export const OWNER_ENV = 'EVPNCTL_DAEMON_OWNER';

/** Who a child belongs to. */
export interface Owner {
  pid: number;
  /** Start time of `pid` in clock ticks after boot (/proc/PID/stat field 22): with the pid, unique until reboot. */
  startTicks: number;
  stateDir: string;
}

/** A process we found and stopped. */
export interface Leftover {
  pid: number;
  owner: Owner;
  argv: string[];
}

const isGone = (err: unknown): boolean => ['ENOENT', 'ESRCH', 'EACCES', 'EPERM'].includes((err as NodeJS.ErrnoException).code ?? '');

/** Field 22 of /proc/PID/stat, or null when the process is gone. */
export function startTicksOf(pid: number): number | null {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  }
  // The command name (field 2) may hold spaces and parentheses: count fields after its closing ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[19]);
  return Number.isSafeInteger(ticks) ? ticks : null;
}

/** This daemon as the owner of the children it starts. */
export function selfOwner(stateDir: string): Owner {
  const startTicks = startTicksOf(process.pid);
  if (startTicks === null) throw new Error('expected /proc/self/stat to be readable (Linux /proc mounted)');
  return { pid: process.pid, startTicks, stateDir };
}

/** The environment entry that marks children of `owner`. */
export function ownerEnv(owner: Owner): Record<string, string> {
  return { [OWNER_ENV]: `${owner.pid} ${owner.startTicks} ${owner.stateDir}` };
}

/** Parses a mark; null when it is not one. */
export function parseOwner(value: string): Owner | null {
  const m = /^(\d+) (\d+) (\/.*)$/.exec(value);
  if (!m) return null;
  return { pid: Number(m[1]), startTicks: Number(m[2]), stateDir: m[3] ?? '' };
}

/** The owner mark in pid's environment, or null (none, or the process is gone or not readable). */
function ownerOf(pid: number): Owner | null {
  let environ: string;
  try {
    environ = readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch (err) {
    if (isGone(err)) return null;
    throw err;
  }
  const prefix = `${OWNER_ENV}=`;
  const entry = environ.split('\0').find((e) => e.startsWith(prefix));
  return entry === undefined ? null : parseOwner(entry.slice(prefix.length));
}

function argvOf(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter((a) => a !== '');
  } catch (err) {
    if (isGone(err)) return [];
    throw err;
  }
}

/** True while the owner named by a mark runs: its pid is alive with the same start time. */
function ownerAlive(owner: Owner): boolean {
  return startTicksOf(owner.pid) === owner.startTicks;
}

/**
 * Stops (SIGKILL) the processes marked with `self.stateDir` whose owner is not `self` and no longer runs.
 * Call it only while holding the state dir's lock: then no other live daemon can own such a child.
 */
export function stopLeftovers(self: Owner): Leftover[] {
  const stopped: Leftover[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const pid = Number(name);
    if (pid === process.pid) continue;
    const owner = ownerOf(pid);
    if (owner === null || owner.stateDir !== self.stateDir) continue;
    if (owner.pid === self.pid && owner.startTicks === self.startTicks) continue; // our own child
    if (ownerAlive(owner)) continue; // cannot happen under the lock; never kill a live daemon's child
    const argv = argvOf(pid);
    try {
      process.kill(pid, 'SIGKILL');
      stopped.push({ pid, owner, argv });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err; // ended by itself meanwhile
    }
  }
  return stopped;
}
