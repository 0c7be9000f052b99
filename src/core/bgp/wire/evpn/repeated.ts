// Consecutive routes of one NLRI list mostly repeat their RD (every route of an UPDATE from FRR) and
// their MAC (a MAC-only route next to the MAC+IP routes of the same MAC). Equal octets get the object
// or text decoded for the previous route: a RIB keeps every route, and a copy per route (~110 bytes
// for an RD and its IPv4 text, 40 for a MAC) would be kept for nothing. Decoded routes are values that
// nobody mutates, so the sharing cannot be seen.
import type { RouteDistinguisher } from '../types.js';
import { RD_LENGTH, decodeRd } from '../rd.js';
import { formatMac } from '../text/addr.js';

const MAC_LENGTH = 6;

function sameOctets(b: Uint8Array, a: number, c: number, n: number): boolean {
  for (let i = 0; i < n; i++) if (b[a + i] !== b[c + i]) return false;
  return true;
}

/** The RD and MAC last decoded from one buffer, handed out again for equal octets. */
export class RepeatedFields {
  private rdOff = -1;
  private rd: RouteDistinguisher | null = null;
  private macOff = -1;
  private mac = '';

  constructor(private readonly b: Uint8Array) {}

  /** decodeRd(b, off): null for an RD type outside 0..2 (the caller has checked that 8 octets are there). */
  rdAt(off: number): RouteDistinguisher | null {
    if (this.rd !== null && sameOctets(this.b, this.rdOff, off, RD_LENGTH)) return this.rd;
    const rd = decodeRd(this.b, off);
    if (rd !== null) {
      this.rd = rd;
      this.rdOff = off;
    }
    return rd;
  }

  /** formatMac(b, off) (the caller has checked that 6 octets are there). */
  macAt(off: number): string {
    if (this.macOff >= 0 && sameOctets(this.b, this.macOff, off, MAC_LENGTH)) return this.mac;
    this.mac = formatMac(this.b, off);
    this.macOff = off;
    return this.mac;
  }
}
