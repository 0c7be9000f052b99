import { describe, expect, it } from 'vitest';
import { attributesSizeBound, mpReachOverhead, nlriSize } from '../../../../../src/core/route-engine/rib/message-size.js';
import { packUpdates, type Announcement } from '../../../../../src/core/route-engine/rib/update-packer.js';
import { endOfRib } from '../../../../../src/core/session-engine/wire/end-of-rib.js';
import { readUpdate } from '../../../../../src/core/route-engine/rib/update-reader.js';
import type { EvpnNlri, UpdateMessage } from '../../../../../src/core/session-engine/wire/types.js';
import { ZERO_ESI, attrs, imetRoute, macRoute } from '../../../../support/evpn-fixtures.js';

const mac = (i: number): string => `02:00:00:00:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`;
const NH = '192.168.100.2';

/** Upper bound of a packed message's size, from the sizes the task fixes (RFC 7432 §7.2, §7.3). */
function sizeOf(msg: UpdateMessage): number {
  const { mpReach, mpUnreach, ...rest } = msg.attributes;
  const nlri = [...(mpReach?.evpn ?? []), ...(mpUnreach?.evpn ?? [])] as EvpnNlri[];
  const mp = mpReach ? mpReachOverhead(mpReach.nextHops) : 7;
  return 23 + attributesSizeBound(rest) + mp + nlri.reduce((n, r) => n + nlriSize(r), 0);
}

describe('nlriSize', () => {
  it('matches the encoded sizes of RFC 7432 §7.2/§7.3 (type and length octets included)', () => {
    expect(nlriSize(macRoute('1.1.1.1', mac(1)))).toBe(33 + 2);
    expect(nlriSize(macRoute('1.1.1.1', mac(1), '10.0.0.1'))).toBe(37 + 2);
    expect(nlriSize(macRoute('1.1.1.1', mac(1), '2001:db8::1'))).toBe(49 + 2);
    expect(nlriSize(imetRoute('1.1.1.1'))).toBe(17 + 2);
    expect(nlriSize({ ...macRoute('1.1.1.1', mac(1), '10.0.0.1'), label2: 5000 })).toBe(40 + 2);
    const rd = { type: 1 as const, ip: '1.1.1.1', assigned: 1 };
    expect(nlriSize({ type: 1, rd, esi: ZERO_ESI, etag: 0, label: 1 })).toBe(25 + 2);
    expect(nlriSize({ type: 4, rd, esi: ZERO_ESI, originatorIp: '1.1.1.1' })).toBe(23 + 2);
    expect(nlriSize({ type: 5, rd, esi: ZERO_ESI, etag: 0, prefix: '10.0.0.0/24', gateway: '0.0.0.0', label: 1 })).toBe(34 + 2);
  });
});

describe('packUpdates', () => {
  it('puts routes with identical attributes (by reference) and next hop into one UPDATE', () => {
    const shared = attrs();
    const ann: Announcement[] = Array.from({ length: 50 }, (_, i) => ({ nlri: macRoute(NH, mac(i)), attributes: shared, nextHop: NH }));
    const msgs = packUpdates([], ann);
    expect(msgs).toHaveLength(1);
    expect(msgs[0]?.attributes.mpReach?.evpn).toHaveLength(50);
    expect(msgs[0]?.attributes.mpReach?.nextHops).toEqual([NH]);
    expect(msgs[0]?.attributes.extCommunities).toBe(shared.extCommunities);
  });

  it('keeps different attributes and different next hops in different UPDATEs', () => {
    const a = attrs();
    const b = attrs({ seq: 1 });
    const msgs = packUpdates([], [
      { nlri: macRoute(NH, mac(1)), attributes: a, nextHop: NH },
      { nlri: macRoute(NH, mac(2)), attributes: b, nextHop: NH },
      { nlri: macRoute(NH, mac(3)), attributes: a, nextHop: '192.168.100.3' },
      { nlri: macRoute(NH, mac(4)), attributes: a, nextHop: NH },
    ]);
    expect(msgs.map((m) => m.attributes.mpReach?.evpn.length)).toEqual([2, 1, 1]);
  });

  it('never exceeds 4096 bytes and fills each message before starting the next', () => {
    const shared = attrs();
    const ann = Array.from({ length: 1000 }, (_, i) => ({ nlri: macRoute(NH, mac(i), `10.0.${i >> 8}.${i & 0xff}`), attributes: shared, nextHop: NH }));
    const msgs = packUpdates([], ann);
    const perRoute = 39;
    const base = sizeOf(packUpdates([], [ann[0] as Announcement])[0] as UpdateMessage) - perRoute;
    const capacity = Math.floor((4096 - base) / perRoute);
    expect(msgs).toHaveLength(Math.ceil(1000 / capacity));
    for (const m of msgs) expect(sizeOf(m)).toBeLessThanOrEqual(4096);
    for (const m of msgs.slice(0, -1)) expect(sizeOf(m) + perRoute).toBeGreaterThan(4096);
    expect(msgs.flatMap((m) => m.attributes.mpReach?.evpn ?? [])).toHaveLength(1000);
  });

  it('uses larger messages when the peer negotiated Extended Message (RFC 8654)', () => {
    const shared = attrs();
    const ann = Array.from({ length: 1000 }, (_, i) => ({ nlri: macRoute(NH, mac(i)), attributes: shared, nextHop: NH }));
    expect(packUpdates([], ann, 65535)).toHaveLength(1);
  });

  it('sends withdrawals in MP_UNREACH_NLRI, first, within the limit', () => {
    const shared = attrs();
    const gone = Array.from({ length: 300 }, (_, i) => macRoute(NH, mac(i)));
    const msgs = packUpdates(gone, [{ nlri: imetRoute(NH), attributes: shared, nextHop: NH }]);
    const unreach = msgs.filter((m) => m.attributes.mpUnreach !== undefined);
    expect(unreach.length).toBeGreaterThan(1);
    expect(msgs.at(-1)?.attributes.mpReach?.evpn).toEqual([imetRoute(NH)]);
    for (const m of unreach) {
      expect(m.attributes.mpReach).toBeUndefined();
      expect(m.attributes.mpUnreach).toMatchObject({ afi: 25, safi: 70 });
      expect(sizeOf(m)).toBeLessThanOrEqual(4096);
    }
    expect(unreach.flatMap((m) => m.attributes.mpUnreach?.evpn ?? [])).toEqual(gone);
  });

  it('builds an End-of-RIB that the reader recognizes, and nothing else looks like one', () => {
    expect(readUpdate(endOfRib()).endOfRib).toBe(true);
    expect(readUpdate(packUpdates([macRoute(NH, mac(1))], [])[0] as UpdateMessage).endOfRib).toBe(false);
  });
});
