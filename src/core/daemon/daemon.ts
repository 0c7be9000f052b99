// The composition root: state store, queue, runtime, core API, the optional HTTP servers and the control
// socket, started in that order and stopped in reverse.
import { mkdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ControlServer } from '../control/server.js';
import { dispatcher } from '../control/dispatch.js';
import type { Logger } from '../log.js';
import { DaemonMetrics } from '../metrics/daemon-metrics.js';
import { NOOP_SINK, type MetricsSink } from '../metrics/sink.js';
import { startHttpServers, type HttpServers, type HttpServersOptions } from './http-servers.js';
import { DaemonApi } from './daemon-api.js';
import { SerialQueue } from './queue.js';
import { PidLock } from './pid-lock.js';
import { IdleRuntime, type Runtime } from './runtime.js';
import { StateStore } from './state-store.js';

export interface DaemonOptions extends HttpServersOptions {
  socketPath: string;
  stateDir: string;
  ovsDb?: string;
  ovnNbDb?: string;
  log: Logger;
  /** Builds the runtime; defaults to one with no BGP and no OVN. */
  runtime?: (ctx: { queue: SerialQueue; log: Logger; metrics: MetricsSink }) => Runtime | Promise<Runtime>;
}

export interface RunningDaemon {
  api: DaemonApi;
  stop(): Promise<void>;
}

/** Starts the daemon; throws (before binding anything) if the state file or the socket can't be used. */
export async function startDaemon(opts: DaemonOptions): Promise<RunningDaemon> {
  const { log } = opts;
  mkdirSync(opts.stateDir, { recursive: true, mode: 0o750 });
  const store = StateStore.open(opts.stateDir);
  const lock = PidLock.acquire(opts.stateDir);
  const queue = new SerialQueue();
  // Metrics exist only when scraped; otherwise events go nowhere at no cost.
  const metrics = opts.metricsListen ? new DaemonMetrics() : undefined;
  const sink = metrics?.sink ?? NOOP_SINK;
  let runtime: Runtime;
  try {
    runtime = opts.runtime ? await opts.runtime({ queue, log, metrics: sink }) : new IdleRuntime();
  } catch (err) {
    lock.release();
    throw err;
  }
  const now = () => performance.now() / 1000;
  const api = new DaemonApi({ store, queue, runtime, now, socketPath: opts.socketPath, stateDir: opts.stateDir });
  const server = new ControlServer({
    path: opts.socketPath,
    handler: dispatcher(api),
    onRequest: (type, code) => {
      (code === 'ok' ? log.debug : log.info)(`control: ${type} -> ${code}`);
      sink.controlRequest(type, code);
    },
  });
  let http: HttpServers | undefined;
  try {
    // HTTP first: once the control socket answers, the REST and metrics ports answer too.
    http = await startHttpServers(opts, { api, metrics, log });
    await server.listen();
    await queue.run(() => runtime.apply(api.desired));
  } catch (err) {
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
      await server.close();
      await http?.close();
      await queue.idle();
      await runtime.close();
      lock.release();
      log.info('stopped');
    },
  };
}
