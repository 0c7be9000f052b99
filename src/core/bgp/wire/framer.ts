// Splits a TCP byte stream into whole BGP messages for the session layer. It keeps only the unconsumed
// tail between chunks and checks each header as soon as 19 octets are there, so a desynchronized
// peer is caught before its bogus length makes us wait for bytes that will never come.
import { HEADER_LENGTH, decodeHeader } from './message.js';

/**
 * Total length of the message at off if all of it is within [off, end), 0 if more octets are needed.
 * Throws the header's BgpError (Connection Not Synchronized, Bad Message Length/Type).
 */
export function wholeMessageLength(b: Uint8Array, off: number, end: number): number {
  if (end - off < HEADER_LENGTH) return 0;
  const { length } = decodeHeader(b, off);
  return end - off >= length ? length : 0;
}

/** Accumulates chunks and hands out whole messages (each a fresh copy, safe to keep). */
export class MessageFramer {
  private pending: Uint8Array = new Uint8Array(0);

  /** Adds a chunk and returns every message it completes, in order. Throws BgpError on a bad header. */
  push(chunk: Uint8Array): Uint8Array[] {
    const buf = this.pending.length === 0 ? chunk : concat(this.pending, chunk);
    const out: Uint8Array[] = [];
    let off = 0;
    for (;;) {
      const len = wholeMessageLength(buf, off, buf.length);
      if (len === 0) break;
      out.push(buf.slice(off, off + len));
      off += len;
    }
    this.pending = off === buf.length ? new Uint8Array(0) : buf.slice(off);
    return out;
  }

  /** Octets received but not yet part of a whole message. */
  get buffered(): number {
    return this.pending.length;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
