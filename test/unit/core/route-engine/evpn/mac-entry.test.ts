import { describe, expect, it } from 'vitest';
import { routeKey } from '../../../../../src/core/route-engine/rib/keys.js';
import type { Path } from '../../../../../src/core/route-engine/rib/path.js';
import { MacEntry } from '../../../../../src/core/route-engine/evpn/mac-entry.js';
import { attrs, macRoute } from '../../../../support/evpn-fixtures.js';

const MAC = '02:00:00:00:00:01';
const path = (rd: string, ip: string | null): Path => {
  const nlri = macRoute(rd, MAC, ip);
  return { peer: { address: '10.255.0.1', routerId: '10.255.0.1', ebgp: false }, key: routeKey(nlri), nlri, attributes: attrs(), nextHop: rd, receivedAt: 0, accepted: true, reflected: false, group: false, stale: false };
};

describe('MacEntry remote paths', () => {
  it('keeps arrival order through the two slots and the overflow, removing from anywhere', () => {
    const e = new MacEntry(MAC);
    const p = [path('10.0.0.1', null), path('10.0.0.1', '10.1.0.1'), path('10.0.0.2', null), path('10.0.0.2', '10.1.0.2'), path('10.0.0.3', null)];
    expect(e.noRemote).toBe(true);
    expect(e.remote()).toEqual([]);
    for (const x of p) e.addRemote(x);
    expect(e.remote()).toEqual(p);
    e.removeRemote(p[0]!.key); // first slot: everything moves up
    expect(e.remote()).toEqual([p[1], p[2], p[3], p[4]]);
    e.removeRemote(p[3]!.key); // in the overflow
    expect(e.remote()).toEqual([p[1], p[2], p[4]]);
    e.removeRemote(p[2]!.key); // second slot
    expect(e.remote()).toEqual([p[1], p[4]]);
    e.removeRemote('no such key');
    expect(e.remote()).toEqual([p[1], p[4]]);
    e.removeRemote(p[1]!.key);
    e.removeRemote(p[4]!.key);
    expect(e.noRemote).toBe(true);
    e.addRemote(p[0]!);
    expect(e.remote()).toEqual([p[0]]);
  });

  it('hands out a fresh array each time, so a placement cannot change the entry', () => {
    const e = new MacEntry(MAC);
    e.addRemote(path('10.0.0.1', null));
    e.addRemote(path('10.0.0.1', '10.1.0.1'));
    expect(e.remote()).not.toBe(e.remote());
  });
});

describe('MacEntry IPs', () => {
  it('gives back what was set, none, one or several', () => {
    const e = new MacEntry(MAC);
    expect(e.ips).toEqual([]);
    e.ips = ['10.0.0.1'];
    expect(e.ips).toEqual(['10.0.0.1']);
    e.ips = ['10.0.0.1', '2001:db8::1'];
    expect(e.ips).toEqual(['10.0.0.1', '2001:db8::1']);
    e.ips = [];
    expect(e.ips).toEqual([]);
  });
});

