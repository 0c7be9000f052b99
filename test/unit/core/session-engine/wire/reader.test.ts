// The bounded reader and the growable writer: reads stay inside their window and overruns are typed.
import { describe, expect, it } from 'vitest';
import { Reader, Writer, BgpError } from '../../../../../src/core/session-engine/wire/index.js';
import { overrun } from '../../../../../src/core/session-engine/wire/errors.js';

const SPEC = overrun(3, 5, 'treat-as-withdraw', 'TEST attribute');

describe('Reader', () => {
  it('reads big-endian fields and addresses inside its window only', () => {
    const buf = Uint8Array.of(0xaa, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 0xbb);
    const r = new Reader(buf, 1, 11, SPEC);
    expect([r.u8(), r.u16(), r.u24(), r.remaining]).toEqual([1, 0x0203, 0x040506, 4]);
    expect(r.ip4()).toBe('7.8.9.10');
    expect(() => r.u8('type')).toThrow(new BgpError(3, 5, 'treat-as-withdraw', 'TEST attribute: expected 1 octets of type, got 0'));
  });
  it('a sub-reader is bounded by its own length and can carry its own error', () => {
    const r = new Reader(Uint8Array.of(0xff, 0xff, 0xff, 0xff, 1), 0, 5, SPEC);
    const sub = r.sub(2, 'value', overrun(3, 1, 'session-reset', 'inner'));
    expect(sub.u16()).toBe(0xffff);
    expect(() => sub.u8()).toThrow(/inner/);
    expect([r.u24(), r.remaining]).toEqual([0xffff01, 0]); // the parent moved past the sub-reader's window
  });
  it('rejects windows outside the buffer and trailing octets', () => {
    expect(() => new Reader(new Uint8Array(2), 0, 3, SPEC)).toThrow(BgpError);
    const r = new Reader(new Uint8Array(3), 0, 3, SPEC);
    r.u16();
    expect(() => r.done('value')).toThrow(/1 unexpected octets after value/);
    expect([...r.bytes(1)]).toEqual([0]);
  });
});

describe('Writer', () => {
  it('grows and patches length placeholders', () => {
    const w = new Writer(1);
    const at = w.placeholder(2);
    for (let i = 0; i < 300; i++) w.u8(i);
    expect(w.patch(at, 2)).toBe(300);
    const out = w.finish();
    expect([out.length, out[0], out[1], out[301]]).toEqual([302, 1, 44, 299 & 0xff]);
  });
});
