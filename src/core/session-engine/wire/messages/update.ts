// UPDATE (RFC 4271 §4.3): Withdrawn Routes Length(2) Withdrawn Routes, Total Path Attribute Length(2)
// Path Attributes, NLRI. EVPN lives entirely in MP_REACH/MP_UNREACH; the IPv4 fields are kept raw but
// still checked, because RFC 7606 §5.3 makes an unparseable NLRI field a reset.
import { NOTIFY, type UpdateMessage } from '../types.js';
import { fail, overrun } from '../errors.js';
import { SUBCODE } from '../notification-text.js';
import { be16 } from '../bytes.js';
import type { CodecContext } from '../context.js';
import type { Writer } from '../writer.js';
import { decodePathAttributes, encodePathAttributes, type UpdateAction } from '../attributes/index.js';

/** An UPDATE and how to treat it (RFC 7606 §2). For treat-as-withdraw, every route in it is a withdrawal. */
export interface DecodedUpdate {
  update: UpdateMessage;
  action: UpdateAction;
  problems: string[];
}

const LENGTHS = overrun(NOTIFY.UPDATE_MESSAGE, SUBCODE.UPDATE_MALFORMED_ATTRIBUTE_LIST, 'session-reset', 'UPDATE message');
const PREFIXES = overrun(NOTIFY.UPDATE_MESSAGE, SUBCODE.UPDATE_INVALID_NETWORK_FIELD, 'session-reset', 'IPv4 prefixes');

/** Checks a field of IPv4 prefixes, Length(1) Prefix(ceil(len/8)) each (RFC 4271 §4.3). */
function checkPrefixes(b: Uint8Array, off: number, end: number, field: string): void {
  while (off < end) {
    const bits = b[off]!;
    if (bits > 32) fail(PREFIXES, `${field}: prefix length ${bits} is over 32`);
    off += 1 + ((bits + 7) >> 3);
    if (off > end) fail(PREFIXES, `${field}: a /${bits} prefix runs past the field`);
  }
}

/** Decodes an UPDATE body [off, end). Throws BgpError only for session-level errors. */
export function decodeUpdate(b: Uint8Array, off: number, end: number, ctx: CodecContext): DecodedUpdate {
  if (end - off < 4) fail(LENGTHS, `expected at least 4 octets, got ${end - off}`);
  const wLen = be16(b, off);
  const wOff = off + 2;
  // RFC 4271 §6.3: Withdrawn Routes Length + Total Attribute Length + 23 over the message length: Malformed Attribute List.
  if (wOff + wLen + 2 > end) fail(LENGTHS, `withdrawn routes length ${wLen} overruns the message`);
  const aLen = be16(b, wOff + wLen);
  const aOff = wOff + wLen + 2;
  if (aOff + aLen > end) fail(LENGTHS, `total path attribute length ${aLen} overruns the message (${end - aOff} octets left)`);
  const nOff = aOff + aLen;
  checkPrefixes(b, wOff, wOff + wLen, 'withdrawn routes');
  checkPrefixes(b, nOff, end, 'NLRI');
  const { attributes, action, problems } = decodePathAttributes(b, aOff, nOff, ctx, nOff < end);
  return {
    update: { type: 'update', withdrawnRaw: b.slice(wOff, wOff + wLen), attributes, nlriRaw: b.slice(nOff, end) },
    action,
    problems,
  };
}

/** Writes an UPDATE body. */
export function encodeUpdate(w: Writer, m: UpdateMessage, ctx: CodecContext): void {
  w.u16(m.withdrawnRaw.length).bytes(m.withdrawnRaw);
  const at = w.placeholder(2);
  encodePathAttributes(w, m.attributes, ctx);
  w.patch(at, 2);
  w.bytes(m.nlriRaw);
}
