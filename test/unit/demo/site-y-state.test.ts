import { describe, expect, it } from 'vitest';
import { describeEvpnObjects, lspOf, type EvpnObjects } from '../../../src/demo/site-y-state.js';

const objects: EvpnObjects = {
  lsps: [
    { name: 'evpn-10-192.168.100.1', addresses: ['02:ac:10:ff:00:11 10.0.0.11', 'unknown'], vni: 10, vtep: '192.168.100.1' },
    { name: 'evpn-20-192.168.100.1', addresses: ['unknown'], vni: 20, vtep: '192.168.100.1' },
  ],
  vxlanPorts: [{ name: 'vx-a', remoteIp: '192.168.100.1', key: '10', ifaceId: 'evpn-10-192.168.100.1' }],
};

describe('site Y state', () => {
  it('finds the LSP of a (VNI, VTEP) pair by its identity, not its name', () => {
    expect(lspOf(objects, 20, '192.168.100.1')?.addresses).toEqual(['unknown']);
    expect(lspOf(objects, 10, '192.168.100.3')).toBeUndefined();
  });

  it('describes LSPs and ports one per line', () => {
    expect(describeEvpnObjects(objects)).toEqual([
      'LSP evpn-10-192.168.100.1: "02:ac:10:ff:00:11 10.0.0.11" "unknown"',
      'LSP evpn-20-192.168.100.1: "unknown"',
      'br-int vx-a: vxlan remote_ip=192.168.100.1 key=10 iface-id=evpn-10-192.168.100.1',
    ]);
  });
});
