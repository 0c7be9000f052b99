// A malformed UPDATE that keeps the session up (RFC 7606 treat-as-withdraw) and that made the daemon log the
// most: ORIGIN 7 (no such origin, §7.1) plus ATOMIC_AGGREGATE repeated `repeats` times (§3.g, one problem each).
import { encodeMessage } from '../../src/core/session-engine/wire/message.js';
import { announce, macRoute } from './evpn-fixtures.js';

/** The i-th such UPDATE (its MAC differs), announcing one type 2 from `vtep`. */
export function malformedUpdate(i: number, repeats: number, vtep = '192.168.100.1'): Buffer {
  const mac = `02:00:00:${((i >> 16) & 0xff).toString(16).padStart(2, '0')}:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`;
  const bytes = encodeMessage(announce(vtep, [macRoute(vtep, mac)]), { fourOctetAs: true });
  const withdrawnLen = (bytes[19]! << 8) | bytes[20]!;
  const at = 21 + withdrawnLen; // Total Path Attribute Length
  const extra = Buffer.alloc(repeats * 3);
  for (let r = 0; r < repeats; r++) extra.set([0x40, 6, 0], r * 3);
  const out = Buffer.concat([bytes.subarray(0, at + 2), extra, bytes.subarray(at + 2)]);
  out.writeUInt16BE(out.length, 16);
  out.writeUInt16BE(((bytes[at]! << 8) | bytes[at + 1]!) + extra.length, at);
  for (let k = at + 2; k < out.length - 3; k++) {
    if (out[k] === 0x40 && out[k + 1] === 1 && out[k + 2] === 1) {
      out[k + 3] = 7;
      return out;
    }
  }
  throw new Error('expected an ORIGIN attribute in the encoded UPDATE');
}
