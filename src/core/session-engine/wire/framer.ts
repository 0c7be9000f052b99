// Splits a TCP byte stream into whole BGP messages for the session layer. It keeps only the unconsumed
// tail between chunks and checks each header as soon as 19 octets are there, so a desynchronized
// peer is caught before its bogus length makes us wait for bytes that will never come.
import { HEADER_LENGTH, decodeHeader } from './header.js';

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
  private pending: Uint8Array = EMPTY;

  /**
   * Adds a chunk and returns every message it completes, in order. Throws BgpError on a bad header.
   * Only the message that straddles two chunks is copied together; the rest of the chunk is framed in
   * place (joining the tail with every 64 KiB socket read copied the whole stream once more).
   */
  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    let off = 0;
    if (this.pending.length > 0) {
      let head = this.pending;
      if (head.length < HEADER_LENGTH) {
        off = Math.min(HEADER_LENGTH - head.length, chunk.length);
        head = concat(head, chunk.subarray(0, off));
        if (head.length < HEADER_LENGTH) {
          this.pending = head;
          return out;
        }
      }
      const { length } = decodeHeader(head, 0);
      const take = Math.min(length - head.length, chunk.length - off);
      head = concat(head, chunk.subarray(off, off + take));
      off += take;
      if (head.length < length) {
        this.pending = head;
        return out;
      }
      out.push(head);
      this.pending = EMPTY;
    }
    for (;;) {
      const len = wholeMessageLength(chunk, off, chunk.length);
      if (len === 0) break;
      out.push(chunk.slice(off, off + len));
      off += len;
    }
    if (off < chunk.length) this.pending = chunk.slice(off);
    return out;
  }

  /** Octets received but not yet part of a whole message. */
  get buffered(): number {
    return this.pending.length;
  }

  /** The octets of the message not complete yet (to carry them to another process at a message boundary). */
  leftover(): Uint8Array {
    return this.pending;
  }
}

const EMPTY = new Uint8Array(0);

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}
