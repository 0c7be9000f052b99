// The one error class of the wire codec. It carries what the session must send (NOTIFICATION code,
// subcode, data) and how bad it is (the RFC 7606 §2 handling level), as GoBGP's MessageError does.
import { EvpnError } from '../../errors.js';
import type { ErrorAction } from './types.js';
import { notificationText } from './notification-text.js';

/** A decode (or encode) failure that maps to a NOTIFICATION and an RFC 7606 action. */
export class BgpError extends EvpnError {
  readonly notifyCode: number;
  readonly notifySubcode: number;
  readonly data: Uint8Array;
  readonly action: ErrorAction;
  /** The message without the code text, for re-wrapping. */
  readonly detail: string;
  constructor(notifyCode: number, notifySubcode: number, action: ErrorAction, detail: string, data?: Uint8Array) {
    super('protocol', `${notificationText(notifyCode, notifySubcode)}: ${detail}`);
    this.detail = detail;
    this.notifyCode = notifyCode;
    this.notifySubcode = notifySubcode;
    this.action = action;
    this.data = data ?? EMPTY;
  }

  /** The same error with NOTIFICATION data attached (e.g. the offending attribute, RFC 4271 §6.3). */
  withData(data: Uint8Array): BgpError {
    return new BgpError(this.notifyCode, this.notifySubcode, this.action, this.detail, data);
  }
}

const EMPTY = new Uint8Array(0);

/** What a bounded reader throws when a field runs past its window: the code, subcode and action of that window. */
export interface OverrunSpec {
  code: number;
  subcode: number;
  action: ErrorAction;
  /** What the window holds, for the message ("OPEN optional parameters", "ORIGIN attribute"). */
  what: string;
}

/** Builds an OverrunSpec; a function so that specs read like sentences at their call sites. */
export const overrun = (code: number, subcode: number, action: ErrorAction, what: string): OverrunSpec => ({
  code, subcode, action, what,
});

/** Throws a BgpError for a spec with a detail message. Typed `never` so callers can `return fail(...)`. */
export function fail(spec: OverrunSpec, detail: string, data?: Uint8Array): never {
  throw new BgpError(spec.code, spec.subcode, spec.action, `${spec.what}: ${detail}`, data);
}
