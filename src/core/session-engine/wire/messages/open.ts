// OPEN (RFC 4271 §4.2): Version(1) My AS(2) Hold Time(2) BGP Identifier(4) Opt Parm Len(1) Optional Parameters.
// This module only reads and writes the fields; whether they are acceptable (§6.2) is the FSM's call.
import { NOTIFY, type OpenMessage } from '../types.js';
import { fail, overrun } from '../errors.js';
import { SUBCODE } from '../notification-text.js';
import { be16 } from '../bytes.js';
import { formatIpv4 } from '../text/addr.js';
import type { Writer } from '../writer.js';
import { decodeOptionalParameters, encodeOptionalParameters, isExtendedParameters } from '../capabilities/index.js';

/** Octets of an OPEN body before the optional parameters. */
export const OPEN_FIXED_LENGTH = 10;

const OPEN_MALFORMED = overrun(NOTIFY.OPEN_MESSAGE, SUBCODE.OPEN_UNSPECIFIC, 'session-reset', 'OPEN message');

/** Decodes an OPEN body [off, end) (the header has been checked and is not included). */
export function decodeOpen(b: Uint8Array, off: number, end: number): OpenMessage {
  if (end - off < OPEN_FIXED_LENGTH) fail(OPEN_MALFORMED, `expected at least ${OPEN_FIXED_LENGTH} octets, got ${end - off}`);
  const lenOff = off + 9;
  let paramsOff = lenOff + 1;
  let paramsLen = b[lenOff]!;
  const extended = isExtendedParameters(b, lenOff, end);
  if (extended) {
    // RFC 9072 §2: 255, 255, then a 2-octet length and 2-octet parameter lengths.
    if (end - lenOff < 4) fail(OPEN_MALFORMED, 'extended optional parameters length is cut short');
    paramsLen = be16(b, lenOff + 2);
    paramsOff = lenOff + 4;
  }
  if (paramsOff + paramsLen !== end) {
    fail(OPEN_MALFORMED, `optional parameters length ${paramsLen} does not match the ${end - paramsOff} octets after it`);
  }
  return {
    type: 'open',
    version: b[off]!,
    myAs: be16(b, off + 1),
    holdTime: be16(b, off + 3),
    routerId: formatIpv4(b, off + 5),
    capabilities: decodeOptionalParameters(b, paramsOff, end, extended),
  };
}

/** Writes an OPEN body. */
export function encodeOpen(w: Writer, m: OpenMessage): void {
  w.u8(m.version).u16(m.myAs).u16(m.holdTime).ip4(m.routerId);
  const at = w.placeholder(1);
  encodeOptionalParameters(w, m.capabilities);
  const len = w.pos - at - 1;
  if (len > 255) throw new RangeError(`OPEN optional parameters take ${len} octets; at most 255 fit without RFC 9072`);
  w.patch(at, 1);
}
