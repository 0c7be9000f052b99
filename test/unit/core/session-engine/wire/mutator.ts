// A deterministic mutation engine for decoder fuzzing, shared by the unit fuzz test and bench/decoder-fuzz.ts:
// seeded PRNG, mutations that reach past the header (bit flips, truncation, insertion, length-field edits
// with the header length fixed up), and an oracle that accepts only typed outcomes.
import { BgpError, decodeMessage, encodeMessage, type CodecContext } from '../../../../../src/core/session-engine/wire/index.js';

/** mulberry32: small, fast, and the same sequence for the same seed on every machine. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [0, 1, 2, 3, 4, 0x0f, 0x10, 0x20, 0x3f, 0x40, 0x7f, 0x80, 0x90, 0xc0, 0xd0, 0xfe, 0xff];

/** Sets the header length to the message's real length, so the mutation reaches the body decoders. */
function fixLength(m: Uint8Array): Uint8Array {
  if (m.length >= 19) {
    m[16] = (m.length >> 8) & 0xff;
    m[17] = m.length & 0xff;
  }
  return m;
}

/** One mutant of a seed message. */
export function mutate(seed: Uint8Array, rnd: () => number): Uint8Array {
  const pick = (n: number): number => Math.floor(rnd() * n);
  let m = seed.slice();
  const rounds = 1 + pick(3);
  for (let r = 0; r < rounds; r++) {
    const body = Math.max(19, m.length);
    switch (pick(7)) {
      case 0: { // bit flips past the marker
        const at = 16 + pick(Math.max(1, m.length - 16));
        if (at < m.length) m[at] = m[at]! ^ (1 << pick(8));
        break;
      }
      case 1: { // an interesting value anywhere in the body
        const at = 19 + pick(Math.max(1, m.length - 19));
        if (at < m.length) m[at] = INTERESTING[pick(INTERESTING.length)]!;
        break;
      }
      case 2: // truncation
        m = m.slice(0, 19 + pick(Math.max(1, m.length - 19)));
        break;
      case 3: { // insertion of random octets
        const at = 19 + pick(Math.max(1, body - 19));
        const ins = Uint8Array.from({ length: 1 + pick(8) }, () => pick(256));
        const out = new Uint8Array(m.length + ins.length);
        out.set(m.subarray(0, at));
        out.set(ins, at);
        out.set(m.subarray(at), at + ins.length);
        m = out;
        break;
      }
      case 4: { // a 2-octet length-like field edited by a small amount
        const at = 19 + pick(Math.max(1, m.length - 20));
        if (at + 1 < m.length) {
          const v = ((m[at]! << 8) | m[at + 1]!) + pick(9) - 4;
          m[at] = (v >> 8) & 0xff;
          m[at + 1] = v & 0xff;
        }
        break;
      }
      case 5: { // a 1-octet length-like field edited by a small amount
        const at = 19 + pick(Math.max(1, m.length - 19));
        if (at < m.length) m[at] = (m[at]! + pick(9) - 4) & 0xff;
        break;
      }
      default: // the header length alone, left inconsistent
        if (m.length >= 19) m[17] = pick(256);
        return m;
    }
  }
  return rnd() < 0.9 ? fixLength(m) : m;
}

const ACTIONS = new Set(['session-reset', 'afi-safi-disable', 'treat-as-withdraw', 'attribute-discard']);
const SUBCODES_MAX: Record<number, number> = { 1: 3, 2: 11, 3: 11, 4: 0, 5: 3, 6: 10, 7: 1 };

/**
 * Decodes and checks the outcome is one of the allowed ones: 'ok' / 'treat-as-withdraw' / 'attribute-discard',
 * or a BgpError with a valid RFC code and subcode. When a decoded message re-encodes, it must decode to itself.
 * Anything else is rethrown (that input is a crasher).
 */
export function classify(bytes: Uint8Array, ctx: CodecContext): string {
  try {
    const r = decodeMessage(bytes, ctx);
    if (r.action !== 'ok' && r.action !== 'treat-as-withdraw' && r.action !== 'attribute-discard') throw new Error(`bad action ${String(r.action)}`);
    let again: Uint8Array | null = null;
    try {
      again = encodeMessage(r.message, ctx);
    } catch (err) {
      // Re-encoding may legitimately refuse (e.g. grew past 4096 octets); it must say so with a RangeError.
      if (!(err instanceof RangeError)) throw err;
    }
    if (again) {
      const back = decodeMessage(again, ctx);
      if (canonical(back.message) !== canonical(r.message)) throw new Error('re-encoded message decodes differently');
    }
    return r.action;
  } catch (err) {
    if (!(err instanceof BgpError)) throw err;
    const max = SUBCODES_MAX[err.notifyCode];
    if (max === undefined || err.notifySubcode < 0 || err.notifySubcode > max || !ACTIONS.has(err.action)) {
      throw new Error(`BgpError with an invalid code ${err.notifyCode}/${err.notifySubcode} ${err.action}`, { cause: err });
    }
    return `error ${err.notifyCode}/${err.notifySubcode} ${err.action}`;
  }
}

/** JSON with sorted keys and byte arrays as arrays, so equal messages compare equal whatever their field order. */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (x instanceof Uint8Array) return Array.from(x);
    if (x && typeof x === 'object' && !Array.isArray(x)) {
      return Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return x;
  });
}
