// Multiprotocol Extensions capability (RFC 4760 §8): AFI(2) Reserved(1) SAFI(1). EVPN is AFI 25 / SAFI 70.
import { be16 } from '../bytes.js';
import type { Writer } from '../writer.js';
import { CAP, expectCapLength } from './capability.js';

/** Decodes the value of a multiprotocol capability. */
export function decodeMultiprotocol(b: Uint8Array, off: number, len: number): { code: 1; afi: number; safi: number } {
  expectCapLength('multiprotocol', len, 4);
  return { code: CAP.MULTIPROTOCOL, afi: be16(b, off), safi: b[off + 3]! };
}

/** Writes the value of a multiprotocol capability. */
export function encodeMultiprotocol(w: Writer, c: { afi: number; safi: number }): void {
  w.u16(c.afi).u8(0).u8(c.safi);
}
