// OPEN optional parameters and the capabilities inside them (RFC 5492 §4), with the RFC 9072 extended
// form on decode. Each capability is written in its own parameter, as FRR does.
import { NOTIFY, type Capability } from '../types.js';
import { BgpError, fail } from '../errors.js';
import { SUBCODE } from '../notification-text.js';
import { be16 } from '../bytes.js';
import type { Writer } from '../writer.js';
import { CAP, CAPABILITY_MALFORMED } from './capability.js';
import { decodeMultiprotocol, encodeMultiprotocol } from './multiprotocol.js';
import { decodeEnhancedRouteRefreshCap, decodeRouteRefreshCap } from './route-refresh.js';
import { decodeFourOctetAs, encodeFourOctetAs } from './four-octet-as.js';
import { decodeGracefulRestart, encodeGracefulRestart } from './graceful-restart.js';

const PARAM_CAPABILITIES = 2; // RFC 5492 §4
const PARAM_EXTENDED = 255; // RFC 9072 §2

/** Decodes one capability value by code; unknown codes are kept raw (RFC 5492 §4: ignore what you don't know). */
export function decodeCapability(code: number, b: Uint8Array, off: number, len: number): Capability {
  switch (code) {
    case CAP.MULTIPROTOCOL: return decodeMultiprotocol(b, off, len);
    case CAP.ROUTE_REFRESH: return decodeRouteRefreshCap(b, off, len);
    case CAP.GRACEFUL_RESTART: return decodeGracefulRestart(b, off, len);
    case CAP.FOUR_OCTET_AS: return decodeFourOctetAs(b, off, len);
    case CAP.ENHANCED_ROUTE_REFRESH: return decodeEnhancedRouteRefreshCap(b, off, len);
    default: return { code, raw: b.slice(off, off + len) };
  }
}

/** Decodes the capabilities inside one Capabilities parameter value [off, end). */
function decodeCapabilityList(b: Uint8Array, off: number, end: number, out: Capability[]): void {
  while (off < end) {
    if (end - off < 2) fail(CAPABILITY_MALFORMED, `expected a capability code and length, got ${end - off} octet`);
    const code = b[off]!;
    const len = b[off + 1]!;
    off += 2;
    if (off + len > end) fail(CAPABILITY_MALFORMED, `capability ${code} claims ${len} octets, ${end - off} left`);
    out.push(decodeCapability(code, b, off, len));
    off += len;
  }
}

/** Decodes the Optional Parameters field [off, end) of an OPEN; only Capabilities parameters are supported. */
export function decodeOptionalParameters(b: Uint8Array, off: number, end: number, extended: boolean): Capability[] {
  const out: Capability[] = [];
  const hdr = extended ? 3 : 2;
  while (off < end) {
    if (end - off < hdr) fail(CAPABILITY_MALFORMED, `expected an optional parameter header, got ${end - off} octets`);
    const type = b[off]!;
    const len = extended ? be16(b, off + 1) : b[off + 1]!;
    off += hdr;
    if (off + len > end) fail(CAPABILITY_MALFORMED, `optional parameter ${type} claims ${len} octets, ${end - off} left`);
    if (type !== PARAM_CAPABILITIES) {
      // RFC 4271 §6.2: an optional parameter we don't know is Unsupported Optional Parameter.
      throw new BgpError(NOTIFY.OPEN_MESSAGE, SUBCODE.OPEN_UNSUPPORTED_OPT_PARAM, 'session-reset',
        `optional parameter type ${type} is not supported (only 2, Capabilities)`, b.slice(off - hdr, off + len));
    }
    decodeCapabilityList(b, off, off + len, out);
    off += len;
  }
  return out;
}

/** True when the Optional Parameters Length octet and what follows announce the RFC 9072 extended form. */
export const isExtendedParameters = (b: Uint8Array, lenOff: number, end: number): boolean =>
  b[lenOff] === PARAM_EXTENDED && lenOff + 1 < end && b[lenOff + 1] === PARAM_EXTENDED;

/** Writes one capability (code, length, value). */
export function encodeCapability(w: Writer, c: Capability): void {
  w.u8(c.code);
  const at = w.placeholder(1);
  if ('raw' in c) w.bytes(c.raw);
  else if (c.code === CAP.MULTIPROTOCOL && 'afi' in c) encodeMultiprotocol(w, c);
  else if (c.code === CAP.GRACEFUL_RESTART && 'families' in c) encodeGracefulRestart(w, c);
  else if (c.code === CAP.FOUR_OCTET_AS && 'asn' in c) encodeFourOctetAs(w, c.asn);
  w.patch(at, 1);
}

/** Writes the Optional Parameters field: one Capabilities parameter per capability. */
export function encodeOptionalParameters(w: Writer, caps: readonly Capability[]): void {
  for (const c of caps) {
    w.u8(PARAM_CAPABILITIES);
    const at = w.placeholder(1);
    encodeCapability(w, c);
    w.patch(at, 1);
  }
}
