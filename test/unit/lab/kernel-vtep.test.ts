import { describe, expect, it } from 'vitest';
import { parseFdb } from '../../../src/lab/kernel-vtep.js';

describe('parseFdb', () => {
  it('reads `bridge -j fdb show dev vxlan10` as FRR leaves it (captured in the lab)', () => {
    const json = [
      { mac: '02:ac:10:ff:00:22', flags: ['extern_learn'], master: 'br10', state: '' },
      { mac: '02:ac:10:ff:00:22', flags: ['self', 'extern_learn'], dst: '192.168.100.2', state: '' },
      { mac: '00:00:00:00:00:00', flags: ['self'], dst: '192.168.100.2', state: 'permanent' },
    ];
    expect(parseFdb(json, 'vxlan10')).toEqual([
      { mac: '02:ac:10:ff:00:22', ifname: 'vxlan10', flags: ['extern_learn'], master: 'br10' },
      { mac: '02:ac:10:ff:00:22', ifname: 'vxlan10', flags: ['self', 'extern_learn'], dst: '192.168.100.2' },
      { mac: '00:00:00:00:00:00', ifname: 'vxlan10', flags: ['self'], dst: '192.168.100.2', state: 'permanent' },
    ]);
  });

  it('needs ifname when no device was given, and an array', () => {
    expect(() => parseFdb([{ mac: '02:00:00:00:00:01' }])).toThrow(/"mac" and "ifname"/);
    expect(() => parseFdb({})).toThrow(/expected a JSON array/);
  });
});
