// Golden fixtures captured from FRR 8.4, gobgpd 3.10 and os-ken 2.5 (test/fixtures/bgp/README.md):
// every file decodes, its fields are what the peer was told to send, and it re-encodes byte for byte
// where the peer's layout is ours (FRR's); otherwise to the same attributes in our canonical layout.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeMessage, encodeMessage, fromHex, toHex, isEndOfRib, isKnownRoute, formatRd, formatRt, OPEN_CONTEXT,
  type BgpMessage, type EvpnRoute, type UpdateMessage,
} from '../../../../../src/core/session-engine/wire/index.js';

const DIR = join(import.meta.dirname, '../../../../fixtures/bgp');
const FILES = readdirSync(DIR).filter((f) => f.endsWith('.hex')).sort();
const load = (f: string): Uint8Array => fromHex(readFileSync(join(DIR, f), 'utf8'));
const decode = (f: string): BgpMessage => {
  const r = decodeMessage(load(f), OPEN_CONTEXT);
  expect(r.action, r.problems.join('; ')).toBe('ok');
  return r.message;
};
const update = (f: string): UpdateMessage => {
  const m = decode(f);
  if (m.type !== 'update') throw new Error(`${f}: expected an UPDATE, got ${m.type}`);
  return m;
};

/** The attributes of an UPDATE as (type, optional/transitive/partial flags, value) in wire order, by an independent parser. */
function attributeTlvs(msg: Uint8Array): string[] {
  const wLen = (msg[19]! << 8) | msg[20]!;
  let off = 21 + wLen;
  const end = off + 2 + ((msg[off]! << 8) | msg[off + 1]!);
  off += 2;
  const out: string[] = [];
  while (off < end) {
    const ext = (msg[off]! & 0x10) !== 0;
    const len = ext ? (msg[off + 2]! << 8) | msg[off + 3]! : msg[off + 2]!;
    const hdr = ext ? 4 : 3;
    out.push(`${msg[off + 1]}/${(msg[off]! & 0xe0).toString(16)}/${toHex(msg.subarray(off + hdr, off + hdr + len))}`);
    off += hdr + len;
  }
  return out;
}

const CANONICAL = (f: string): boolean =>
  f.startsWith('frr-') || f.includes('keepalive') || f.includes('notification') || f.includes('eor-') || f === 'osken-open.hex';

describe('every fixture', () => {
  it('there are fixtures from all three peers', () => {
    for (const p of ['frr', 'gobgp', 'osken']) {
      for (const kind of ['open', 'keepalive', 'update-type3-pmsi', 'update-type2-macip', 'withdraw']) {
        expect(FILES.some((f) => f.startsWith(`${p}-${kind}`)), `${p}-${kind}`).toBe(true);
      }
      expect(FILES.some((f) => f.startsWith(`${p}-update-type2-mac`) && !f.includes('macip')), `${p} MAC-only`).toBe(true);
    }
    expect(FILES.filter((f) => f.includes('notification')).length).toBeGreaterThanOrEqual(2);
    expect(FILES.filter((f) => f.includes('eor-25-70')).length).toBeGreaterThanOrEqual(2);
  });

  for (const f of FILES) {
    it(`${f} decodes and re-encodes`, () => {
      const bytes = load(f);
      const msg = decode(f);
      const again = encodeMessage(msg, OPEN_CONTEXT);
      if (CANONICAL(f)) expect(toHex(again)).toBe(toHex(bytes));
      expect(decodeMessage(again, OPEN_CONTEXT).message).toEqual(msg);
      if (msg.type === 'update') expect(attributeTlvs(again).sort()).toEqual(attributeTlvs(bytes).sort());
    });
  }
});

const vxlanAttributes = (u: UpdateMessage, nextHop: string): void => {
  const a = u.attributes;
  expect(a.mpReach?.afi).toBe(25);
  expect(a.mpReach?.safi).toBe(70);
  expect(a.mpReach?.nextHops).toEqual([nextHop]);
  expect(a.asPath).toEqual([]);
  expect(a.localPref).toBe(100);
  const ecs = a.extCommunities ?? [];
  expect(ecs).toContainEqual({ kind: 'encapsulation', tunnelType: 8 });
  const rts = ecs.flatMap((c) => (c.kind === 'route-target' ? [formatRt(c.rt)] : []));
  expect(rts).toEqual(['65000:10']);
};
const onlyRoute = (u: UpdateMessage): EvpnRoute => {
  expect(u.attributes.mpReach?.evpn).toHaveLength(1);
  return u.attributes.mpReach!.evpn[0]!;
};

describe('what FRR sent', () => {
  it('OPEN: AS 65000, id 192.168.100.1, MP EVPN, route refresh, 4-octet AS, enhanced RR, GR', () => {
    const m = decode('frr-open.hex');
    expect(m).toMatchObject({ type: 'open', version: 4, myAs: 65000, routerId: '192.168.100.1' });
    const caps = m.type === 'open' ? m.capabilities : [];
    expect(caps).toContainEqual({ code: 1, afi: 25, safi: 70 });
    expect(caps).toContainEqual({ code: 65, asn: 65000 });
    expect(caps.map((c) => c.code)).toEqual(expect.arrayContaining([2, 70, 64, 6, 69, 73, 71, 128]));
    expect(caps.find((c) => c.code === 64)).toMatchObject({ restartTime: 120, families: [{ afi: 25, safi: 70, flags: 0 }] });
  });
  it('type 3 with PMSI ingress replication, label 10, RD router-id:2', () => {
    const u = update('frr-update-type3-pmsi.hex');
    vxlanAttributes(u, '192.168.100.1');
    expect(u.attributes.origin).toBe(0);
    const r = onlyRoute(u);
    expect(r).toEqual({ type: 3, rd: { type: 1, ip: '192.168.100.1', assigned: 2 }, etag: 0, originatorIp: '192.168.100.1' });
    expect(u.attributes.pmsiTunnel).toEqual({ flags: 0, tunnelType: 6, label: 10, tunnelId: '192.168.100.1' });
  });
  it('type 2 MAC-only and MAC+IP, label 10, ESI 0', () => {
    const mac = update('frr-update-type2-mac.hex');
    vxlanAttributes(mac, '192.168.100.1');
    const routes = mac.attributes.mpReach!.evpn;
    expect(routes.length).toBeGreaterThanOrEqual(1);
    expect(routes).toContainEqual({ type: 2, rd: { type: 1, ip: '192.168.100.1', assigned: 2 }, esi: '00:00:00:00:00:00:00:00:00:00', etag: 0, mac: '02:ac:10:ff:00:11', ip: null, label1: 10 });
    const macip = onlyRoute(update('frr-update-type2-macip.hex'));
    expect(macip).toMatchObject({ type: 2, mac: '02:ac:10:ff:00:11', ip: '10.0.0.11', label1: 10 });
    expect(isKnownRoute(macip) && formatRd(macip.rd)).toBe('192.168.100.1:2');
  });
  it('withdraw of both type 2 routes, End-of-RIB, NOTIFICATION Cease/Administrative Reset', () => {
    const w = update('frr-withdraw-type2-macip+type2-mac.hex');
    expect(w.attributes.mpReach).toBeUndefined();
    expect(w.attributes.mpUnreach?.evpn.map((r) => isKnownRoute(r) && r.type === 2 && r.ip)).toEqual(['10.0.0.11', null]);
    expect(isEndOfRib(update('frr-eor-25-70.hex'))).toBe(true);
    expect(isEndOfRib(w)).toBe(false);
    expect(decode('frr-notification-6-4.hex')).toMatchObject({ type: 'notification', code: 6, subcode: 4 });
  });
});

describe('what gobgpd sent', () => {
  it('OPEN: capabilities in one parameter, GR for EVPN, hold time 90', () => {
    const m = decode('gobgp-open.hex');
    expect(m).toMatchObject({ type: 'open', myAs: 65000, holdTime: 90, routerId: '192.168.100.2' });
    expect(m.type === 'open' && m.capabilities.map((c) => c.code)).toEqual([2, 73, 1, 65, 64, 5]);
  });
  it('its own type 3 (PMSI) and type 2 routes, as a route reflector', () => {
    const t3 = update('gobgp-update-type3-pmsi-to-frr.hex');
    vxlanAttributes(t3, '192.168.100.2');
    expect(t3.attributes.pmsiTunnel).toEqual({ flags: 0, tunnelType: 6, label: 10, tunnelId: '192.168.100.2' });
    expect(onlyRoute(t3)).toMatchObject({ type: 3, rd: { type: 1, ip: '192.168.100.2', assigned: 10 }, originatorIp: '192.168.100.2' });
    expect(t3.attributes.originatorId).toBe('192.168.100.2');
    expect(t3.attributes.clusterList).toEqual(['192.168.100.2']);
    expect(onlyRoute(update('gobgp-update-type2-macip-to-frr.hex'))).toMatchObject({ mac: '02:ac:10:ff:00:22', ip: '10.0.0.22', label1: 10 });
    expect(onlyRoute(update('gobgp-update-type2-mac-to-frr.hex'))).toMatchObject({ mac: '02:ac:10:ff:00:23', ip: null, label1: 10 });
  });
  it('reflects FRR routes to os-ken with FRR as originator and next hop', () => {
    const u = update('gobgp-update-type3-pmsi-reflected-from-frr-to-osken.hex');
    vxlanAttributes(u, '192.168.100.1');
    expect(u.attributes.originatorId).toBe('192.168.100.1');
  });
  it('End-of-RIB and NOTIFICATION Cease/Administrative Shutdown', () => {
    expect(isEndOfRib(update('gobgp-eor-25-70.hex'))).toBe(true);
    expect(decode('gobgp-notification-6-2.hex')).toMatchObject({ type: 'notification', code: 6, subcode: 2 });
  });
});

describe('what os-ken sent', () => {
  it('OPEN: MP EVPN, route refresh, 4-octet AS', () => {
    expect(decode('osken-open.hex')).toEqual({
      type: 'open', version: 4, myAs: 65000, holdTime: 40, routerId: '192.168.101.3',
      capabilities: [{ code: 1, afi: 25, safi: 70 }, { code: 2 }, { code: 65, asn: 65000 }],
    });
  });
  it('type 3 with PMSI, MAC+IP, MAC-only with MAC mobility seq 5, a withdraw', () => {
    const t3 = update('osken-update-type3-pmsi.hex');
    vxlanAttributes(t3, '192.168.101.3');
    expect(t3.attributes.pmsiTunnel).toEqual({ flags: 0, tunnelType: 6, label: 10, tunnelId: '192.168.101.3' });
    expect(onlyRoute(update('osken-update-type2-macip.hex'))).toMatchObject({ mac: '02:ac:10:ff:00:33', ip: '10.0.0.33', label1: 10 });
    const mob = update('osken-update-type2-mac-mobility.hex');
    expect(onlyRoute(mob)).toMatchObject({ mac: '02:ac:10:ff:00:34', ip: null, label1: 10 });
    expect(mob.attributes.extCommunities).toContainEqual({ kind: 'mac-mobility', sticky: false, seq: 5 });
    expect(update('osken-withdraw-type2-macip.hex').attributes.mpUnreach?.evpn[0]).toMatchObject({ mac: '02:ac:10:ff:00:33', ip: '10.0.0.33' });
  });
});
