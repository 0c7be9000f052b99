// RFC 7606 (and RFC 4271 §6) handling, case by case: which malformations are treat-as-withdraw,
// attribute-discard or a session reset with which NOTIFICATION, and that a treat-as-withdraw UPDATE
// still hands over its EVPN routes so the RIB can withdraw them.
import { describe, expect, it } from 'vitest';
import {
  BgpError, decodeMessage, fromHex, notificationText, OPEN_CONTEXT, type DecodeResult, type UpdateMessage,
} from '../../../../../src/core/session-engine/wire/index.js';

const ctx = OPEN_CONTEXT;
const hex = (s: string): number[] => [...fromHex(s)];
const attr = (flags: number, type: number, value: number[]): number[] =>
  flags & 0x10 ? [flags, type, value.length >> 8, value.length & 0xff, ...value] : [flags, type, value.length, ...value];

/** A whole UPDATE message from raw attribute octets and optional IPv4 NLRI. */
function updateBytes(attrs: number[][], nlri: number[] = [], withdrawn: number[] = []): Uint8Array {
  const body = [withdrawn.length >> 8, withdrawn.length & 0xff, ...withdrawn];
  const flat = attrs.flat();
  body.push(flat.length >> 8, flat.length & 0xff, ...flat, ...nlri);
  const len = 19 + body.length;
  return Uint8Array.from([...new Array<number>(16).fill(0xff), len >> 8, len & 0xff, 2, ...body]);
}

// FRR's type-2 MAC+IP route (from test/fixtures/bgp/frr-update-type2-macip.hex) and its attributes.
const ROUTE = hex('02250001c0a86401000200000000000000000000000000003002ac10ff0011200a00000b00000a');
const MP_REACH = attr(0x90, 14, [0, 25, 70, 4, 192, 168, 100, 1, 0, ...ROUTE]);
const ORIGIN = attr(0x40, 1, [0]);
const AS_PATH = attr(0x50, 2, []);
const LOCAL_PREF = attr(0x40, 5, [0, 0, 0, 100]);
const EXT = attr(0xc0, 16, hex('030c0000000000080002fde80000000a'));

const decode = (bytes: Uint8Array): DecodeResult => decodeMessage(bytes, ctx);
const upd = (r: DecodeResult): UpdateMessage => {
  if (r.message.type !== 'update') throw new Error(`expected an UPDATE, got ${r.message.type}`);
  return r.message;
};
function thrown(fn: () => unknown): BgpError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(BgpError);
    return err as BgpError;
  }
  throw new Error('expected a BgpError, nothing was thrown');
}
const expectWithdraw = (attrs: number[][], problem: RegExp): UpdateMessage => {
  const r = decode(updateBytes(attrs));
  expect(r.action).toBe('treat-as-withdraw');
  expect(r.problems.join('\n')).toMatch(problem);
  const u = upd(r);
  expect(u.attributes.mpReach?.evpn).toEqual([expect.objectContaining({ type: 2, mac: '02:ac:10:ff:00:11', ip: '10.0.0.11' })]);
  return u;
};
const expectReset = (bytes: Uint8Array, code: number, subcode: number): BgpError => {
  const err = thrown(() => decode(bytes));
  expect([err.notifyCode, err.notifySubcode, err.action]).toEqual([code, subcode, 'session-reset']);
  return err;
};

describe('a well-formed UPDATE', () => {
  it('is ok', () => {
    const r = decode(updateBytes([MP_REACH, ORIGIN, AS_PATH, LOCAL_PREF, EXT]));
    expect([r.action, r.problems]).toEqual(['ok', []]);
  });
});

describe('treat-as-withdraw, with the routes still extracted', () => {
  it('ORIGIN of bad length or value (§7.1)', () => {
    expectWithdraw([MP_REACH, attr(0x40, 1, [0, 0]), AS_PATH], /ORIGIN attribute: expected length 1, got 2/);
    const u = expectWithdraw([MP_REACH, attr(0x40, 1, [3]), AS_PATH], /ORIGIN.*got 3/);
    expect(u.attributes.origin).toBeUndefined();
  });
  it('malformed AS_PATH: bad segment type, empty segment, overrun (§7.2)', () => {
    expectWithdraw([MP_REACH, ORIGIN, attr(0x40, 2, [5, 1, 0, 0, 0, 1])], /segment type 1\.\.4, got 5/);
    expectWithdraw([MP_REACH, ORIGIN, attr(0x40, 2, [2, 0])], /count 0/);
    expectWithdraw([MP_REACH, ORIGIN, attr(0x40, 2, [2, 2, 0, 0, 0, 1])], /needs 8 octets/);
  });
  it('LOCAL_PREF, MED, NEXT_HOP, ORIGINATOR_ID, CLUSTER_LIST of bad length (§7.3-7.5, 7.9, 7.10)', () => {
    expectWithdraw([MP_REACH, ORIGIN, AS_PATH, attr(0x40, 5, [0, 100])], /LOCAL_PREF/);
    expectWithdraw([MP_REACH, ORIGIN, AS_PATH, attr(0x80, 4, [1])], /MULTI_EXIT_DISC/);
    expectWithdraw([MP_REACH, ORIGIN, AS_PATH, attr(0x40, 3, [1, 2, 3])], /NEXT_HOP/);
    expectWithdraw([MP_REACH, ORIGIN, AS_PATH, attr(0x80, 9, [1, 2])], /ORIGINATOR_ID/);
    expectWithdraw([MP_REACH, ORIGIN, AS_PATH, attr(0x80, 10, [1, 2, 3, 4, 5])], /CLUSTER_LIST/);
  });
  it('extended communities not a multiple of 8, PMSI shorter than 5, COMMUNITIES not a multiple of 4 (§7.14, §7.8)', () => {
    expectWithdraw([MP_REACH, ORIGIN, AS_PATH, attr(0xc0, 16, [3, 12, 0, 0, 0, 0, 0])], /EXTENDED_COMMUNITIES/);
    expectWithdraw([MP_REACH, ORIGIN, AS_PATH, attr(0xc0, 22, [0, 6, 0])], /PMSI_TUNNEL/);
    expectWithdraw([MP_REACH, ORIGIN, AS_PATH, attr(0xc0, 8, [1, 2, 3])], /COMMUNITIES/);
  });
  it('a missing well-known mandatory attribute when routes are announced (§3.d)', () => {
    expectWithdraw([MP_REACH, AS_PATH], /missing well-known attribute 1\b/);
    expectWithdraw([MP_REACH, ORIGIN], /missing well-known attribute 2\b/);
    const r = decode(updateBytes([ORIGIN, AS_PATH], [24, 10, 0, 0]));
    expect([r.action, r.problems.join()]).toEqual(['treat-as-withdraw', expect.stringMatching(/attribute 3\b/)]);
  });
  it('Optional/Transitive flags in conflict (§3.c), also on MP_REACH itself', () => {
    expectWithdraw([MP_REACH, attr(0xc0, 1, [0]), AS_PATH], /attribute 1 has flags 0xc0, expected 0x40/);
    expectWithdraw([attr(0xd0, 14, [0, 25, 70, 4, 192, 168, 100, 1, 0, ...ROUTE]), ORIGIN, AS_PATH], /attribute 14 has flags/);
  });
  it('an attribute overrunning the path attributes after MP_REACH (§4)', () => {
    const bytes = updateBytes([MP_REACH, ORIGIN, AS_PATH, [0x40, 5, 9, 0, 0]]);
    expect(decode(bytes).action).toBe('treat-as-withdraw');
    expectWithdraw([MP_REACH, ORIGIN, AS_PATH, [0x40, 5]], /can't hold an attribute header/);
  });
});

describe('attribute-discard', () => {
  it('ATOMIC_AGGREGATE of non-zero length (§7.6)', () => {
    const r = decode(updateBytes([MP_REACH, ORIGIN, AS_PATH, attr(0x40, 6, [1])]));
    expect(r.action).toBe('attribute-discard');
    expect(upd(r).attributes.atomicAggregate).toBeUndefined();
  });
  it('AGGREGATOR of the wrong length for the session (§7.7), AS4_PATH malformed (RFC 6793 §6)', () => {
    expect(decode(updateBytes([MP_REACH, ORIGIN, AS_PATH, attr(0xc0, 7, [0, 0, 1, 1, 2, 3])])).action).toBe('attribute-discard');
    expect(decode(updateBytes([MP_REACH, ORIGIN, AS_PATH, attr(0xc0, 7, [0, 0, 0, 1, 1, 2, 3, 4])])).action).toBe('ok');
    expect(decodeMessage(updateBytes([MP_REACH, ORIGIN, AS_PATH, attr(0xc0, 7, [0, 1, 1, 2, 3, 4])]), { fourOctetAs: false }).action).toBe('ok');
    const r = decode(updateBytes([MP_REACH, ORIGIN, AS_PATH, attr(0xc0, 17, [2, 1, 0])]));
    expect([r.action, upd(r).attributes.other]).toEqual(['attribute-discard', []]);
  });
  it('a repeated attribute other than MP_*: the first is kept (§3.g)', () => {
    const r = decode(updateBytes([MP_REACH, ORIGIN, AS_PATH, LOCAL_PREF, attr(0x40, 5, [0, 0, 0, 7])]));
    expect(r.action).toBe('attribute-discard');
    expect(upd(r).attributes.localPref).toBe(100);
  });
  it('never hides a worse action that came first', () => {
    const r = decode(updateBytes([MP_REACH, attr(0x40, 1, [9]), AS_PATH, attr(0x40, 6, [1])]));
    expect(r.action).toBe('treat-as-withdraw');
    expect(r.problems).toHaveLength(2);
  });
});

describe('session reset', () => {
  it('a repeated MP_REACH or MP_UNREACH: Malformed Attribute List (§3.g)', () => {
    expectReset(updateBytes([MP_REACH, ORIGIN, AS_PATH, MP_REACH]), 3, 1);
    const unreach = attr(0x80, 15, [0, 25, 70]);
    expectReset(updateBytes([unreach, unreach]), 3, 1);
  });
  it('MP_REACH with a next-hop length EVPN does not have (§7.11), data = the attribute', () => {
    const bad = attr(0x90, 14, [0, 25, 70, 5, 192, 168, 100, 1, 9, 0, ...ROUTE]);
    const err = expectReset(updateBytes([bad, ORIGIN, AS_PATH]), 3, 9);
    expect([...err.data]).toEqual(bad);
    expect(err.message).toMatch(/^UPDATE Message Error \/ Optional Attribute Error: MP_REACH_NLRI attribute: expected an EVPN next hop of 4, 16 or 32 octets, got 5/);
  });
  it('an EVPN route whose length does not parse (§5.3): Invalid Network Field', () => {
    const badRoute = [...ROUTE];
    badRoute[1] = 0x26; // claims one octet more than the MAC+IPv4 route has
    expectReset(updateBytes([attr(0x90, 14, [0, 25, 70, 4, 192, 168, 100, 1, 0, ...badRoute, 0]), ORIGIN, AS_PATH]), 3, 10);
    expectReset(updateBytes([attr(0x90, 14, [0, 25, 70, 4, 192, 168, 100, 1, 0, 2, 40, 1]), ORIGIN, AS_PATH]), 3, 10);
    const badMacLen = [...ROUTE];
    badMacLen[24] = 47;
    expectReset(updateBytes([attr(0x90, 14, [0, 25, 70, 4, 192, 168, 100, 1, 0, ...badMacLen]), ORIGIN, AS_PATH]), 3, 10);
  });
  it('attribute errors where no reachable NLRI was located (§5.2)', () => {
    expectReset(updateBytes([attr(0x40, 1, [7]), AS_PATH]), 3, 1);
    expectReset(updateBytes([ORIGIN, [0x40, 2, 200, 0]]), 3, 1); // overrun before MP_REACH could be found
    expect(decode(updateBytes([attr(0x80, 15, [0, 25, 70]), attr(0x40, 6, [1])])).action).toBe('attribute-discard');
  });
  it('an unrecognized well-known attribute (RFC 4271 §6.3); unknown optional ones are kept', () => {
    expectReset(updateBytes([MP_REACH, ORIGIN, AS_PATH, attr(0x40, 77, [1])]), 3, 2);
    const r = decode(updateBytes([MP_REACH, ORIGIN, AS_PATH, attr(0xc0, 77, [1])]));
    expect([r.action, upd(r).attributes.other]).toEqual(['ok', [{ flags: 0xc0, type: 77, value: Uint8Array.of(1) }]]);
  });
  it('withdrawn or total attribute length overrunning the message, bad IPv4 prefixes', () => {
    const ok = updateBytes([ORIGIN, AS_PATH]);
    const w = ok.slice();
    w[20] = 50;
    expectReset(w, 3, 1);
    const a = ok.slice();
    a[22] = 200;
    expectReset(a, 3, 1);
    expectReset(updateBytes([ORIGIN, AS_PATH, attr(0x40, 3, [1, 2, 3, 4])], [33, 1, 2, 3, 4, 5]), 3, 10);
    expectReset(updateBytes([], [], [24, 10, 0]), 3, 10);
  });
});

describe('header and OPEN errors (RFC 4271 §6.1, §6.2)', () => {
  const KEEPALIVE = [...new Array<number>(16).fill(0xff), 0, 19, 4];
  it('marker, length and type', () => {
    const m = Uint8Array.from(KEEPALIVE);
    m[3] = 0;
    expectReset(m, 1, 1);
    const shortLen = Uint8Array.from(KEEPALIVE);
    shortLen[17] = 18;
    expect([...expectReset(shortLen.subarray(0, 19), 1, 2).data]).toEqual([0, 18]);
    expect([...expectReset(Uint8Array.from([...KEEPALIVE.slice(0, 18), 9]), 1, 3).data]).toEqual([9]);
    expectReset(Uint8Array.from([...KEEPALIVE.slice(0, 17), 20, 4, 0]), 1, 2);
    expectReset(Uint8Array.from([...KEEPALIVE.slice(0, 17), 28, 1, ...new Array<number>(9).fill(0)]), 1, 2);
    expectReset(Uint8Array.from(KEEPALIVE.slice(0, 10)), 1, 2);
  });
  it('ROUTE-REFRESH of the wrong length: ROUTE-REFRESH Message Error (RFC 7313 §5)', () => {
    const rr = Uint8Array.from([...KEEPALIVE.slice(0, 17), 24, 5, 0, 25, 0, 70, 0]);
    expect(expectReset(rr, 7, 1).data).toEqual(rr);
  });
  const open = (params: number[]): Uint8Array => {
    const body = [4, 0xfd, 0xe8, 0, 90, 1, 2, 3, 4, params.length, ...params];
    return Uint8Array.from([...KEEPALIVE.slice(0, 16), 0, 19 + body.length, 1, ...body]);
  };
  it('optional parameters: unsupported type, malformed capability, bad lengths', () => {
    expectReset(open([1, 2, 0, 0]), 2, 4);
    expectReset(open([2, 5, 1, 3, 0, 25, 70]), 2, 0);
    expectReset(open([2, 9, 1, 4, 0, 25, 0, 70]), 2, 0);
    const o = open([2, 6, 1, 4, 0, 25, 0, 70]);
    o[28] = 7;
    expectReset(o, 2, 0);
  });
  it('the RFC 9072 extended optional parameters form decodes', () => {
    const params = [2, 0, 6, 1, 4, 0, 25, 0, 70];
    const body = [4, 0xfd, 0xe8, 0, 90, 1, 2, 3, 4, 255, 255, 0, params.length, ...params];
    const r = decode(Uint8Array.from([...KEEPALIVE.slice(0, 16), 0, 19 + body.length, 1, ...body]));
    expect(r.message).toMatchObject({ type: 'open', capabilities: [{ code: 1, afi: 25, safi: 70 }] });
  });
});

describe('notificationText', () => {
  it('names codes and subcodes as RFC 4271 §4.5, RFC 4486 and RFC 7313 do', () => {
    expect(notificationText(2, 2)).toBe('OPEN Message Error / Bad Peer AS');
    expect(notificationText(6, 7)).toBe('Cease / Connection Collision Resolution');
    expect(notificationText(3, 11)).toBe('UPDATE Message Error / Malformed AS_PATH');
    expect(notificationText(7, 1)).toBe('ROUTE-REFRESH Message Error / Invalid Message Length');
    expect(notificationText(4, 0)).toBe('Hold Timer Expired / Unspecific');
    expect(notificationText(9, 1)).toBe('Unknown Error Code 9 / Unknown Subcode 1');
  });
});
