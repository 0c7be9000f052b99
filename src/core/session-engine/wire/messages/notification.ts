// NOTIFICATION (RFC 4271 §4.5): Error Code(1) Error Subcode(1) Data. The session closes after it.
import { NOTIFY, type NotificationMessage } from '../types.js';
import { fail, overrun } from '../errors.js';
import { SUBCODE } from '../notification-text.js';
import type { Writer } from '../writer.js';

const NOTIFICATION_SHORT = overrun(NOTIFY.MESSAGE_HEADER, SUBCODE.HEADER_BAD_LENGTH, 'session-reset', 'NOTIFICATION message');

/** Decodes a NOTIFICATION body [off, end). */
export function decodeNotification(b: Uint8Array, off: number, end: number): NotificationMessage {
  if (end - off < 2) fail(NOTIFICATION_SHORT, `expected at least 2 octets, got ${end - off}`);
  return { type: 'notification', code: b[off]!, subcode: b[off + 1]!, data: b.slice(off + 2, end) };
}

/** Writes a NOTIFICATION body. */
export function encodeNotification(w: Writer, m: NotificationMessage): void {
  w.u8(m.code).u8(m.subcode).bytes(m.data);
}

/** A NOTIFICATION message from code, subcode and optional data. */
export const notification = (code: number, subcode: number, data: Uint8Array = new Uint8Array(0)): NotificationMessage => ({
  type: 'notification', code, subcode, data,
});
