// The read-only control socket (`evpnctl daemon --socket-ro PATH`), like bgpctl's restricted socket
// (bgpd.conf `socket "..." restricted`): it serves what shows and lists, so monitoring can run without
// the rights to change anything, and refuses every change with a clear error.
import { ValidationError } from '../errors.js';
import type { RequestType } from './protocol.js';
import type { RequestHandler } from './server.js';

/** The requests that only read: status, show, list, config show, and wait (which changes nothing). */
const READ_ONLY: ReadonlySet<RequestType> = new Set<RequestType>([
  'status', 'speaker.show', 'neighbor.list', 'neighbor.show', 'network.list', 'network.show', 'client.list', 'route.list',
  'mac.list', 'config.show', 'wait', 'monitor',
]);

/** True when `type` may be served on the read-only socket. */
export const isReadOnly = (type: RequestType): boolean => READ_ONLY.has(type);

/** Serves read requests with `handler` and refuses the rest (exit 2 in the CLI), naming the socket. */
export function readOnly(handler: RequestHandler, path: string): RequestHandler {
  return (req) => {
    if (isReadOnly(req.type)) return handler(req);
    return Promise.reject(new ValidationError('request', req.type, 'a show, list or status request',
      `${req.type} changes the daemon, and ${path} is the read-only socket (show, list and status only); use the daemon's read-write --socket`));
  };
}
