// The message header (RFC 4271 §4.1): Marker(16, all ones) Length(2, 19..4096) Type(1). The header checks of
// §6.1 happen here, once, including each type's minimum length, so the body decoders start from a sane window.
// Apart from the message codecs, so the framer (and the session engine, which decodes no UPDATE) need only this.
import { NOTIFY, type BgpMessage } from './types.js';
import { BgpError } from './errors.js';
import { SUBCODE } from './notification-text.js';
import { be16 } from './bytes.js';
import { Writer } from './writer.js';

export const HEADER_LENGTH = 19;
export const MAX_MESSAGE_LENGTH = 4096;

/** Message type codes. */
export const MSG = { OPEN: 1, UPDATE: 2, NOTIFICATION: 3, KEEPALIVE: 4, ROUTE_REFRESH: 5 } as const;

export const TYPE_CODE: Record<BgpMessage['type'], number> = {
  'open': MSG.OPEN, 'update': MSG.UPDATE, 'notification': MSG.NOTIFICATION, 'keepalive': MSG.KEEPALIVE,
  'route-refresh': MSG.ROUTE_REFRESH,
};

/** RFC 4271 §6.1 minimum total lengths; KEEPALIVE is exactly 19. ROUTE-REFRESH is checked by its codec (RFC 7313 §5). */
const MIN_LENGTH: Record<number, number> = { 1: 29, 2: 23, 3: 21, 4: 19, 5: HEADER_LENGTH };


export const headerError = (subcode: number, detail: string, data: Uint8Array): BgpError =>
  new BgpError(NOTIFY.MESSAGE_HEADER, subcode, 'session-reset', detail, data);

/**
 * Checks the header at off (19 octets must be there) and returns the message's total length and type.
 * Throws Connection Not Synchronized, Bad Message Length (data: the length field) or Bad Message Type (data: the type).
 */
export function decodeHeader(b: Uint8Array, off: number): { length: number; type: number } {
  for (let i = 0; i < 16; i++) {
    if (b[off + i] !== 0xff) throw headerError(SUBCODE.HEADER_NOT_SYNCHRONIZED, 'expected a marker of 16 0xff octets', new Uint8Array(0));
  }
  const length = be16(b, off + 16);
  const type = b[off + 18]!;
  if (length < HEADER_LENGTH || length > MAX_MESSAGE_LENGTH) {
    throw headerError(SUBCODE.HEADER_BAD_LENGTH, `expected a length of 19..4096, got ${length}`, b.slice(off + 16, off + 18));
  }
  const min = MIN_LENGTH[type];
  if (min === undefined) throw headerError(SUBCODE.HEADER_BAD_TYPE, `expected a message type of 1..5, got ${type}`, Uint8Array.of(type));
  if (length < min || (type === MSG.KEEPALIVE && length !== HEADER_LENGTH)) {
    throw headerError(SUBCODE.HEADER_BAD_LENGTH, `message type ${type} needs ${type === MSG.KEEPALIVE ? 'exactly' : 'at least'} ${min} octets, got ${length}`,
      b.slice(off + 16, off + 18));
  }
  return { length, type };
}

/** Checks that `bytes` is exactly one whole message and returns its type. */
export function wholeMessageType(bytes: Uint8Array): number {
  if (bytes.length < HEADER_LENGTH) {
    throw headerError(SUBCODE.HEADER_BAD_LENGTH, `expected at least a 19-octet header, got ${bytes.length} octets`, new Uint8Array(0));
  }
  const { length, type } = decodeHeader(bytes, 0);
  if (length !== bytes.length) {
    throw headerError(SUBCODE.HEADER_BAD_LENGTH, `header says ${length} octets, got ${bytes.length}`, bytes.slice(16, 18));
  }
  return type;
}

/** One message with its header, the body written by `body`; over 4096 octets is a caller bug (pack fewer routes). */
export function frameMessage(type: BgpMessage['type'], sizeHint: number, body: (w: Writer) => void): Uint8Array {
  const w = new Writer(sizeHint);
  for (let i = 0; i < 16; i++) w.u8(0xff);
  const at = w.placeholder(2);
  w.u8(TYPE_CODE[type]);
  body(w);
  if (w.pos > MAX_MESSAGE_LENGTH) throw new RangeError(`a ${type} message of ${w.pos} octets exceeds ${MAX_MESSAGE_LENGTH}`);
  w.patch(at, 2);
  w.set(at, w.pos >>> 8);
  w.set(at + 1, w.pos & 0xff);
  return w.finish();
}
