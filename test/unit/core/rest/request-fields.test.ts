import { describe, expect, it } from 'vitest';
import { clientSpec, neighborConfig, networkSpec, speakerConfig } from '../../../../src/core/api/inputs.js';
import { clientRequest, networkRequest, neighborRequest, renameFields, speakerRequest, REST_NAME_OF } from '../../../../src/core/rest/request-fields.js';

describe('rest_vtep bodies to core inputs', () => {
  it('maps a speaker and keeps dpid aside (numbers or strings, "0x.." too)', () => {
    const { input, dpid } = speakerRequest({ dpid: 1, as_number: 65000, router_id: '172.17.0.1' });
    expect(input).toEqual({ asn: 65000, routerId: '172.17.0.1' });
    expect(dpid).toBe(1);
    expect(speakerRequest({ dpid: '0x0a', as_number: '65000', router_id: '172.17.0.1' }).dpid).toBe(10);
    expect(speakerRequest({ as_number: 65000, router_id: '192.168.10.20' }).dpid).toBeUndefined();
    expect(() => speakerRequest({ dpid: -1 })).toThrow(/invalid dpid -1/);
    // The renamed input is what the core's own normalizer accepts.
    expect(speakerConfig(speakerRequest({ as_number: '0xfde8', router_id: '172.17.0.1', vtep_ip: '10.0.0.1' }).input)).toMatchObject({ asn: 65000, routerId: '172.17.0.1', vtepIp: '10.0.0.1' });
    expect(speakerConfig(speakerRequest({ as_number: 65000, router_id: '172.17.0.1', vtep_ip6: 'fd00::1' }).input)).toMatchObject({ vtepIp6: 'fd00::1' });
  });

  it('maps neighbors and networks, Neutron or plain OVN', () => {
    expect(neighborConfig(neighborRequest({ address: '172.17.0.2', remote_as: 65000 }))).toMatchObject({ address: '172.17.0.2', remoteAs: 65000 });
    expect(networkSpec(networkRequest({ vni: 10, network_id: '7d29da33-5d12-4c04-95de-1672709ae946' }))).toMatchObject({
      vni: 10, logicalSwitch: 'neutron-7d29da33-5d12-4c04-95de-1672709ae946', networkId: '7d29da33-5d12-4c04-95de-1672709ae946',
    });
    expect(networkSpec(networkRequest({ vni: '0x0a', logical_switch: 'ls1', route_dist: '65000:10' }))).toMatchObject({ vni: 10, logicalSwitch: 'ls1', rd: '65000:10' });
  });

  it('takes the VNI of a client from the path; a body vni must agree', () => {
    expect(clientSpec(clientRequest(10, { port: 's1-eth1', mac: 'aa:bb:cc:00:00:11', ip: '10.0.0.11' }))).toEqual({ vni: 10, port: 's1-eth1', mac: 'aa:bb:cc:00:00:11', ip: '10.0.0.11' });
    expect(clientRequest(10, { port: 'p', vni: '0x0a' }).vni).toBe(10);
    expect(() => clientRequest(10, { port: 'p', vni: 11 })).toThrow(/invalid vni 11: expected the VNI of the path \(10\)/);
  });

  it('refuses fields it does not know with 400, listing the known ones', () => {
    expect(() => networkRequest({ vni: 10, logicalSwitch: 'ls1' })).toThrow(/unknown field "logicalSwitch" in the network: expected some of vni, network_id, logical_switch/);
    expect(() => renameFields({ asn: 1 }, new Map([['as_number', 'asn']]), 'speaker', ['dpid'])).toThrow(expect.objectContaining({ status: 400, message: expect.stringMatching(/as_number, dpid$/) }));
  });

  it('knows the REST name of every core field it maps', () => {
    expect(Object.fromEntries(REST_NAME_OF)).toMatchObject({ asn: 'as_number', routerId: 'router_id', remoteAs: 'remote_as', networkId: 'network_id', logicalSwitch: 'logical_switch', rd: 'route_dist', vni: 'vni', port: 'port', mac: 'mac', ip: 'ip' });
  });

  // Issue 14 (6): names were looked up on a plain object, so Object.prototype's members counted as known.
  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'])('refuses %s as a field name in every body', (name) => {
    const body = (): Record<string, unknown> => JSON.parse(`{"${name}": {"x": 1}}`) as Record<string, unknown>;
    for (const parse of [() => speakerRequest({ as_number: 65000, router_id: '10.0.0.1', ...body() }), () => neighborRequest({ address: '10.0.0.2', remote_as: 65000, ...body() }),
      () => networkRequest({ vni: 10, logical_switch: 'ls', ...body() }), () => clientRequest(10, { port: 'p', ...body() })]) {
      expect(parse).toThrow(expect.objectContaining({ status: 400, message: expect.stringContaining(`unknown field ${JSON.stringify(name)}`) }));
    }
  });
});
