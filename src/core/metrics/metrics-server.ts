// The Prometheus endpoint: GET /metrics in the text exposition format, read live at each scrape.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CoreApi } from '../api/core-api.js';
import { HttpListener, urlOf, type ListenAddress } from '../http/listener.js';
import { matchRoute, type Route } from '../http/router.js';
import type { Logger } from '../log.js';
import type { DaemonMetrics } from './daemon-metrics.js';

export interface MetricsServerOptions {
  listen: ListenAddress;
  metrics: DaemonMetrics;
  api: CoreApi;
  log: Logger;
}

/** A running metrics server. */
export interface MetricsServer {
  address: ListenAddress;
  close(): Promise<void>;
}

type Scrape = (res: ServerResponse) => Promise<void>;

/** Starts GET /metrics on `opts.listen`. */
export async function startMetricsServer(opts: MetricsServerOptions): Promise<MetricsServer> {
  const { metrics, api, log } = opts;
  const routes: readonly Route<Scrape>[] = [{
    template: '/metrics',
    methods: {
      GET: async (res) => {
        const text = await metrics.render(api);
        res.writeHead(200, { 'Content-Type': metrics.contentType, 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store' });
        res.end(text);
      },
    },
  }];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    await matchRoute(routes, req.method ?? 'GET', path).handler(res);
  };
  const listener = new HttpListener('metrics', handle, log);
  const address = await listener.listen(opts.listen);
  log.info(`metrics: Prometheus metrics on ${urlOf(address)}/metrics`);
  return { address, close: () => listener.close() };
}
