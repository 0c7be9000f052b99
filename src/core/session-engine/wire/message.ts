// The factory from type code to message codec (the header and its RFC 4271 §6.1 checks are header.ts).
import type { BgpMessage } from './types.js';
import type { CodecContext } from './context.js';
import { frameMessage, HEADER_LENGTH, MSG, wholeMessageType } from './header.js';
import type { DecodeResult, SessionCodec } from './session-codec.js';
import { decodeOpen, encodeOpen } from './messages/open.js';
import { decodeUpdate, encodeUpdate } from './messages/update.js';
import { decodeNotification, encodeNotification } from './messages/notification.js';
import { decodeKeepalive } from './messages/keepalive.js';
import { decodeRouteRefresh, encodeRouteRefresh } from './messages/route-refresh.js';

export { decodeHeader, HEADER_LENGTH, MAX_MESSAGE_LENGTH, MSG } from './header.js';
export type { DecodeResult } from './session-codec.js';


const NO_PROBLEMS: readonly string[] = Object.freeze([]);

/** Decodes exactly one whole message (header included). */
export function decodeMessage(bytes: Uint8Array, ctx: CodecContext): DecodeResult {
  const type = wholeMessageType(bytes);
  const off = HEADER_LENGTH;
  const end = bytes.length;
  switch (type) {
    case MSG.OPEN: return ok(decodeOpen(bytes, off, end));
    case MSG.UPDATE: {
      const { update, action, problems } = decodeUpdate(bytes, off, end, ctx);
      return { message: update, action, problems };
    }
    case MSG.NOTIFICATION: return ok(decodeNotification(bytes, off, end));
    case MSG.KEEPALIVE: return ok(decodeKeepalive());
    default: return ok(decodeRouteRefresh(bytes, off, end, bytes));
  }
}

const ok = (message: BgpMessage): DecodeResult => ({ message, action: 'ok', problems: NO_PROBLEMS as string[] });

/** Encodes one message with its header; a message over 4096 octets is a caller bug (pack fewer routes). */
export function encodeMessage(msg: BgpMessage, ctx: CodecContext): Uint8Array {
  return frameMessage(msg.type, msg.type === 'update' ? 1024 : 64, (w) => {
    switch (msg.type) {
      case 'open': return encodeOpen(w, msg);
      case 'update': return encodeUpdate(w, msg, ctx);
      case 'notification': return encodeNotification(w, msg);
      case 'keepalive': return;
      case 'route-refresh': return encodeRouteRefresh(w, msg);
    }
  });
}

/** The whole codec, for sessions that decode what they receive (one process). */
export const BGP_MESSAGES: SessionCodec = { decode: decodeMessage, encode: encodeMessage };
