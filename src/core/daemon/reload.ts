// `evpnctl daemon reload`: hands the sessions to the new on-disk binary's engines.
import type { Supervisor } from './supervisor.js';

/** Replaces both engines without dropping a session. */
export function reloadEngines(_s: Supervisor): Promise<string[]> {
  return Promise.reject(new Error('expected a session engine that can hand over its sockets, got one that cannot yet'));
}
