import { describe, expect, it } from 'vitest';
import type { ClientView, NeighborView, NetworkView, SpeakerView } from '../../../../src/core/model/views.js';
import { clientShape, networkShape, networksShape, neighborsShape, speakerShape } from '../../../../src/core/rest/shapes.js';

const speaker: SpeakerView = { asn: 65000, routerId: '172.17.0.1', vtepIp: '172.17.0.1', vtepIp4: '172.17.0.1', vtepIp6: null, listenAddress: null, listenPort: 179 };
const neighbor = (state: NeighborView['state']): NeighborView => ({
  address: '172.17.0.2', remoteAs: 65000, localAddress: null, port: 179, passive: false, holdTime: 90, ebgpMultihop: null, type: 'ibgp',
  state, uptime: null, prefixes: { received: 0, accepted: 0, advertised: 0 }, capabilities: [], negotiatedHoldTime: null, lastError: null, lastErrorAge: null,
  messages: { sent: 0, received: 0 }, lastAttemptError: null, downtime: null, peerRouterId: null, connection: null,
  routeTypes: { 1: { received: 0, accepted: 0, advertised: 0 }, 2: { received: 0, accepted: 0, advertised: 0 }, 3: { received: 0, accepted: 0, advertised: 0 }, 4: { received: 0, accepted: 0, advertised: 0 }, 5: { received: 0, accepted: 0, advertised: 0 } },
  history: [],
});
const network: NetworkView = {
  vni: 10, logicalSwitch: 'ls1', networkId: null, rd: '65000:10', importRts: ['65000:10'], importMatch: ['65000:10'], exportRts: ['65000:10'], floodUnknown: true,
  localMacs: 1, remoteMacs: 1, remoteVteps: ['172.17.0.2'], floodVteps: ['172.17.0.2'], switchStatus: 'ok', duplicateMacs: [],
};
const local: ClientView = { vni: 10, mac: 'aa:bb:cc:00:00:11', ip: '10.0.0.11', port: 's1-eth1', source: 'config', nextHop: '172.17.0.1' };
const remote: ClientView = { vni: 10, mac: 'aa:bb:cc:00:00:21', ip: '10.0.0.21', port: null, source: 'remote', nextHop: '172.17.0.2' };

describe('rest_vtep shapes', () => {
  it('a speaker, byte for byte in the documented key order', () => {
    expect(JSON.stringify(speakerShape(speaker, [neighbor('established')], 1))).toBe(
      '{"172.17.0.1":{"EvpnSpeaker":{"as_number":65000,"dpid":1,"neighbors":{"172.17.0.2":{"EvpnNeighbor":{"address":"172.17.0.2","remote_as":65000,"state":"up"}}},"router_id":"172.17.0.1"}}}',
    );
    expect(speakerShape(speaker, [], null)['172.17.0.1']?.EvpnSpeaker).toEqual({ as_number: 65000, dpid: null, neighbors: {}, router_id: '172.17.0.1' });
  });

  it('a neighbor is "up" only when Established', () => {
    for (const s of ['idle', 'connect', 'active', 'opensent', 'openconfirm'] as const) {
      expect(neighborsShape([neighbor(s)])['172.17.0.2']?.EvpnNeighbor.state).toBe('down');
    }
    expect(neighborsShape([neighbor('established')])['172.17.0.2']?.EvpnNeighbor.state).toBe('up');
  });

  it('a network with its local and remote clients keyed by MAC, Ethernet Tag 0', () => {
    expect(JSON.stringify(networkShape(network, [local, remote]))).toBe(
      '{"10":{"EvpnNetwork":{"clients":{"aa:bb:cc:00:00:11":{"EvpnClient":{"ip":"10.0.0.11","mac":"aa:bb:cc:00:00:11","next_hop":"172.17.0.1","port":"s1-eth1"}},' +
      '"aa:bb:cc:00:00:21":{"EvpnClient":{"ip":"10.0.0.21","mac":"aa:bb:cc:00:00:21","next_hop":"172.17.0.2","port":null}}},"ethernet_tag_id":0,"route_dist":"65000:10","vni":10}}}',
    );
  });

  it('a remote client carries the OpenFlow port of the VXLAN interface towards its VTEP, as rest_vtep\'s "port": 3', () => {
    const shaped = networkShape(network, [{ ...remote, ofport: 3 }])['10']?.EvpnNetwork.clients;
    expect(shaped?.['aa:bb:cc:00:00:21']?.EvpnClient).toEqual({ ip: '10.0.0.21', mac: 'aa:bb:cc:00:00:21', next_hop: '172.17.0.2', port: 3 });
  });

  it('shows a MAC once, the configured client first; other VNIs\' clients stay out', () => {
    const ovnCopy: ClientView = { ...local, source: 'ovn', port: 'other-port' };
    const elsewhere: ClientView = { ...remote, vni: 20 };
    const shaped = networkShape(network, [local, ovnCopy, elsewhere])['10']?.EvpnNetwork.clients;
    expect(Object.keys(shaped ?? {})).toEqual(['aa:bb:cc:00:00:11']);
    expect(shaped?.['aa:bb:cc:00:00:11']?.EvpnClient.port).toBe('s1-eth1');
  });

  it('lists networks keyed by VNI and wraps a client in its VNI', () => {
    const all = networksShape([network, { ...network, vni: 20, rd: '65000:20' }], [local, { ...remote, vni: 20 }]);
    expect(Object.keys(all)).toEqual(['10', '20']);
    expect(Object.keys(all['20']?.EvpnNetwork.clients ?? {})).toEqual(['aa:bb:cc:00:00:21']);
    expect(networksShape([], [])).toEqual({});
    expect(clientShape(local)).toEqual({ 10: { EvpnClient: { ip: '10.0.0.11', mac: 'aa:bb:cc:00:00:11', next_hop: '172.17.0.1', port: 's1-eth1' } } });
  });
});
