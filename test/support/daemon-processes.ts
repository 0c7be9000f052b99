// Issue 12's process split as `evpnctl status --json` shows it: `processes: { supervisor, sessionEngine,
// routeEngine }` (sessionEngine null while none runs), `pid` being the supervisor's. The acceptance test and
// the ingest benchmark read the PIDs from there and nowhere else; a daemon without the field fails here,
// with what came instead, rather than being measured as something it is not.
import type { StatusView } from '../../src/core/model/views.js';

/** The daemon's processes. */
export interface DaemonProcesses {
  supervisor: number;
  /** null while no session engine runs (between a crash and its restart). */
  sessionEngine: number | null;
  routeEngine: number;
}

const isPid = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 1;

/** The processes of a status reply; throws saying what was expected and what came when they are absent or malformed. */
export function processesOf(status: StatusView | Record<string, unknown>, where = 'evpnctl status --json'): DaemonProcesses {
  const s = status as Record<string, unknown>;
  const p = s.processes as Record<string, unknown> | undefined;
  if (p === undefined || p === null || typeof p !== 'object') {
    throw new Error(`${where}: expected "processes": {supervisor, sessionEngine, routeEngine} (issue 12: the daemon split into a `
      + `supervisor, a session engine and a route engine), got no "processes" field; the reply has ${Object.keys(s).join(', ')} `
      + `(pid ${String(s.pid)}): this daemon is still the single process`);
  }
  if (!isPid(p.supervisor) || !isPid(p.routeEngine) || !(p.sessionEngine === null || isPid(p.sessionEngine))) {
    throw new Error(`${where}: expected "processes" with PIDs supervisor, routeEngine and sessionEngine (or null), got ${JSON.stringify(p)}`);
  }
  if (s.pid !== p.supervisor) throw new Error(`${where}: expected "pid" to be the supervisor's (${p.supervisor}), got ${String(s.pid)}`);
  return { supervisor: p.supervisor, sessionEngine: p.sessionEngine, routeEngine: p.routeEngine };
}

/** Every PID of the daemon (supervisor, session engine, route engine), without duplicates. */
export function allPids(p: DaemonProcesses): number[] {
  return [...new Set([p.supervisor, ...(p.sessionEngine === null ? [] : [p.sessionEngine]), p.routeEngine])];
}
