// The path attributes of an UPDATE, decoded once and shared by all its routes, with RFC 7606 error
// handling: a malformed attribute yields treat-as-withdraw or attribute-discard instead of a reset,
// except where RFC 7606 keeps the reset (MP_* problems, duplicates of MP_*, unlocatable NLRI).
import { NOTIFY, type PathAttributes } from '../types.js';
import { BgpError } from '../errors.js';
import { SUBCODE } from '../notification-text.js';
import type { CodecContext } from '../context.js';
import { be16 } from '../bytes.js';
import { ATTR, FLAG_EXTENDED, FLAG_OPTIONAL } from './attribute.js';
import { decodeKnownAttribute, expectedFlags } from './known.js';
import { KEPT_RAW, checkRawAttribute, decodeRawAttribute } from './raw.js';
import { encodePathAttributes } from './encode.js';

/** How an UPDATE must be handled after decoding (RFC 7606 §2); session-level failures are thrown instead. */
export type UpdateAction = 'ok' | 'attribute-discard' | 'treat-as-withdraw';

/** Decoded attributes plus what went wrong, in words, for logs and `neighbor show`. */
export interface DecodedAttributes {
  attributes: PathAttributes;
  action: UpdateAction;
  problems: string[];
}

const RANK: Record<UpdateAction, number> = { 'ok': 0, 'attribute-discard': 1, 'treat-as-withdraw': 2 };

/** The more drastic of two actions. */
export const worse = (a: UpdateAction, b: UpdateAction): UpdateAction => (RANK[b] > RANK[a] ? b : a);

/**
 * Decodes the Path Attributes field [off, end). `hasIpv4Nlri` tells whether the UPDATE's NLRI field is
 * non-empty (then NEXT_HOP is mandatory, RFC 4760 §3 makes it optional otherwise).
 */
export function decodePathAttributes(b: Uint8Array, off: number, end: number, ctx: CodecContext, hasIpv4Nlri: boolean): DecodedAttributes {
  const attributes: PathAttributes = { other: [] };
  let action: UpdateAction = 'ok';
  const problems: string[] = [];
  const seen = new Uint8Array(256);
  let nonUnreach = false;
  while (off < end) {
    const flags = b[off]!;
    const hdr = flags & FLAG_EXTENDED ? 4 : 3;
    if (end - off < hdr) {
      // RFC 7606 §4: too few octets for an attribute header: treat-as-withdraw, NLRI located by Total Path Attribute Length.
      problems.push(`RFC 7606 §4: ${end - off} trailing octets can't hold an attribute header`);
      action = 'treat-as-withdraw';
      nonUnreach = true;
      break;
    }
    const type = b[off + 1]!;
    const len = hdr === 4 ? be16(b, off + 2) : b[off + 2]!;
    const start = off;
    const valOff = off + hdr;
    if (valOff + len > end) {
      // RFC 7606 §4: the attribute overruns the field: treat-as-withdraw (§5.2 below may still escalate).
      problems.push(`RFC 7606 §4: attribute ${type} claims ${len} octets, ${end - valOff} left in the path attributes`);
      action = 'treat-as-withdraw';
      nonUnreach = true;
      break;
    }
    off = valOff + len;
    if (type !== ATTR.MP_UNREACH_NLRI) nonUnreach = true;
    if (seen[type] !== 0) {
      // RFC 7606 §3.g: a repeated MP_REACH/MP_UNREACH is Malformed Attribute List; other repeats are dropped.
      if (type === ATTR.MP_REACH_NLRI || type === ATTR.MP_UNREACH_NLRI) {
        throw new BgpError(NOTIFY.UPDATE_MESSAGE, SUBCODE.UPDATE_MALFORMED_ATTRIBUTE_LIST, 'session-reset',
          `attribute ${type} appears more than once`);
      }
      problems.push(`RFC 7606 §3.g: repeated attribute ${type} discarded`);
      action = worse(action, 'attribute-discard');
      continue;
    }
    seen[type] = 1;
    try {
      action = worse(action, decodeOne(attributes, flags, type, b, valOff, len, ctx, problems));
    } catch (err) {
      if (!(err instanceof BgpError)) throw err;
      if (err.action === 'session-reset' || err.action === 'afi-safi-disable') {
        throw err.data.length > 0 ? err : err.withData(b.slice(start, off));
      }
      problems.push(err.message);
      action = worse(action, err.action);
    }
  }
  const reachable = hasIpv4Nlri || attributes.mpReach !== undefined;
  if (reachable) {
    // RFC 7606 §3.d: a missing well-known mandatory attribute is treat-as-withdraw (NEXT_HOP only for IPv4 NLRI).
    const missing = [ATTR.ORIGIN, ATTR.AS_PATH, ...(hasIpv4Nlri ? [ATTR.NEXT_HOP] : [])].filter((t) => seen[t] === 0);
    if (missing.length > 0) {
      problems.push(`RFC 7606 §3.d: missing well-known attribute${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
      action = 'treat-as-withdraw';
    }
  } else if (action === 'treat-as-withdraw' && nonUnreach) {
    // RFC 7606 §5.2: attribute errors in an UPDATE that announces nothing mean the NLRI may not have been found.
    throw new BgpError(NOTIFY.UPDATE_MESSAGE, SUBCODE.UPDATE_MALFORMED_ATTRIBUTE_LIST, 'session-reset',
      `RFC 7606 §5.2: attribute errors in an UPDATE without reachable NLRI (${problems.join('; ')})`);
  }
  return { attributes, action, problems };
}

/** Decodes one attribute into `attributes`; returns the action its flags call for. */
function decodeOne(
  attributes: PathAttributes, flags: number, type: number, b: Uint8Array, off: number, len: number,
  ctx: CodecContext, problems: string[],
): UpdateAction {
  const want = expectedFlags(type);
  if (want < 0) {
    // RFC 4271 §6.3: an unrecognized well-known attribute is an error; unknown optional ones are kept.
    if ((flags & FLAG_OPTIONAL) === 0) {
      throw new BgpError(NOTIFY.UPDATE_MESSAGE, SUBCODE.UPDATE_UNRECOGNIZED_WELL_KNOWN, 'session-reset',
        `attribute type ${type} has the well-known flags but is not known`);
    }
    attributes.other.push(decodeRawAttribute(flags, type, b, off, len));
    return 'ok';
  }
  let action: UpdateAction = 'ok';
  if ((flags & 0xc0) !== want) {
    // RFC 7606 §3.c: Optional/Transitive bits in conflict with the attribute's definition: treat-as-withdraw.
    problems.push(`RFC 7606 §3.c: attribute ${type} has flags 0x${flags.toString(16)}, expected 0x${want.toString(16)}`);
    action = 'treat-as-withdraw';
    // MP_* are still parsed, since their routes are what the withdraw applies to.
    if (type !== ATTR.MP_REACH_NLRI && type !== ATTR.MP_UNREACH_NLRI) return action;
  }
  if (KEPT_RAW.has(type)) {
    checkRawAttribute(type, b, off, len, ctx);
    attributes.other.push(decodeRawAttribute(flags, type, b, off, len));
  } else {
    decodeKnownAttribute(attributes, type, b, off, len, ctx);
  }
  return action;
}

export { encodePathAttributes };
