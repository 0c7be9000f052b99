// Graceful Restart capability (RFC 4724 §3): Restart Flags(4 bits: R, N from RFC 8538) Restart Time(12 bits),
// then per family AFI(2) SAFI(1) Flags(1, F = forwarding state preserved).
import { fail } from '../errors.js';
import { be16 } from '../bytes.js';
import type { Writer } from '../writer.js';
import { CAP, CAPABILITY_MALFORMED } from './capability.js';

export type GracefulRestartCap = {
  code: 64;
  restartFlags: number;
  restartTime: number;
  families: { afi: number; safi: number; flags: number }[];
};

/** Restart-state bit R in restartFlags (RFC 4724 §3). */
export const GR_RESTART_STATE = 0x8;
/** Forwarding-state bit F in a family's flags. */
export const GR_FORWARDING_STATE = 0x80;

/** Decodes the value of a graceful-restart capability. */
export function decodeGracefulRestart(b: Uint8Array, off: number, len: number): GracefulRestartCap {
  if (len < 2 || (len - 2) % 4 !== 0) fail(CAPABILITY_MALFORMED, `graceful restart capability: expected 2 + 4n octets, got ${len}`);
  const word = be16(b, off);
  const families: GracefulRestartCap['families'] = [];
  for (let p = off + 2; p < off + len; p += 4) families.push({ afi: be16(b, p), safi: b[p + 2]!, flags: b[p + 3]! });
  return { code: CAP.GRACEFUL_RESTART, restartFlags: word >>> 12, restartTime: word & 0xfff, families };
}

/** Writes the value of a graceful-restart capability. */
export function encodeGracefulRestart(w: Writer, c: Omit<GracefulRestartCap, 'code'>): void {
  w.u16(((c.restartFlags & 0xf) << 12) | (c.restartTime & 0xfff));
  for (const f of c.families) w.u16(f.afi).u8(f.safi).u8(f.flags);
}
