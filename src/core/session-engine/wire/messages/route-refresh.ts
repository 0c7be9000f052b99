// ROUTE-REFRESH (RFC 2918 §3, RFC 7313 §3.2): AFI(2) Message Subtype(1) SAFI(1). Subtypes other than
// 0 (normal), 1 (BoRR) and 2 (EoRR) MUST be ignored by the receiver (RFC 7313 §5), so they decode fine.
import { NOTIFY, type RouteRefreshMessage } from '../types.js';
import { BgpError } from '../errors.js';
import { SUBCODE } from '../notification-text.js';
import { be16 } from '../bytes.js';
import type { Writer } from '../writer.js';

export const ROUTE_REFRESH_NORMAL = 0;
export const ROUTE_REFRESH_BORR = 1;
export const ROUTE_REFRESH_EORR = 2;

/** Decodes a ROUTE-REFRESH body [off, end); `whole` is the message, the data of a length error. */
export function decodeRouteRefresh(b: Uint8Array, off: number, end: number, whole: Uint8Array): RouteRefreshMessage {
  if (end - off !== 4) {
    // RFC 7313 §5: a ROUTE-REFRESH whose length is not 23 is ROUTE-REFRESH Message Error / Invalid Message Length.
    throw new BgpError(NOTIFY.ROUTE_REFRESH, SUBCODE.ROUTE_REFRESH_INVALID_LENGTH, 'session-reset',
      `expected a 23-octet message, got ${end - off + 19}`, whole);
  }
  return { type: 'route-refresh', afi: be16(b, off), subtype: b[off + 2]!, safi: b[off + 3]! };
}

/** Writes a ROUTE-REFRESH body. */
export function encodeRouteRefresh(w: Writer, m: RouteRefreshMessage): void {
  w.u16(m.afi).u8(m.subtype).u8(m.safi);
}
