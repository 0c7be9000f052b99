// Runs the daemon in the foreground until SIGTERM/SIGINT: the body of `evpnctl daemon`.
import { resolve } from 'node:path';
import { createLogger } from '../log.js';
import type { LogLevel } from '../model/validate.js';
import { startDaemon } from './daemon.js';

export interface RunOptions {
  socketPath: string;
  stateDir: string;
  ovsDb?: string;
  ovnNbDb?: string;
  logLevel: LogLevel;
}

interface DaemonIo {
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

/** Starts the daemon and resolves once a stop signal has been handled. Startup errors reject. */
export async function runDaemon(opts: RunOptions, io: DaemonIo): Promise<void> {
  const log = createLogger(opts.logLevel, (line) => io.stderr(`${line}\n`), !io.env.JOURNAL_STREAM);
  const daemon = await startDaemon({
    socketPath: resolve(opts.socketPath),
    stateDir: resolve(opts.stateDir),
    ...(opts.ovsDb !== undefined && { ovsDb: opts.ovsDb }),
    ...(opts.ovnNbDb !== undefined && { ovnNbDb: opts.ovnNbDb }),
    log,
  });
  await new Promise<void>((done) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      log.info(`${signal} received, stopping`);
      daemon.stop().then(done, (err: unknown) => {
        log.error(`stopping failed: ${(err as Error).message}`);
        done();
      });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
