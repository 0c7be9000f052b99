// Optional Bearer-token authentication (RFC 6750 §2.1) for the REST API, and the startup checks
// around it: where the token comes from and whether listening without one is risky.
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { isIPv4, isIPv6 } from 'node:net';
import { EvpnError, ValidationError } from '../errors.js';
import { HttpError } from './http-error.js';

/** Hashing both sides first gives equal-length inputs, so the comparison time says nothing about the token. */
const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/** Throws a 401 HttpError unless `req` carries `Authorization: Bearer <token>`. */
export function requireBearer(req: IncomingMessage, token: string): void {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
  const given = m?.[1] ?? '';
  const ok = timingSafeEqual(digest(given), digest(token));
  if (!ok || m === null) {
    const why = m === null ? (header === '' ? 'no Authorization header' : 'an Authorization header that is not a Bearer token') : 'a token that does not match';
    throw new HttpError(401, `unauthorized: expected an "Authorization: Bearer <token>" header with the daemon's REST token, got ${why}`, {
      'WWW-Authenticate': 'Bearer realm="evpnctl"',
    });
  }
}

/**
 * Checks a token file's mode as ssh checks a private key's: anyone who can write it chooses the token, so
 * world-writable is refused; readable or writable by group or others is a warning (returned).
 */
export function tokenFileModeWarning(path: string, mode: number): string | undefined {
  const perms = mode & 0o777;
  const octal = perms.toString(8).padStart(4, '0');
  if (perms & 0o002) {
    throw new ValidationError('--rest-token-file', path, 'a file only its owner can write', `refusing --rest-token-file ${path}: it is world-writable (mode ${octal}), so anyone could choose the token; chmod 600 it`);
  }
  if (perms & 0o077) return `--rest-token-file ${path} is accessible by group or others (mode ${octal}); anyone who reads it can use the REST API: chmod 600 it`;
  return undefined;
}

/** The REST token from `--rest-token` or `--rest-token-file` (first line, trimmed); undefined when neither. */
export function loadRestToken(opts: { token?: string; tokenFile?: string; warn?: (msg: string) => void }): string | undefined {
  if (opts.token !== undefined && opts.tokenFile !== undefined) {
    throw new ValidationError('--rest-token', '***', 'either --rest-token or --rest-token-file, not both', 'give either --rest-token or --rest-token-file, not both');
  }
  let token = opts.token;
  if (opts.tokenFile !== undefined) {
    let mode: number;
    try {
      mode = statSync(opts.tokenFile).mode;
      token = (readFileSync(opts.tokenFile, 'utf8').split('\n')[0] ?? '').trim();
    } catch (err) {
      throw new EvpnError('invalid', `cannot read --rest-token-file ${opts.tokenFile}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
    }
    const warning = tokenFileModeWarning(opts.tokenFile, mode);
    if (warning !== undefined) opts.warn?.(warning);
  }
  if (token === undefined) return undefined;
  if (!/^[\x21-\x7e]{16,}$/.test(token)) {
    throw new ValidationError('REST token', '***', 'at least 16 printable characters without spaces (e.g. `openssl rand -hex 32`)', `invalid REST token: expected at least 16 printable characters without spaces (e.g. \`openssl rand -hex 32\`)${opts.tokenFile !== undefined ? ` in ${opts.tokenFile}` : ''}`);
  }
  return token;
}

/** True for 127.0.0.0/8, ::1, IPv4-mapped loopback and `localhost`: addresses only this host can reach. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  const v4 = host.startsWith('::ffff:') ? host.slice(7) : host;
  if (isIPv4(v4)) return v4.startsWith('127.');
  return isIPv6(host) && /^(0{0,4}:){7}0{0,3}1$/.test(host);
}

/** The startup warning for a REST API that other hosts can reach without a token; undefined when safe. */
export function exposureWarning(host: string, hasToken: boolean): string | undefined {
  if (hasToken || isLoopback(host)) return undefined;
  return `listening on ${host}, which other hosts can reach, without a token: anyone who reaches it can change the EVPN configuration; use --rest-token-file`;
}
