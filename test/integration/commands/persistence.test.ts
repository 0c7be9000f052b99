// Acceptance: desired state survives SIGKILL of the daemon (issue: foundation).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDaemon, requireBuild } from '../../support/evpnctl.js';

describe('persistence across a hard kill', () => {
  const d = new TestDaemon();
  beforeAll(async () => {
    requireBuild();
    await d.start();
  });
  afterAll(() => d.dispose());

  it('keeps speaker, neighbor, network and client after SIGKILL and restart', async () => {
    for (const args of [
      ['speaker', 'add', '--as', '65000', '--router-id', '192.168.10.20'],
      ['neighbor', 'add', '192.168.10.10', '--remote-as', '65000'],
      ['network', 'add', '--vni', '10', '--network-id', '7d29da33-5d12-4c04-95de-1672709ae946'],
      ['client', 'add', '--vni', '10', '--port', '8f93d2ba-527a-44ea-9b4f-3ce2c6067588', '--mac', '02:ac:10:ff:00:22', '--ip', '10.0.0.22'],
    ]) {
      const r = await d.cli(...args);
      expect(r, r.stderr).toMatchObject({ exitCode: 0 });
    }
    const before = JSON.parse((await d.cli('network', 'show', '10', '--json')).stdout);
    expect(before).toMatchObject({
      vni: 10, logicalSwitch: 'neutron-7d29da33-5d12-4c04-95de-1672709ae946', networkId: '7d29da33-5d12-4c04-95de-1672709ae946',
      rd: '192.168.10.20:1', importRts: ['65000:10'], importMatch: ['*:10', '*:268435466'], exportRts: ['65000:10'],
    });

    await d.kill('SIGKILL');
    await d.start();

    expect(JSON.parse((await d.cli('network', 'show', '10', '--json')).stdout)).toEqual(before);
    expect(JSON.parse((await d.cli('speaker', 'show', '--json')).stdout)).toMatchObject({ asn: 65000, routerId: '192.168.10.20', vtepIp: '192.168.10.20' });
    const neighbors = JSON.parse((await d.cli('neighbor', 'list', '--json')).stdout);
    expect(neighbors).toHaveLength(1);
    expect(neighbors[0]).toMatchObject({ address: '192.168.10.10', remoteAs: 65000, type: 'ibgp' });
    const clients = JSON.parse((await d.cli('client', 'list', '--vni', '10', '--json')).stdout);
    expect(clients).toContainEqual(expect.objectContaining({ mac: '02:ac:10:ff:00:22', ip: '10.0.0.22', source: 'config' }));
  });

  it('refuses a second daemon on the same socket and leaves the first running', async () => {
    const second = new TestDaemon();
    try {
      const r = await import('../../support/evpnctl.js').then((m) =>
        m.evpnctl(['daemon', '--socket', d.socket, '--state-dir', second.stateDir]));
      expect(r.exitCode).toBe(5);
      expect(r.stderr).toMatch(/another evpnctl daemon is listening on/);
      expect((await d.cli('status')).exitCode).toBeOneOf([0, 6]); // it answers (6: unhealthy, e.g. the test's databases are unreachable)
    } finally {
      await second.dispose();
    }
  });

  it('refuses a second daemon on the same state dir', async () => {
    const other = new TestDaemon();
    try {
      const { evpnctl } = await import('../../support/evpnctl.js');
      const r = await evpnctl(['daemon', '--socket', other.socket, '--state-dir', d.stateDir]);
      expect(r.exitCode).toBe(5);
      expect(r.stderr).toMatch(/another evpnctl daemon \(pid \d+\) holds the lock .* on the state dir/);
    } finally {
      await other.dispose();
    }
  });
});
