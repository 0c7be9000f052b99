// The error class of the HTTP boundary: a status, a message for the JSON body and extra headers
// (Allow for 405, WWW-Authenticate for 401). Raised by the HTTP plumbing, turned into a reply by the servers.
import { EvpnError, type ResultCode } from '../errors.js';

/** The result code closest to an HTTP status, so HTTP errors fit the rest of evpnctl's errors. */
function codeOf(status: number): ResultCode {
  if (status === 400) return 'invalid';
  if (status === 404) return 'not_found';
  if (status === 409) return 'exists';
  if (status >= 500) return 'error';
  return 'protocol';
}

/** A request the HTTP layer refuses before any handler runs. */
export class HttpError extends EvpnError {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  constructor(status: number, message: string, headers: Record<string, string> = {}) {
    super(codeOf(status), message);
    this.status = status;
    this.headers = headers;
  }
}
