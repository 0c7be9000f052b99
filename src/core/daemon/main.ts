// Runs the daemon in the foreground until SIGTERM/SIGINT: the body of `evpnctl daemon`.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SslFiles } from '../ovn/exec.js';
import { ValidationError } from '../errors.js';
import { loadRestToken } from '../http/bearer-auth.js';
import type { ListenAddress } from '../http/listener.js';
import { createLogger, logStyleFor, type LogFormat } from '../log.js';
import type { LogLevel } from '../model/validate.js';
import { systemClock } from '../clock.js';
import { BgpService } from '../route-engine/bgp-service.js';
import type { SessionPortFactory } from '../session-engine/session/port.js';
import type { ProcessesView, ReloadView } from '../model/views.js';
import { DaemonRuntime } from './daemon-runtime.js';
import { startDaemon } from './daemon.js';
import { localChassisName } from '../ovn/chassis-identity.js';
import { OvnExec } from '../ovn/exec.js';
import { execaRunner } from '../ovn/process-runner.js';

/** A short-lived exec for the one OVS read at startup (the chassis name). */
const ovsExec = (ovsDb: string | undefined): OvnExec => new OvnExec({ runner: execaRunner, timeoutSec: 5, ...(ovsDb !== undefined && { ovsDb }) });

export interface RunOptions {
  socketPath: string;
  stateDir: string;
  ovsDb?: string;
  ovnNbDb?: string;
  logLevel: LogLevel;
  logFormat?: LogFormat;
  restListen?: ListenAddress;
  restToken?: string;
  restTokenFile?: string;
  metricsListen?: ListenAddress;
  socketRo?: string;
  privateKey?: string;
  certificate?: string;
  caCert?: string;
  chassis?: string;
  haGroup?: string;
}

/** How this process runs in the split daemon (route engine); absent: one process does everything. */
export interface RouteEngineRole {
  readonly sessions: SessionPortFactory;
  readonly processes: ProcessesView;
  readonly reload: () => Promise<ReloadView>;
  /** Resolves when the supervisor asks this route engine to go while the sessions stay (restart, reload). */
  readonly detached: Promise<void>;
  /** The daemon is up: the supervisor may count this route engine as started. */
  ready(): void;
}

interface DaemonIo {
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

/**
 * The PKI files for ssl: remotes (ovs-vsctl(8) "PKI Options"): all three or none, and all three when a
 * database remote is ssl: (without them every tool would fail on each call, far from the cause).
 */
function sslFiles(opts: RunOptions): SslFiles | undefined {
  const given = [opts.privateKey, opts.certificate, opts.caCert].filter((x) => x !== undefined).length;
  const sslRemote = [opts.ovsDb, opts.ovnNbDb].some((db) => db?.split(',').some((r) => r.startsWith('ssl:')) === true);
  if (given === 0 && !sslRemote) return undefined;
  if (given !== 3) {
    throw new ValidationError('--private-key/--certificate/--ca-cert', given, 'all three PKI files',
      `${sslRemote ? 'an ssl: database remote needs' : 'give'} all three of --private-key, --certificate and --ca-cert (got ${given})`);
  }
  for (const [flag, path] of [['--private-key', opts.privateKey], ['--certificate', opts.certificate], ['--ca-cert', opts.caCert]] as const) {
    if (!existsSync(path as string)) throw new ValidationError(flag, path, 'a readable file', `${flag} ${path}: no such file`);
  }
  return { privateKey: resolve(opts.privateKey as string), certificate: resolve(opts.certificate as string), caCert: resolve(opts.caCert as string) };
}

/** Starts the daemon and resolves once a stop signal has been handled. Startup errors reject. */
export async function runDaemon(opts: RunOptions, io: DaemonIo, role?: RouteEngineRole): Promise<void> {
  const log = createLogger(opts.logLevel, (line) => io.stderr(`${line}\n`), logStyleFor(opts.logFormat ?? 'text', io.env));
  const token = loadRestToken({ token: opts.restToken, tokenFile: opts.restTokenFile, warn: (m) => log.warn(m) });
  if (token !== undefined && opts.restListen === undefined) {
    throw new ValidationError('--rest-token', '***', '--rest-listen too', 'a REST token was given without --rest-listen: give --rest-listen ADDR:PORT too, or drop the token');
  }
  const ssl = sslFiles(opts);
  const daemon = await startDaemon({
    socketPath: resolve(opts.socketPath),
    ...(opts.socketRo !== undefined && { socketRoPath: resolve(opts.socketRo) }),
    stateDir: resolve(opts.stateDir),
    ...(opts.ovsDb !== undefined && { ovsDb: opts.ovsDb }),
    ...(opts.ovnNbDb !== undefined && { ovnNbDb: opts.ovnNbDb }),
    ...(opts.restListen !== undefined && { rest: { listen: opts.restListen, ...(token !== undefined && { token }) } }),
    ...(opts.metricsListen !== undefined && { metricsListen: opts.metricsListen }),
    ...(role !== undefined && { lockHeld: true, processes: role.processes, reload: role.reload }),
    log,
    runtime: async (ctx) => {
      // In a group the chassis is needed before the lock is asked for; without one it is looked up when OVN
      // programming first starts, so a daemon with no OVS at all starts as fast as before.
      const chassis = opts.chassis ?? (opts.haGroup === undefined ? undefined : await localChassisName(ovsExec(opts.ovsDb)));
      return new DaemonRuntime({
        ...ctx,
        clock: systemClock,
        ...(opts.ovsDb !== undefined && { ovsDb: opts.ovsDb }),
        ...(opts.ovnNbDb !== undefined && { ovnNbDb: opts.ovnNbDb }),
        ...(ssl !== undefined && { ssl }),
        ...(chassis !== undefined && { chassis }),
        ...(opts.haGroup !== undefined && { haGroup: opts.haGroup }),
        ...(chassis === undefined && {
          resolveChassis: () => localChassisName(ovsExec(opts.ovsDb)).catch((err: unknown) => {
            log.warn(`no chassis name, objects are written without an owner: ${(err as Error).message}`);
            return null;
          }),
        }),
        bgp: (hooks) => new BgpService({ ...hooks, ...(role !== undefined && { sessions: role.sessions }) }),
      });
    },
  });
  await new Promise<void>((done) => {
    // The handler stays registered while we stop: execa's child cleanup (signal-exit) also listens and
    // re-raises the signal, killing us mid-stop, when it finds no other listener left.
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.info(`${signal} received again; still stopping`);
        return;
      }
      stopping = true;
      log.info(`${signal} received, stopping`);
      daemon.stop().then(done, (err: unknown) => {
        log.error(`stopping failed: ${(err as Error).message}`);
        done();
      });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    role?.detached.then(() => stop('SIGTERM'), () => undefined);
    role?.ready();
  });
}
