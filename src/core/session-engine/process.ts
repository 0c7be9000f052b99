// The session engine as a process of `evpnctl daemon`: its logger (the daemon's format, on the shared
// stderr), the engine, and the IPC channel let go at the end so the process can exit.
import { resolve } from 'node:path';
import { createLogger, logStyleFor, type LogFormat } from '../log.js';
import type { LogLevel } from '../model/validate.js';
import { runSessionEngine } from './main.js';

/** Runs the session engine of the daemon whose state dir is `o.stateDir`. */
export async function runSessionEngineProcess(o: { stateDir: string; logLevel: LogLevel; logFormat?: LogFormat }, io: { stderr: (s: string) => void; env: NodeJS.ProcessEnv }): Promise<void> {
  const log = createLogger(o.logLevel, (line) => io.stderr(`${line}\n`), logStyleFor(o.logFormat ?? 'text', io.env));
  await runSessionEngine(resolve(o.stateDir), log);
  process.removeAllListeners('disconnect');
  process.disconnect?.();
}
