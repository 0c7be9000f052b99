// The messages a session layer itself reads and writes: OPEN, KEEPALIVE and NOTIFICATION (RFC 4271 §4),
// and the codec seam of the session layer. In one process the sessions use the whole codec (wire/message.ts);
// the session engine passes UPDATE and ROUTE-REFRESH on undecoded and encodes none, so it bundles only this.
import type { BgpMessage } from './types.js';
import type { CodecContext } from './context.js';
import type { UpdateAction } from './attributes/index.js';
import { frameMessage, HEADER_LENGTH, MSG, wholeMessageType } from './header.js';
import { decodeOpen, encodeOpen } from './messages/open.js';
import { decodeNotification, encodeNotification } from './messages/notification.js';
import { decodeKeepalive } from './messages/keepalive.js';

/** A decoded message and how to treat it; action is 'ok' for anything but a damaged UPDATE. */
export interface DecodeResult {
  message: BgpMessage;
  action: UpdateAction;
  problems: string[];
}

/** How a session layer decodes and encodes whole messages. */
export interface SessionCodec {
  decode(bytes: Uint8Array, ctx: CodecContext): DecodeResult;
  encode(m: BgpMessage, ctx: CodecContext): Uint8Array;
}

const NO_PROBLEMS: string[] = [];

/** OPEN, KEEPALIVE and NOTIFICATION only: what reaches it of another type is a bug of the caller. */
export const SESSION_MESSAGES: SessionCodec = {
  decode(bytes) {
    const type = wholeMessageType(bytes);
    const end = bytes.length;
    if (type === MSG.OPEN) return { message: decodeOpen(bytes, HEADER_LENGTH, end), action: 'ok', problems: NO_PROBLEMS };
    if (type === MSG.NOTIFICATION) return { message: decodeNotification(bytes, HEADER_LENGTH, end), action: 'ok', problems: NO_PROBLEMS };
    if (type === MSG.KEEPALIVE) return { message: decodeKeepalive(), action: 'ok', problems: NO_PROBLEMS };
    throw new Error(`expected an OPEN, KEEPALIVE or NOTIFICATION for the session codec, got message type ${type}`);
  },
  encode(m) {
    if (m.type === 'open') return frameMessage('open', 64, (w) => encodeOpen(w, m));
    if (m.type === 'notification') return frameMessage('notification', 64, (w) => encodeNotification(w, m));
    if (m.type === 'keepalive') return frameMessage('keepalive', 19, () => undefined);
    throw new Error(`expected an OPEN, KEEPALIVE or NOTIFICATION for the session codec, got ${m.type}`);
  },
};
