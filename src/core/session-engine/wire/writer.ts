// A growable big-endian writer. Length fields are written as placeholders and patched once the
// body is known, so encoders never compute lengths twice.
import { ipv4Bytes, ipv6Bytes, macBytes } from './text/addr.js';

/** Appends octets to a buffer that doubles when full; `finish()` returns the written bytes. */
export class Writer {
  private buf: Uint8Array;
  pos = 0;

  constructor(initial = 256) {
    this.buf = new Uint8Array(Math.max(16, initial));
  }

  private room(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  u8(v: number): this {
    this.room(1);
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.room(2);
    this.buf[this.pos++] = (v >>> 8) & 0xff;
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  u24(v: number): this {
    this.room(3);
    this.buf[this.pos++] = (v >>> 16) & 0xff;
    this.buf[this.pos++] = (v >>> 8) & 0xff;
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  u32(v: number): this {
    this.room(4);
    this.buf[this.pos++] = (v >>> 24) & 0xff;
    this.buf[this.pos++] = (v >>> 16) & 0xff;
    this.buf[this.pos++] = (v >>> 8) & 0xff;
    this.buf[this.pos++] = v & 0xff;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.room(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }

  ip4(text: string): this {
    return this.bytes(ipv4Bytes(text));
  }

  ip6(text: string): this {
    return this.bytes(ipv6Bytes(text));
  }

  mac(text: string): this {
    return this.bytes(macBytes(text));
  }

  /** Reserves a 1- or 2-octet length field and returns its position for `patch`. */
  placeholder(width: 1 | 2): number {
    const at = this.pos;
    if (width === 1) this.u8(0);
    else this.u16(0);
    return at;
  }

  /** Writes the number of octets written since the placeholder's end into it. */
  patch(at: number, width: 1 | 2): number {
    const len = this.pos - at - width;
    if (width === 1) {
      this.buf[at] = len & 0xff;
    } else {
      this.buf[at] = (len >>> 8) & 0xff;
      this.buf[at + 1] = len & 0xff;
    }
    return len;
  }

  /** Overwrites one octet already written (flags decided after the body, such as Extended Length). */
  set(at: number, v: number): void {
    this.buf[at] = v & 0xff;
  }

  /** Moves the octets written from `from` on back by `by` octets (drops a reserved octet before them). */
  moveBack(from: number, by: number): void {
    this.buf.copyWithin(from - by, from, this.pos);
    this.pos -= by;
  }

  /** A view of the octets written from `from` on, valid until the next write. */
  view(from = 0): Uint8Array {
    return this.buf.subarray(from, this.pos);
  }

  /** A copy of everything written. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
