// The daemon's OVN side against a real OVS + OVN NB: `client add` without --mac reads the port's
// address from the NB, and status reports the OVN side healthy once programming has started.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OvsSandbox } from '../../support/ovs-sandbox.js';
import { TestDaemon, requireBuild } from '../../support/evpnctl.js';

describe('daemon with a real OVS and OVN NB', () => {
  let sb: OvsSandbox;
  let d: TestDaemon;

  beforeAll(async () => {
    requireBuild();
    sb = await OvsSandbox.start();
    await sb.nbctl('ls-add', 'ls0');
    await sb.nbctl('lsp-add', 'ls0', 'vm1', '--', 'lsp-set-addresses', 'vm1', '02:ac:10:ff:00:22 10.0.0.22');
    d = new TestDaemon(['--ovs-db', sb.ovsDb, '--ovn-nb-db', sb.nbDb]);
    await d.start();
  });
  afterAll(async () => {
    await d?.dispose();
    await sb?.stop();
  });

  it('reads MAC and IP of a VM port from the NB for client add without --mac', async () => {
    expect((await d.cli('speaker', 'add', '--as', '65000', '--router-id', '192.168.100.2')).exitCode).toBe(0);
    expect((await d.cli('network', 'add', '--vni', '10', '--logical-switch', 'ls0')).exitCode).toBe(0);
    const r = await d.cli('client', 'add', '--vni', '10', '--port', 'vm1', '--json');
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ vni: 10, mac: '02:ac:10:ff:00:22', ip: '10.0.0.22', port: 'vm1', source: 'config' });
  });

  it('names an unknown port with exit 4', async () => {
    const r = await d.cli('client', 'add', '--vni', '10', '--port', 'nosuchport');
    expect(r.exitCode).toBe(4);
    expect(r.stderr).toMatch(/expected a logical switch port named "nosuchport"/);
  });

  it('reports OVN ok once programming has started', async () => {
    let status: { ovn: { state: string } } = { ovn: { state: '' } };
    for (let i = 0; i < 50; i++) {
      status = JSON.parse((await d.cli('status', '--json')).stdout);
      if (status.ovn.state === 'ok') break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(status.ovn).toEqual({ state: 'ok', lastError: null });
  });
});
