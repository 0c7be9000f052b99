// Issue 11 acceptance: `neighbor set --hold-time` and `network set --import-rt` change live behaviour with no
// lost ping in the demo lab (FRR VTEP h1 <-> OVN vm1 via evpnctl). A 0.1 s ping runs both ways while the
// settings change; every echo must come back, FRR must see no session drop, and the vxlan interface and
// EVPN LSPs must be the same rows (nothing re-created).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NeighborView, NetworkView } from '../../src/core/model/views.js';
import { ping } from '../../src/lab/hosts.js';
import { sleep, waitFor } from '../../src/lab/wait.js';
import { waitReachable } from '../../src/lab/topology/verify.js';
import { setUpDemo, type DemoFixture } from '../support/demo-fixture.js';
import { downAndVerify } from '../support/lab-teardown.js';

let fx: DemoFixture | undefined;

beforeAll(async () => {
  fx = await setUpDemo('e2e change in place', { holdTimeS: 6 });
});
afterAll(() => downAndVerify(fx?.demo.lab));

describe('changes in place under a 0.1 s ping (the demo lab)', () => {
  it('neighbor set --hold-time and network set --import-rt/--export-rt: 0 lost, no session reset, OVN objects untouched', async () => {
    if (!fx) throw new Error('the demo lab was not built (see beforeAll)');
    const { lab, cli } = fx.demo;
    const frr = lab.frr.x;
    if (!frr) throw new Error('expected FRR on site X');
    const h1 = fx.demo.host('h1');
    const vm1 = fx.demo.host('vm1');
    const x = lab.x.vtepIp;
    await waitReachable(h1, vm1.ip);
    await waitReachable(vm1, h1.ip);
    const identity = async () => JSON.stringify([
      await lab.y.ovs.vsctl('--format=json', '--columns=_uuid,name,ofport,options', 'find', 'Interface', 'type=vxlan'),
      await lab.y.ovn.nbctl('--format=json', '--columns=_uuid,name,addresses', 'find', 'Logical_Switch_Port', 'external_ids:"evpnctl-managed"="true"'),
    ]);
    const objectsBefore = await identity();
    const dropped = async () => Number((await frr.neighbors())[lab.y.vtepIp]?.connectionsDropped ?? -1);
    const droppedBefore = await dropped();
    const count = 80; // 8 s at 0.1 s: the changes below take well under that
    const notes: string[] = [];
    const set = async (...args: string[]) => {
      const r = await cli.json<{ notes: string[] }>(args);
      notes.push(...r.notes);
    };
    const pings = Promise.all([ping(h1, vm1.ip, { count, intervalS: 0.1, waitS: 1 }), ping(vm1, h1.ip, { count, intervalS: 0.1, waitS: 1 })]);
    await sleep(1000);
    await set('neighbor', 'set', x, '--hold-time', '9');
    await sleep(500);
    await set('network', 'set', '--vni', '10', '--import-rt', '65000:10');
    await sleep(500);
    await set('network', 'set', '--vni', '10', '--export-rt', '65000:10', '--import-rt', 'auto');
    await sleep(500);
    await set('neighbor', 'set', x, '--hold-time', '6');
    const [a, b] = await pings;
    expect({ h1ToVm1: a.received, vm1ToH1: b.received }).toEqual({ h1ToVm1: count, vm1ToH1: count });
    expect(notes.join('\n')).toMatch(/hold time 9 s applies from the next session/);
    expect(notes.join('\n')).toMatch(/ROUTE-REFRESH \(RFC 2918\) sent to 1 of 1/);
    expect(await dropped()).toBe(droppedBefore);
    expect(await identity()).toBe(objectsBefore);
    const n = await cli.json<NeighborView>(['neighbor', 'show', x]);
    expect(n.state).toBe('established');
    expect(n.history.filter((h) => h.event === 'down')).toEqual([]);
    // What changed is live: the import is automatic again and still holds X's MAC.
    const net = await waitFor('VNI 10 with X\'s MAC', async () => {
      const v = await cli.json<NetworkView>(['network', 'show', '10']);
      return v.remoteMacs >= 1 ? v : undefined;
    }, { timeoutMs: 5000 });
    expect(net.importMatch[0]).toBe('*:10');
    console.info(`change in place: ${a.received}/${count} h1→vm1, ${b.received}/${count} vm1→h1; notes: ${notes.join(' | ')}`);
  });
});
