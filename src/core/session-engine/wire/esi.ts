// Ethernet Segment Identifiers, RFC 7432 §5: 10 octets, shown as colon hex. All-zero means single-homed,
// which is what every VXLAN route here carries, so that case costs no formatting.
import { ValidationError } from '../../errors.js';
import type { Esi } from './types.js';
import { colonHex } from './text/addr.js';
import type { Writer } from './writer.js';

/** Length of an ESI on the wire. */
export const ESI_LENGTH = 10;

/** The single-homed ESI. */
export const ESI_ZERO: Esi = '00:00:00:00:00:00:00:00:00:00';

/** Text of the 10 octets at off. */
export function decodeEsi(b: Uint8Array, off: number): Esi {
  for (let i = 0; i < ESI_LENGTH; i++) if (b[off + i] !== 0) return colonHex(b, off, ESI_LENGTH);
  return ESI_ZERO;
}

const ESI_RE = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){9}$/;

/** Checks and normalizes ESI text (ten colon-separated hex octets), or a bare 0 for single-homed. */
export function parseEsi(text: string, field = 'ESI'): Esi {
  if (text === '0') return ESI_ZERO;
  if (!ESI_RE.test(text)) throw new ValidationError(field, text, '10 colon-separated hex octets like 00:11:22:33:44:55:66:77:88:99, or 0');
  return text.toLowerCase();
}

/** Writes the 10 octets of an ESI. */
export function encodeEsi(w: Writer, esi: Esi): void {
  if (esi === ESI_ZERO) {
    w.u32(0).u32(0).u16(0);
    return;
  }
  const norm = parseEsi(esi);
  for (let i = 0; i < ESI_LENGTH; i++) w.u8(Number.parseInt(norm.slice(3 * i, 3 * i + 2), 16));
}

/** Formats an ESI as given (already text); kept for symmetry with formatRd/formatRt. */
export const formatEsi = (esi: Esi): string => esi;
