// Exit codes of evpnctl, as documented in the README and `evpnctl --help`. Only bin/ applies them.
import type { ResultCode } from '../core/errors.js';

export const EXIT = { ok: 0, error: 1, usage: 2, unreachable: 3, notFound: 4, exists: 5, unhealthy: 6 } as const;

/** The exit code for a result code. */
export function exitCodeFor(code: ResultCode): number {
  switch (code) {
    case 'ok': return EXIT.ok;
    case 'invalid': return EXIT.usage;
    case 'unreachable': return EXIT.unreachable;
    case 'not_found': return EXIT.notFound;
    case 'exists': return EXIT.exists;
    case 'error':
    case 'protocol':
      return EXIT.error;
  }
}

export const EXIT_CODES_HELP = `Exit codes:
  0  ok
  1  error
  2  usage error or invalid value
  3  daemon not reachable
  4  not found (delete without --if-exists, show of something unknown)
  5  already exists or conflicts (add without --may-exist)
  6  status: BGP or OVN degraded, or a configured neighbor not established`;

/** The one-line form, under every command's --help. */
export const EXIT_CODES_LINE = 'Exit codes: 0 ok, 1 error, 2 usage or invalid value, 3 daemon not reachable, 4 not found, 5 exists or conflicts, 6 unhealthy (status).\n';
