// The composition root: state store, queue, runtime, core API, the optional HTTP servers and the control
// socket, started in that order and stopped in reverse.
import { realpathSync } from 'node:fs';
import { makeDir } from '../make-dir.js';
import { performance } from 'node:perf_hooks';
import { ControlServer } from '../control/server.js';
import { readOnly } from '../control/read-only.js';
import { dispatcher } from '../control/dispatch.js';
import type { Logger } from '../log.js';
import { DaemonMetrics } from '../metrics/daemon-metrics.js';
import { NOOP_SINK, type MetricsSink } from '../metrics/sink.js';
import { startHttpServers, type HttpServers, type HttpServersOptions } from './http-servers.js';
import { DaemonApi } from './daemon-api.js';
import { SerialQueue } from '../queue.js';
import { lockStateDir } from './state-dir-lock.js';
import type { FileLock } from '../file-lock.js';
import { ownerEnv, selfOwner, stopLeftovers } from './leftovers.js';
import { stateDirError } from './state-dir-error.js';
import { IdleRuntime, type Runtime } from './runtime.js';
import { StateStore } from './state-store.js';
import type { ProcessesView, ReloadView } from '../model/views.js';

export interface DaemonOptions extends HttpServersOptions {
  socketPath: string;
  /** A second control socket, mode 0666, that serves only show/list/status requests (bgpctl's restricted socket). */
  socketRoPath?: string;
  stateDir: string;
  ovsDb?: string;
  ovnNbDb?: string;
  log: Logger;
  /** The supervisor holds the state dir lock (split daemon): this route engine runs under it. */
  lockHeld?: boolean;
  /** The daemon's processes and the supervisor's reload, for status and `daemon reload` (split daemon). */
  processes?: ProcessesView;
  reload?: () => Promise<ReloadView>;
  /** Builds the runtime; defaults to one with no BGP and no OVN. */
  runtime?: (ctx: RuntimeContext) => Runtime | Promise<Runtime>;
}

/** What the runtime is built with. */
export interface RuntimeContext {
  queue: SerialQueue;
  log: Logger;
  metrics: MetricsSink;
  /** Goes into every child's environment: marks it as this daemon's (see leftovers.ts). */
  childEnv: Record<string, string>;
}

export interface RunningDaemon {
  api: DaemonApi;
  stop(): Promise<void>;
}

/** Starts the daemon; throws (before binding anything) if the state file or the socket can't be used. */
export async function startDaemon(opts: DaemonOptions): Promise<RunningDaemon> {
  const { log } = opts;
  const stateDir = prepareStateDir(opts.stateDir);
  const lock = opts.lockHeld === true ? { release: () => undefined } : withStateDir(stateDir, () => lockStateDir(stateDir));
  let store: StateStore;
  try {
    store = StateStore.open(stateDir);
  } catch (err) {
    lock.release();
    throw err;
  }
  // Under the lock no other daemon runs on this state dir, so marked children whose owner is gone are leftovers.
  const self = selfOwner(stateDir);
  for (const l of stopLeftovers(self)) {
    log.warn(`stopped pid ${l.pid} (${l.argv.slice(0, 4).join(' ')}…), a leftover child of an earlier daemon (pid ${l.owner.pid}) on this state dir`);
  }
  const queue = new SerialQueue();
  // Metrics exist only when scraped; otherwise events go nowhere at no cost.
  const metrics = opts.metricsListen ? new DaemonMetrics() : undefined;
  const sink = metrics?.sink ?? NOOP_SINK;
  let runtime: Runtime;
  try {
    runtime = opts.runtime ? await opts.runtime({ queue, log, metrics: sink, childEnv: ownerEnv(self) }) : new IdleRuntime();
  } catch (err) {
    lock.release();
    throw err;
  }
  const now = () => performance.now() / 1000;
  const api = new DaemonApi({
    store, queue, runtime, now, socketPath: opts.socketPath, stateDir,
    ...(opts.processes !== undefined && { processes: opts.processes }), ...(opts.reload !== undefined && { reload: opts.reload }),
  });
  const server = new ControlServer({
    path: opts.socketPath,
    handler: dispatcher(api),
    log,
    onRequest: (type, code) => {
      (code === 'ok' ? log.debug : log.info)(`control: ${type} -> ${code}`);
      sink.controlRequest(type, code);
    },
  });
  const roServer = opts.socketRoPath === undefined ? undefined : new ControlServer({
    path: opts.socketRoPath,
    handler: readOnly(dispatcher(api), opts.socketRoPath),
    log,
    mode: 0o666, // anyone may read; nothing can be changed through it
    onRequest: (type, code) => {
      (code === 'ok' ? log.debug : log.info)(`control (read-only): ${type} -> ${code}`);
      sink.controlRequest(type, code);
    },
  });
  let http: HttpServers | undefined;
  try {
    // HTTP first: once the control socket answers, the REST and metrics ports answer too.
    http = await startHttpServers(opts, { api, metrics, log });
    await server.listen();
    await roServer?.listen();
    await queue.run(() => runtime.apply(api.desired));
  } catch (err) {
    await roServer?.close();
    await server.close();
    await http?.close();
    await runtime.close();
    lock.release();
    throw err;
  }
  const s = api.desired;
  log.info(`listening on ${opts.socketPath}; state ${store.path}: ${s.speaker ? `speaker AS ${s.speaker.asn}` : 'no speaker'}, ${s.neighbors.length} neighbor(s), ${s.networks.length} network(s), ${s.clients.length} client(s)`);
  return {
    api,
    async stop() {
      await roServer?.close();
      await server.close();
      await http?.close();
      await queue.idle();
      await runtime.close();
      lock.release();
      log.info('stopped');
    },
  };
}

/** Prepares the state dir and takes its lock (the supervisor does, for its engines). */
export function takeStateDir(dir: string): { stateDir: string; lock: FileLock } {
  const stateDir = prepareStateDir(dir);
  return { stateDir, lock: withStateDir(stateDir, () => lockStateDir(stateDir)) };
}

/**
 * Creates the state dir 0750 whatever the umask (only the dirs we create; an existing one keeps its mode)
 * and returns its real path, the one that marks our children. Failures become one clear line.
 */
function prepareStateDir(dir: string): string {
  return withStateDir(dir, () => {
    makeDir(dir, 0o750);
    return realpathSync(dir);
  });
}

/** Runs `f`, turning file system errors on the state dir into a StateDirError that says what to do. */
function withStateDir<T>(dir: string, f: () => T): T {
  try {
    return f();
  } catch (err) {
    throw stateDirError(dir, err);
  }
}
