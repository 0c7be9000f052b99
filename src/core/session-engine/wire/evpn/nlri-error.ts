// How a bad EVPN NLRI fails. The routes sit inside MP_REACH/MP_UNREACH; when one can't be parsed its key
// is unknown, so it can't be withdrawn: RFC 7606 §5.3 then leaves "session reset" (or AFI/SAFI disable,
// which for an EVPN-only session is the same outage). FRR sends Invalid Network Field here too.
import { NOTIFY } from '../types.js';
import { fail, overrun } from '../errors.js';
import { SUBCODE } from '../notification-text.js';

/** The overrun spec of the NLRI field of MP_REACH/MP_UNREACH for L2VPN/EVPN. */
export const EVPN_NLRI = overrun(NOTIFY.UPDATE_MESSAGE, SUBCODE.UPDATE_INVALID_NETWORK_FIELD, 'session-reset', 'EVPN NLRI');

/** Fails an EVPN route of a known type whose length or inner fields don't add up. */
export function badRoute(type: number, detail: string): never {
  return fail(EVPN_NLRI, `route type ${type}: ${detail}`);
}
