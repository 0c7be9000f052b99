// A bounded reader over a window [pos, end) of a Uint8Array, in the style of OpenBGPD's ibuf_get_*.
// Every read checks the window first and throws the window's own BgpError on overrun, so a decoder
// states once what a short field means (session reset, treat-as-withdraw...) and never reads past it.
import { fail, type OverrunSpec } from './errors.js';
import { formatIpv4, formatIpv6 } from './text/addr.js';

/** Cursor over a byte window; cheap to create, so one per message, attribute or parameter list. */
export class Reader {
  readonly buf: Uint8Array;
  pos: number;
  readonly end: number;
  readonly spec: OverrunSpec;

  constructor(buf: Uint8Array, start: number, end: number, spec: OverrunSpec) {
    if (start < 0 || end > buf.length || start > end) fail(spec, `window ${start}..${end} lies outside ${buf.length} octets`);
    this.buf = buf;
    this.pos = start;
    this.end = end;
    this.spec = spec;
  }

  /** Octets left in the window. */
  get remaining(): number {
    return this.end - this.pos;
  }

  /** Throws the window's error unless n more octets are there. */
  need(n: number, field: string): void {
    if (this.end - this.pos < n) fail(this.spec, `expected ${n} octets of ${field}, got ${this.end - this.pos}`);
  }

  u8(field = 'u8'): number {
    this.need(1, field);
    return this.buf[this.pos++]!;
  }

  u16(field = 'u16'): number {
    this.need(2, field);
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 2;
    return (b[p]! << 8) | b[p + 1]!;
  }

  u24(field = 'u24'): number {
    this.need(3, field);
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 3;
    return (b[p]! << 16) | (b[p + 1]! << 8) | b[p + 2]!;
  }

  u32(field = 'u32'): number {
    this.need(4, field);
    const b = this.buf;
    const p = this.pos;
    this.pos = p + 4;
    return ((b[p]! << 24) >>> 0) + ((b[p + 1]! << 16) | (b[p + 2]! << 8) | b[p + 3]!);
  }

  /** n octets, copied: what is kept in a decoded message must not alias the session's receive buffer. */
  bytes(n: number, field = 'bytes'): Uint8Array {
    this.need(n, field);
    const out = this.buf.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** Everything left in the window, copied. */
  rest(): Uint8Array {
    const out = this.buf.slice(this.pos, this.end);
    this.pos = this.end;
    return out;
  }

  skip(n: number, field = 'octets'): void {
    this.need(n, field);
    this.pos += n;
  }

  ip4(field = 'IPv4 address'): string {
    this.need(4, field);
    const s = formatIpv4(this.buf, this.pos);
    this.pos += 4;
    return s;
  }

  ip6(field = 'IPv6 address'): string {
    this.need(16, field);
    const s = formatIpv6(this.buf, this.pos);
    this.pos += 16;
    return s;
  }

  /** A reader over the next n octets (advancing this one past them), failing with `spec` or this window's spec. */
  sub(n: number, field: string, spec: OverrunSpec = this.spec): Reader {
    this.need(n, field);
    const r = new Reader(this.buf, this.pos, this.pos + n, spec);
    this.pos += n;
    return r;
  }

  /** Throws unless the window is used up exactly: trailing octets are as malformed as missing ones. */
  done(field: string): void {
    if (this.pos !== this.end) fail(this.spec, `${this.end - this.pos} unexpected octets after ${field}`);
  }
}
