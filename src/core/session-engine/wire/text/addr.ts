// Address text <-> bytes, written for the decode hot path: table lookups, no per-byte closures. IPv6
// text is the RFC 5952 form that WHATWG URL produces, so it matches model/validate.ts's canonicalIpv6
// and one address has one spelling in keys.
// MAC text is made flat with one String.fromCharCode call: V8 copies a concatenation shorter than 13
// characters into one string, but from 13 on it builds a tree of cons-strings (a MAC from a template
// literal is four objects, 133 bytes), which the RIB keeps for every route and hashes and compares slower.
// (An IPv4 address is mostly under 13 characters; join() for the longer ones cost more than it saved.)
import { isIPv4, isIPv6 } from 'node:net';
import { ValidationError } from '../../../errors.js';

const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const DEC: readonly string[] = Array.from({ length: 256 }, (_, i) => String(i));

/** The char code of one hex digit (0..15), lower case. */
const hexCode = (d: number): number => d + (d < 10 ? 0x30 : 0x57);

/** "02:ac:10:ff:00:22" from 6 octets at off (the caller has checked the bounds), in one flat string. */
export function formatMac(b: Uint8Array, off: number): string {
  const o0 = b[off]!;
  const o1 = b[off + 1]!;
  const o2 = b[off + 2]!;
  const o3 = b[off + 3]!;
  const o4 = b[off + 4]!;
  const o5 = b[off + 5]!;
  return String.fromCharCode(
    hexCode(o0 >> 4), hexCode(o0 & 15), 0x3a, hexCode(o1 >> 4), hexCode(o1 & 15), 0x3a, hexCode(o2 >> 4), hexCode(o2 & 15), 0x3a,
    hexCode(o3 >> 4), hexCode(o3 & 15), 0x3a, hexCode(o4 >> 4), hexCode(o4 & 15), 0x3a, hexCode(o5 >> 4), hexCode(o5 & 15),
  );
}

/** "192.168.100.1" from 4 octets at off. */
export function formatIpv4(b: Uint8Array, off: number): string {
  return `${DEC[b[off]!]}.${DEC[b[off + 1]!]}.${DEC[b[off + 2]!]}.${DEC[b[off + 3]!]}`;
}

/** RFC 5952 text from 16 octets at off: longest run (>= 2) of zero groups compressed, first run on a tie. */
export function formatIpv6(b: Uint8Array, off: number): string {
  let bestStart = -1;
  let bestLen = 1;
  let runStart = -1;
  for (let g = 0; g < 8; g++) {
    const zero = b[off + 2 * g] === 0 && b[off + 2 * g + 1] === 0;
    if (zero) {
      if (runStart < 0) runStart = g;
      if (g - runStart + 1 > bestLen) {
        bestLen = g - runStart + 1;
        bestStart = runStart;
      }
    } else {
      runStart = -1;
    }
  }
  let out = '';
  for (let g = 0; g < 8; g++) {
    if (g === bestStart) {
      out += g === 0 ? '::' : ':';
      g += bestLen - 1;
      continue;
    }
    out += ((b[off + 2 * g]! << 8) | b[off + 2 * g + 1]!).toString(16);
    if (g < 7) out += ':';
  }
  return out;
}


/** The 4 octets of a dotted quad. Encoding a bad value is a caller bug: ValidationError names it. */
export function ipv4Bytes(text: string): Uint8Array {
  if (!isIPv4(text)) throw new ValidationError('IPv4 address', text, 'an IPv4 address like 192.168.100.1');
  const out = new Uint8Array(4);
  const parts = text.split('.');
  for (let i = 0; i < 4; i++) out[i] = Number(parts[i]);
  return out;
}

/** The 16 octets of an IPv6 address (any valid spelling, embedded IPv4 allowed). */
export function ipv6Bytes(text: string): Uint8Array {
  if (!isIPv6(text)) throw new ValidationError('IPv6 address', text, 'an IPv6 address like 2001:db8::1');
  const out = new Uint8Array(16);
  let s = text;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  let tailV4: Uint8Array | null = null;
  if (tail.includes('.')) {
    tailV4 = ipv4Bytes(tail);
    s = `${s.slice(0, lastColon + 1)}0:0`;
  }
  const [head = '', rest] = s.split('::');
  const hs = head === '' ? [] : head.split(':');
  const ts = rest === undefined || rest === '' ? [] : rest.split(':');
  const groups = rest === undefined ? hs : [...hs, ...new Array<string>(8 - hs.length - ts.length).fill('0'), ...ts];
  for (let g = 0; g < 8; g++) {
    const v = Number.parseInt(groups[g] ?? '0', 16);
    out[2 * g] = v >> 8;
    out[2 * g + 1] = v & 0xff;
  }
  if (tailV4) out.set(tailV4, 12);
  return out;
}

/** Bytes of an IPv4 or IPv6 address. */
export const ipBytes = (text: string): Uint8Array => (isIPv4(text) ? ipv4Bytes(text) : ipv6Bytes(text));

const MAC_RE = /^[0-9a-fA-F]{2}(:[0-9a-fA-F]{2}){5}$/;

/** The 6 octets of a colon-separated MAC. */
export function macBytes(text: string): Uint8Array {
  if (!MAC_RE.test(text)) throw new ValidationError('MAC address', text, 'a MAC like 02:ac:10:ff:00:22');
  const out = new Uint8Array(6);
  for (let i = 0; i < 6; i++) out[i] = Number.parseInt(text.slice(3 * i, 3 * i + 2), 16);
  return out;
}

/** Colon hex of any bytes ("00:00:...") for ESIs and raw values in messages. */
export function colonHex(b: Uint8Array, off = 0, len = b.length - off): string {
  let out = '';
  for (let i = 0; i < len; i++) out += i === 0 ? HEX2[b[off + i]!] : `:${HEX2[b[off + i]!]}`;
  return out;
}

/** Plain hex ("ffff0013") for fixtures and error data. */
export function toHex(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i++) out += HEX2[b[i]!];
  return out;
}

/** Bytes from plain hex, whitespace ignored. */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/\s+/g, '');
  if (clean.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(clean)) {
    throw new ValidationError('hex', text.slice(0, 40), 'an even number of hex digits');
  }
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(clean.slice(2 * i, 2 * i + 2), 16);
  return out;
}
