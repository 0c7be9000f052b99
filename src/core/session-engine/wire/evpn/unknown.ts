// EVPN route types this codec does not interpret (6+ from RFC 9251 and later). RFC 7606 §5.4 lets a
// speaker discard unrecognized typed NLRI; we keep the bytes instead so they can be shown and passed on.
import type { EvpnUnknownRoute } from '../types.js';
import type { Writer } from '../writer.js';

/** Keeps the value of an unknown route type, copied. */
export const decodeUnknownRoute = (type: number, b: Uint8Array, off: number, len: number): EvpnUnknownRoute => ({
  type, raw: b.slice(off, off + len),
});

/** Writes the kept value back unchanged. */
export function encodeUnknownRoute(w: Writer, r: EvpnUnknownRoute): void {
  w.bytes(r.raw);
}
