// The HTTP server of the rest_vtep-compatible API: authentication, routing, body parsing and error
// replies around the VtepAdapter. Every answer is JSON; nothing a client sends can stop the daemon.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CoreApi } from '../api/core-api.js';
import { parseJsonObject, readBody } from '../http/body.js';
import { exposureWarning, requireBearer } from '../http/bearer-auth.js';
import { sendJson } from '../http/json-response.js';
import { HttpListener, urlOf, type ListenAddress } from '../http/listener.js';
import { matchRoute } from '../http/router.js';
import type { Logger } from '../log.js';
import type { MetricsSink } from '../metrics/sink.js';
import { toRestError } from './rest-errors.js';
import { VtepAdapter } from './vtep-adapter.js';
import { VTEP_ROUTES } from './vtep-routes.js';

export interface RestServerOptions {
  listen: ListenAddress;
  /** When set, every request needs `Authorization: Bearer <token>`. */
  token?: string;
  api: CoreApi;
  sink: MetricsSink;
  log: Logger;
}

/** A running REST server. */
export interface RestServer {
  address: ListenAddress;
  close(): Promise<void>;
}

/** Methods worth a label of their own in the request counter; anything else counts as "other". */
const KNOWN_METHODS = new Set(['GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS']);

/** Starts the /vtep API on `opts.listen`. Warns when it is reachable from other hosts without a token. */
export async function startRestServer(opts: RestServerOptions): Promise<RestServer> {
  const adapter = new VtepAdapter(opts.api);
  const { token, sink, log } = opts;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const method = req.method ?? 'GET';
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    let route = 'unmatched';
    res.once('finish', () => {
      sink.restRequest(KNOWN_METHODS.has(method) ? method : 'other', route, res.statusCode);
      log.debug(`rest: ${method} ${path} -> ${res.statusCode}`);
    });
    try {
      if (token !== undefined) requireBearer(req, token);
      const m = matchRoute(VTEP_ROUTES, method, path);
      route = m.template;
      const result = await m.handler(adapter, m.params, async () => parseJsonObject(await readBody(req)));
      sendJson(res, 200, result);
    } catch (err) {
      throw toRestError(err);
    }
  };

  const listener = new HttpListener('rest', handle, log);
  const address = await listener.listen(opts.listen);
  log.info(`rest: rest_vtep API on ${urlOf(address)}/vtep${token === undefined ? '' : ' (bearer token required)'}`);
  const warning = exposureWarning(address.host, token !== undefined);
  if (warning !== undefined) log.warn(`rest: ${warning}`);
  return { address, close: () => listener.close() };
}
