// The body of `evpnctl daemon` (without --single-process): the state dir lock, then the supervisor.
import { resolve } from 'node:path';
import { createLogger, logStyleFor } from '../log.js';
import type { RunOptions } from './main.js';
import { takeStateDir } from './daemon.js';
import { Supervisor } from './supervisor.js';
import { reloadEngines } from './reload.js';

/** Runs until SIGTERM/SIGINT; resolves with the exit code (an engine's own when it failed to start). */
export async function runSupervised(opts: RunOptions, args: readonly string[], io: { stderr: (s: string) => void; env: NodeJS.ProcessEnv }): Promise<number> {
  const log = createLogger(opts.logLevel, (line) => io.stderr(`${line}\n`), logStyleFor(opts.logFormat ?? 'text', io.env));
  const { lock } = takeStateDir(resolve(opts.stateDir));
  log.debug(`supervisor: pid ${process.pid}, starting the session engine and the route engine`);
  return new Supervisor({ log, args, lock, reload: reloadEngines }).run();
}
