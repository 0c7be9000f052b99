// Consecutive routes of one NLRI list mostly repeat their RD (every route of an UPDATE from FRR) and
// their MAC (a MAC-only route next to the MAC+IP routes of the same MAC). Equal octets get the object
// or text decoded for the previous route: a RIB keeps every route, and a copy per route (~110 bytes
// for an RD and its IPv4 text, 40 for a MAC) would be kept for nothing. Decoded routes are values that
// nobody mutates, so the sharing cannot be seen.
import type { RouteDistinguisher } from '../types.js';
import { decodeRd } from '../rd.js';
import { formatMac } from '../text/addr.js';

// Spelled out for the two fixed lengths (a MAC's 6 octets, an RD's 8): a loop over n was ~3 % of a full-table
// ingest (twice per route).
const same6 = (b: Uint8Array, a: number, c: number): boolean =>
  b[a] === b[c] && b[a + 1] === b[c + 1] && b[a + 2] === b[c + 2] && b[a + 3] === b[c + 3] && b[a + 4] === b[c + 4] && b[a + 5] === b[c + 5];

const same8 = (b: Uint8Array, a: number, c: number): boolean => same6(b, a, c) && b[a + 6] === b[c + 6] && b[a + 7] === b[c + 7];

/** The RD and MAC last decoded from one buffer, handed out again for equal octets. */
export class RepeatedFields {
  private rdOff = -1;
  private rd: RouteDistinguisher | null = null;
  private macOff = -1;
  private mac = '';

  constructor(private readonly b: Uint8Array) {}

  /** decodeRd(b, off): null for an RD type outside 0..2 (the caller has checked that 8 octets are there). */
  rdAt(off: number): RouteDistinguisher | null {
    if (this.rd !== null && same8(this.b, this.rdOff, off)) return this.rd;
    const rd = decodeRd(this.b, off);
    if (rd !== null) {
      this.rd = rd;
      this.rdOff = off;
    }
    return rd;
  }

  /** formatMac(b, off) (the caller has checked that 6 octets are there). */
  macAt(off: number): string {
    if (this.macOff >= 0 && same6(this.b, this.macOff, off)) return this.mac;
    this.mac = formatMac(this.b, off);
    this.macOff = off;
    return this.mac;
  }
}
