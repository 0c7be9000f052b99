// The adapter against the real core API (real state file); only the BGP/OVN runtime is scripted.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HttpError } from '../../../../src/core/http/http-error.js';
import { toRestError } from '../../../../src/core/rest/rest-errors.js';
import { VtepAdapter } from '../../../../src/core/rest/vtep-adapter.js';
import { openCoreApi } from '../../../support/core-api.js';

/** The REST answer for a failing adapter call: status and message, as the server would send them. */
async function restFailure(p: Promise<unknown>): Promise<{ status: number; message: string }> {
  const err = toRestError(await p.then(() => undefined, (e: unknown) => e));
  if (!(err instanceof HttpError)) throw new Error(`expected an HttpError, got ${String(err)}`);
  return { status: err.status, message: err.message };
}

describe('VtepAdapter over the core API', () => {
  let core: ReturnType<typeof openCoreApi>;
  let rest: VtepAdapter;
  beforeEach(() => {
    core = openCoreApi();
    rest = new VtepAdapter(core.api);
  });
  afterEach(() => core.dispose());

  it('runs the rest_vtep sequence and shows live session state and every kind of client', async () => {
    expect(await rest.addSpeaker({ dpid: 1, as_number: 65000, router_id: '172.17.0.1' })).toEqual({
      '172.17.0.1': { EvpnSpeaker: { as_number: 65000, dpid: 1, neighbors: {}, router_id: '172.17.0.1' } },
    });
    expect(await rest.addNeighbor({ address: '172.17.0.2', remote_as: '65000' })).toEqual({
      '172.17.0.2': { EvpnNeighbor: { address: '172.17.0.2', remote_as: 65000, state: 'down' } },
    });
    core.runtime.states.set('172.17.0.2', 'established');
    expect(await rest.getSpeakers()).toEqual({
      '172.17.0.1': { EvpnSpeaker: { as_number: 65000, dpid: 1, neighbors: { '172.17.0.2': { EvpnNeighbor: { address: '172.17.0.2', remote_as: 65000, state: 'up' } } }, router_id: '172.17.0.1' } },
    });
    expect(await rest.addNetwork({ vni: 10, logical_switch: 'ls-a', route_dist: '65000:10' })).toEqual({
      10: { EvpnNetwork: { clients: {}, ethernet_tag_id: 0, route_dist: '65000:10', vni: 10 } },
    });
    expect(await rest.addClient('10', { port: 's1-eth1', mac: 'AA:BB:CC:00:00:11', ip: '10.0.0.11' })).toEqual({
      10: { EvpnClient: { ip: '10.0.0.11', mac: 'aa:bb:cc:00:00:11', next_hop: '172.17.0.1', port: 's1-eth1' } },
    });
    core.runtime.learned.push(
      { vni: 10, mac: 'aa:bb:cc:00:00:21', ip: '10.0.0.21', port: null, source: 'remote', nextHop: '172.17.0.2' },
      { vni: 10, mac: 'aa:bb:cc:00:00:12', ip: null, port: 'vm-12', source: 'ovn', nextHop: '172.17.0.1' },
    );
    const expected = {
      10: { EvpnNetwork: { clients: {
        'aa:bb:cc:00:00:11': { EvpnClient: { ip: '10.0.0.11', mac: 'aa:bb:cc:00:00:11', next_hop: '172.17.0.1', port: 's1-eth1' } },
        'aa:bb:cc:00:00:21': { EvpnClient: { ip: '10.0.0.21', mac: 'aa:bb:cc:00:00:21', next_hop: '172.17.0.2', port: null } },
        'aa:bb:cc:00:00:12': { EvpnClient: { ip: null, mac: 'aa:bb:cc:00:00:12', next_hop: '172.17.0.1', port: 'vm-12' } },
      }, ethernet_tag_id: 0, route_dist: '65000:10', vni: 10 } },
    };
    expect(await rest.getNetworks()).toEqual(expected);
    expect(await rest.getNetwork('0x0a')).toEqual(expected);
    expect(await rest.delClient('10', 'aa:bb:cc:00:00:11')).toEqual({ 10: { EvpnClient: { ip: '10.0.0.11', mac: 'aa:bb:cc:00:00:11', next_hop: '172.17.0.1', port: 's1-eth1' } } });
    const deleted = await rest.delNetwork('10') as typeof expected;
    expect(Object.keys(deleted[10].EvpnNetwork.clients)).toEqual(['aa:bb:cc:00:00:21', 'aa:bb:cc:00:00:12']);
    expect(await rest.delNeighbor('172.17.0.2')).toEqual({ '172.17.0.2': { EvpnNeighbor: { address: '172.17.0.2', remote_as: 65000, state: 'up' } } });
    expect(await rest.delSpeaker()).toEqual({ '172.17.0.1': { EvpnSpeaker: { as_number: 65000, dpid: 1, neighbors: {}, router_id: '172.17.0.1' } } });
    expect(core.api.desired).toEqual({ neighbors: [], networks: [], clients: [] });
  });

  it('echoes dpid only for the speaker it came with', async () => {
    await core.api.speakerAdd({ asn: 65000, routerId: '192.168.10.20' }); // made with the CLI: no dpid
    expect(await rest.getSpeakers()).toMatchObject({ '192.168.10.20': { EvpnSpeaker: { dpid: null } } });
    await rest.delSpeaker();
    await rest.addSpeaker({ dpid: '0x2', as_number: 65000, router_id: '172.17.0.1' });
    expect(await rest.getSpeakers()).toMatchObject({ '172.17.0.1': { EvpnSpeaker: { dpid: 2 } } });
    await rest.delSpeaker();
    await rest.addSpeaker({ as_number: 65000, router_id: '172.17.0.1' });
    expect(await rest.getSpeakers()).toMatchObject({ '172.17.0.1': { EvpnSpeaker: { dpid: null } } });
  });

  it("answers unknown things with rest_vtep's texts, from the core's real messages", async () => {
    expect(await restFailure(rest.getSpeakers())).toEqual({ status: 404, message: 'BGPSpeaker could not be found' });
    expect(await restFailure(rest.delSpeaker())).toEqual({ status: 404, message: 'BGPSpeaker could not be found' });
    expect(await restFailure(rest.addNeighbor({ address: '172.17.0.2', remote_as: 65000 }))).toEqual({ status: 404, message: 'BGPSpeaker could not be found' });
    await rest.addSpeaker({ as_number: 65000, router_id: '172.17.0.1' });
    await rest.addNetwork({ vni: 10, logical_switch: 'ls-a' });
    expect(await restFailure(rest.getNetwork('99'))).toEqual({ status: 404, message: 'No such VNI: 99' });
    expect(await restFailure(rest.delNetwork('99'))).toEqual({ status: 404, message: 'No such VNI: 99' });
    expect(await restFailure(rest.addClient('99', { port: 'p', mac: 'aa:bb:cc:dd:ee:ff' }))).toEqual({ status: 404, message: 'No such VNI: 99' });
    expect(await restFailure(rest.getNeighbor('172.17.0.9'))).toEqual({ status: 404, message: 'No such neighbor: 172.17.0.9' });
    expect(await restFailure(rest.delNeighbor('172.17.0.9'))).toEqual({ status: 404, message: 'No such neighbor: 172.17.0.9' });
    expect(await restFailure(rest.delClient('10', 'aa:bb:cc:dd:ee:ff'))).toEqual({ status: 404, message: 'No such client: aa:bb:cc:dd:ee:ff' });
    expect(await restFailure(rest.getNetwork('0'))).toEqual({ status: 400, message: 'invalid vni "0": expected an integer from 1 to 16777215' });
    expect(await restFailure(rest.addNetwork({ vni: 10, logical_switch: 'ls-b' }))).toMatchObject({ status: 409, message: expect.stringMatching(/VNI 10 already exists/) });
    expect(await restFailure(rest.addSpeaker({ as_number: 65000, router_id: '172.17.0.1' }))).toMatchObject({ status: 409 });
  });
});
