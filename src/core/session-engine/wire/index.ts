// The BGP wire codec for evpnctl: bytes <-> the shapes in types.ts (RFC 4271, 4760, 6793, 7432, 8365,
// 9012, 6514, 9136, 4360, 5668, 4456, 2918/7313, 4724, 7606). Pure functions, no sockets.
//
// How the session layer drives it:
//
//   const framer = new MessageFramer();                  // one per TCP connection
//   socket.on('data', (chunk) => {
//     for (const bytes of framer.push(chunk)) {          // throws BgpError on a bad header (RFC 4271 §6.1)
//       const { message, action, problems } = decodeMessage(bytes, ctx);
//       // message: OpenMessage | UpdateMessage | NotificationMessage | KeepaliveMessage | RouteRefreshMessage
//       // action (UPDATE only, RFC 7606): 'ok' | 'attribute-discard' (the bad attribute was dropped, use the rest)
//       //   | 'treat-as-withdraw' (withdraw every route in message.attributes.mpReach.evpn and mpUnreach.evpn)
//     }
//   });
//   socket.write(encodeMessage(msg, ctx));
//
// ctx = { fourOctetAs } from the negotiated capabilities (OPEN_CONTEXT before the OPEN exchange).
// Every decode failure is a BgpError: send notification(err.notifyCode, err.notifySubcode, err.data) and,
// when err.action is 'session-reset' (or 'afi-safi-disable'), close the session. Nothing else is thrown
// for malformed input. isEndOfRib(update) spots RFC 4724 markers; endOfRib() builds ours.
// Encoding a bad value is a caller bug: ValidationError for malformed text (IP, MAC, prefix), RangeError when
// something does not fit (a message over 4096 octets: pack fewer routes; evpnRouteLength() helps).
// Decoders check a route's or attribute's length once and then index directly (OpenBGPD style); Reader is
// the bounded cursor for variable layouts.
// Text helpers (formatRd/parseRd, formatRt/parseRt, parseEsi, notificationText) serve the CLI and views.

export * from './types.js';
export { BgpError } from './errors.js';
export { type CodecContext, OPEN_CONTEXT } from './context.js';
export { notificationText, SUBCODE } from './notification-text.js';
export { Reader } from './reader.js';
export { Writer } from './writer.js';
export { decodeMessage, encodeMessage, decodeHeader, HEADER_LENGTH, MAX_MESSAGE_LENGTH, MSG, type DecodeResult } from './message.js';
export { MessageFramer, wholeMessageLength } from './framer.js';
export { endOfRib, endOfRibFamily, isEndOfRib } from './end-of-rib.js';
export { decodeUpdate, encodeUpdate, type DecodedUpdate } from './messages/update.js';
export { decodeOpen, encodeOpen } from './messages/open.js';
export { notification } from './messages/notification.js';
export { KEEPALIVE } from './messages/keepalive.js';
export { ROUTE_REFRESH_BORR, ROUTE_REFRESH_EORR, ROUTE_REFRESH_NORMAL } from './messages/route-refresh.js';
export { decodePathAttributes, encodePathAttributes, type UpdateAction, type DecodedAttributes } from './attributes/index.js';
export { ATTR } from './attributes/attribute.js';
export { AS_TRANS, decodeAs4Path, reconcileAs4Path, pathLength } from './attributes/as-path.js';
export { CAP } from './capabilities/capability.js';
export { GR_FORWARDING_STATE, GR_RESTART_STATE } from './capabilities/graceful-restart.js';
export { decodeEvpnRoutes, encodeEvpnRoute, evpnRouteLength, isKnownRoute } from './evpn/index.js';
export { decodeRd, encodeRd, formatRd, parseRd } from './rd.js';
export { autoRouteTarget, formatRt, parseRt } from './route-target.js';
export { ESI_ZERO, parseEsi, formatEsi } from './esi.js';
export { formatIpv4, formatIpv6, formatMac, fromHex, toHex } from './text/addr.js';
