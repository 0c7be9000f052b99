// The daemon's optional HTTP servers (the rest_vtep API and Prometheus metrics), started and stopped
// together so the composition root stays a list of steps.
import type { CoreApi } from '../api/core-api.js';
import type { ListenAddress } from '../http/listener.js';
import type { Logger } from '../log.js';
import type { DaemonMetrics } from '../metrics/daemon-metrics.js';
import { startMetricsServer } from '../metrics/metrics-server.js';
import { NOOP_SINK } from '../metrics/sink.js';
import { startRestServer } from '../rest/rest-server.js';

/** The daemon options that turn the HTTP servers on. */
export interface HttpServersOptions {
  /** Serve the /vtep API here; with `token`, require it as a Bearer token. */
  rest?: { listen: ListenAddress; token?: string };
  /** Serve GET /metrics here. */
  metricsListen?: ListenAddress;
}

/** The started servers; `close` stops whichever were started. */
export interface HttpServers {
  rest?: ListenAddress;
  metrics?: ListenAddress;
  close(): Promise<void>;
}

/** Starts the servers `opts` asks for; if one fails to bind, the others are stopped before rethrowing. */
export async function startHttpServers(opts: HttpServersOptions, deps: { api: CoreApi; metrics: DaemonMetrics | undefined; log: Logger }): Promise<HttpServers> {
  const closers: (() => Promise<void>)[] = [];
  const close = async () => {
    for (const c of closers.reverse()) await c();
  };
  const out: HttpServers = { close };
  try {
    if (opts.rest) {
      const { listen, token } = opts.rest;
      const rest = await startRestServer({ listen, ...(token !== undefined && { token }), api: deps.api, sink: deps.metrics?.sink ?? NOOP_SINK, log: deps.log });
      closers.push(rest.close);
      out.rest = rest.address;
    }
    if (opts.metricsListen && deps.metrics) {
      const m = await startMetricsServer({ listen: opts.metricsListen, metrics: deps.metrics, api: deps.api, log: deps.log });
      closers.push(m.close);
      out.metrics = m.address;
    }
  } catch (err) {
    await close();
    throw err;
  }
  return out;
}
