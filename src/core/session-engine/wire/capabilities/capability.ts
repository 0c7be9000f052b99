// What capabilities share: codes (IANA Capability Codes registry) and how a malformed one fails.
// RFC 4271 §6.2: a recognized but malformed optional parameter is OPEN Message Error, subcode 0.
import { NOTIFY } from '../types.js';
import { fail, overrun } from '../errors.js';
import { SUBCODE } from '../notification-text.js';

export const CAP = {
  MULTIPROTOCOL: 1, // RFC 4760 §8
  ROUTE_REFRESH: 2, // RFC 2918
  EXTENDED_NEXT_HOP: 5, // RFC 8950
  EXTENDED_MESSAGE: 6, // RFC 8654
  GRACEFUL_RESTART: 64, // RFC 4724 §3
  FOUR_OCTET_AS: 65, // RFC 6793 §3
  ADD_PATH: 69, // RFC 7911
  ENHANCED_ROUTE_REFRESH: 70, // RFC 7313
  LLGR: 71,
  FQDN: 73,
  CISCO_ROUTE_REFRESH: 128,
} as const;

/** The spec of a malformed capability or optional parameter list. */
export const CAPABILITY_MALFORMED = overrun(NOTIFY.OPEN_MESSAGE, SUBCODE.OPEN_UNSPECIFIC, 'session-reset', 'OPEN capability');

/** Fails unless a capability value has exactly `want` octets. */
export function expectCapLength(name: string, len: number, want: number): void {
  if (len !== want) fail(CAPABILITY_MALFORMED, `${name} capability: expected length ${want}, got ${len}`);
}
