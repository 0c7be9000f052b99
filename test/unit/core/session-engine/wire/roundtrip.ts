// The one round-trip check every wire type goes through (as dns-packet's tests do): encode, decode,
// re-encode to the same octets, and decode again from a non-zero offset inside a larger buffer
// whose surrounding octets are garbage, so no decoder can lean on offset 0 or on the buffer's end.
import { expect } from 'vitest';
import { Writer } from '../../../../../src/core/session-engine/wire/writer.js';

/** A codec under test: writes a value, reads one back from a window of a buffer. */
export interface WireCodec<T> {
  encode(w: Writer, value: T): void;
  decode(b: Uint8Array, off: number, len: number): T;
}

/** Encodes value, checks decode(encode(value)) == value and that re-encoding gives the same octets. */
export function roundTrip<T>(codec: WireCodec<T>, value: T): Uint8Array {
  const w = new Writer(8);
  codec.encode(w, value);
  const bytes = w.finish();
  const decoded = codec.decode(bytes, 0, bytes.length);
  expect(decoded).toEqual(value);
  const again = new Writer(8);
  codec.encode(again, decoded);
  expect(again.finish()).toEqual(bytes);
  for (const pad of [1, 7, 300]) {
    const big = new Uint8Array(pad + bytes.length + 11).fill(0xa5);
    big.set(bytes, pad);
    expect(codec.decode(big, pad, bytes.length)).toEqual(value);
    const view = big.subarray(pad, pad + bytes.length);
    expect(codec.decode(view, 0, view.length)).toEqual(value);
  }
  return bytes;
}
