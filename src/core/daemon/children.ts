// Forking the daemon's engines: the same CLI (so a reload runs whatever is on disk now) with a hidden
// role flag, stdin closed, stdout/stderr shared with the supervisor (same log format), and an IPC
// channel for readiness, handles and `daemon reload`.
import { fork, type ChildProcess } from 'node:child_process';

/** What a child runs as. */
export type ChildRole = 'session-engine' | 'route-engine';

/** The hidden flag that makes `evpnctl daemon` one of the engines. */
export const ROLE_FLAG = '--internal-role';

/** Forks the CLI at process.argv[1] as `role`. */
export function forkChild(role: ChildRole, args: readonly string[], env: Record<string, string>): ChildProcess {
  const script = process.argv[1];
  if (script === undefined) throw new Error('expected the evpnctl script in process.argv[1], got none');
  const child = fork(script, [...args, ROLE_FLAG, role], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
    execArgv: process.execArgv,
  });
  child.on('error', () => undefined); // a failed send to a dead child; its exit is what counts
  return child;
}

/** Resolves when the child has exited; SIGKILL after `graceMs`. */
export function waitExit(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
  });
}
