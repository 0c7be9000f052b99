// The error classes of evpnctl, one per boundary. Each carries a ResultCode that the control
// protocol sends on the wire and that bin/ maps to an exit code.

/** Result codes of the core API and the control protocol. */
export type ResultCode =
  | 'ok'
  | 'error' // anything unexpected
  | 'invalid' // a value or request failed validation
  | 'not_found'
  | 'exists' // already exists, or conflicts with what exists
  | 'unreachable' // the daemon (or a database it needs) cannot be reached
  | 'protocol'; // the control protocol itself was violated (version, framing, size)

/** Base class: every error evpnctl raises on purpose. */
export class EvpnError extends Error {
  readonly code: ResultCode;
  constructor(code: ResultCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.code = code;
  }
}

/** A value that failed validation: names the field, the value and what was expected. */
export class ValidationError extends EvpnError {
  readonly field: string;
  readonly value: unknown;
  readonly expected: string;
  constructor(field: string, value: unknown, expected: string, message?: string) {
    super('invalid', message ?? `invalid ${field} ${JSON.stringify(value)}: expected ${expected}`);
    this.field = field;
    this.value = value;
    this.expected = expected;
  }

  /** A required field that was not given. */
  static missing(field: string, expected: string): ValidationError {
    return new ValidationError(field, undefined, expected, `missing ${field}: expected ${expected}`);
  }
}

/** The thing named does not exist (exit 4). */
export class NotFoundError extends EvpnError {
  constructor(message: string) {
    super('not_found', message);
  }
}

/** The thing already exists, or conflicts with what exists (exit 5). */
export class ConflictError extends EvpnError {
  constructor(message: string) {
    super('exists', message);
  }
}

/** A violation of the control protocol by the peer on the socket. */
export class ProtocolError extends EvpnError {
  constructor(message: string) {
    super('protocol', message);
  }
}

/** The daemon's socket could not be reached (exit 3). */
export class UnreachableError extends EvpnError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('unreachable', message, options);
  }
}

/** The daemon's own storage failed (a full or read-only disk): an operator's problem, not a bug; nothing changed. */
export class StorageError extends EvpnError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('error', message, options);
  }
}

/** Turns anything thrown into an EvpnError, keeping the original as `cause`. */
export function toEvpnError(err: unknown): EvpnError {
  if (err instanceof EvpnError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new EvpnError('error', message, { cause: err });
}
