// `client add` must not advertise a MAC into the wrong VNI (issue 11 item 4): the port has to sit on the
// VNI's switch (exit 2 naming both switches), also with --mac; and a --mac that a VM port of another VNI
// carries is refused. A real NB (OvsSandbox) holds two switches with one VM port each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../src/lab/wait.js';
import type { NetworkView } from '../../../src/core/model/views.js';
import { OvsSandbox } from '../../support/ovs-sandbox.js';
import { TestDaemon, requireBuild } from '../../support/evpnctl.js';

const MAC1 = '02:ac:10:ff:01:01';
const MAC2 = '02:ac:10:ff:02:02';

describe('client add checks the port and the MAC against the VNI', () => {
  let sb: OvsSandbox | undefined;
  let d: TestDaemon | undefined;
  const cli = (...args: string[]) => {
    if (!d) throw new Error('expected the daemon to be started (see beforeAll)');
    return d.cli(...args);
  };

  beforeAll(async () => {
    requireBuild();
    sb = await OvsSandbox.start({ bridge: 'br-int' });
    await sb.nbctl('ls-add', 'ls10', '--', 'ls-add', 'ls20',
      '--', 'lsp-add', 'ls10', 'vm1', '--', 'lsp-set-addresses', 'vm1', `${MAC1} 10.0.0.1`,
      '--', 'lsp-add', 'ls20', 'vm2', '--', 'lsp-set-addresses', 'vm2', `${MAC2} 10.0.0.2`);
    d = new TestDaemon(['--ovs-db', sb.ovsDb, '--ovn-nb-db', sb.nbDb]);
    await d.start();
    expect((await cli('speaker', 'add', '--as', '65000', '--router-id', '10.0.0.254')).exitCode).toBe(0);
    expect((await cli('network', 'add', '--vni', '10', '--logical-switch', 'ls10')).exitCode).toBe(0);
    expect((await cli('network', 'add', '--vni', '20', '--logical-switch', 'ls20')).exitCode).toBe(0);
    // The NB monitor has seen both VM ports (they are advertised automatically).
    await waitFor('both VM MACs discovered', async () => {
      const nets = JSON.parse((await cli('--json', 'network', 'list')).stdout) as NetworkView[];
      return nets.every((n) => n.localMacs === 1) ? true : undefined;
    }, { timeoutMs: 10_000 });
  });
  afterAll(async () => {
    await d?.dispose();
    await sb?.stop();
  });

  it('a port of another VNI\'s switch: exit 2 naming both switches, with or without --mac; nothing is added', async () => {
    for (const extra of [[], ['--mac', MAC1]]) {
      const r = await cli('client', 'add', '--vni', '20', '--port', 'vm1', ...extra);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toMatch(/port vm1 is on logical switch ls10, not on ls20 of VNI 20/);
    }
    expect(JSON.parse((await cli('--json', 'client', 'list', '--vni', '20')).stdout).filter((c: { source: string }) => c.source === 'config')).toEqual([]);
  });

  it('a --mac that a VM port of another VNI carries: exit 2 naming that port and VNI', async () => {
    const r = await cli('client', 'add', '--vni', '20', '--port', 'vm2', '--mac', MAC1);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/MAC 02:ac:10:ff:01:01 belongs to port vm1 of VNI 10, not to VNI 20/);
  });

  it('a port OVN does not have: exit 4, also with --mac; the right port and MAC: added', async () => {
    expect((await cli('client', 'add', '--vni', '10', '--port', 'no-such-port', '--mac', '02:ac:10:ff:09:09')).exitCode).toBe(4);
    const ok = await cli('client', 'add', '--vni', '10', '--port', 'vm1', '--mac', MAC1, '--ip', '10.0.0.1');
    expect(ok.exitCode, ok.stderr).toBe(0);
    expect((await cli('client', 'add', '--vni', '20', '--port', 'vm2')).exitCode).toBe(0);
  });
});
