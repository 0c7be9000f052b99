// --may-exist / --if-exists follow the ovs-vsctl convention; --json output is stable for scripts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDaemon, requireBuild } from '../../support/evpnctl.js';

describe('idempotent commands', () => {
  const d = new TestDaemon();
  beforeAll(async () => {
    requireBuild();
    await d.start();
  });
  afterAll(() => d.dispose());

  it('add twice: 5 without --may-exist, 0 with it; a different config still conflicts', async () => {
    const add = ['speaker', 'add', '--as', '65000', '--router-id', '10.0.0.1'];
    expect((await d.cli(...add)).exitCode).toBe(0);
    expect((await d.cli(...add)).exitCode).toBe(5);
    expect((await d.cli(...add, '--may-exist')).exitCode).toBe(0);
    expect((await d.cli('speaker', 'add', '--as', '65001', '--router-id', '10.0.0.1', '--may-exist')).exitCode).toBe(5);
    const net = ['network', 'add', '--vni', '20', '--logical-switch', 'ls20', '--export-rt', '65000:20'];
    expect((await d.cli(...net)).exitCode).toBe(0);
    expect((await d.cli(...net, '--may-exist')).exitCode).toBe(0);
  });

  it('del twice: 4 without --if-exists, 0 with it', async () => {
    expect((await d.cli('network', 'del', '20')).exitCode).toBe(0);
    expect((await d.cli('network', 'del', '20')).exitCode).toBe(4);
    const r = await d.cli('network', 'del', '20', '--if-exists', '--json');
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toBeNull();
  });

  it('speaker del removes everything it owns', async () => {
    await d.cli('neighbor', 'add', '10.0.0.2', '--remote-as', '65000');
    await d.cli('network', 'add', '--vni', '30', '--logical-switch', 'ls30');
    expect((await d.cli('speaker', 'del')).exitCode).toBe(0);
    expect(JSON.parse((await d.cli('network', 'list', '--json')).stdout)).toEqual([]);
    expect(JSON.parse((await d.cli('neighbor', 'list', '--json')).stdout)).toEqual([]);
    expect((await d.cli('speaker', 'show')).exitCode).toBe(4);
  });

  it('status --json has the documented fields', async () => {
    const s = JSON.parse((await d.cli('status', '--json')).stdout);
    expect(Object.keys(s).sort()).toEqual(['bgp', 'clients', 'ha', 'networks', 'neighbors', 'ovn', 'pid', 'processes', 'protocolVersion', 'routes', 'socket', 'speaker', 'stateDir', 'uptime', 'version'].sort());
    expect(s.socket).toBe(d.socket);
    // No --ha-group: role none; the chassis is found from OVS only once OVN programming starts (no OVS here).
    expect(s.ha).toEqual({ role: 'none', group: null, chassis: null, holder: null, epoch: null, lastChange: null, takeovers: 0, lock: null });
  });
});
