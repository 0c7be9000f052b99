// Health that scripts can trust (issue 11 item 3): `status` exits 6 when BGP or OVN is degraded or a
// configured neighbor is down; a mapped switch that does not exist is "waiting for logical switch" in
// `network show/list`, warned about by `network add` and degrades OVN at once (not only when routes come);
// degraded and recovered are logged once each; health lines are one line, the detail is behind --verbose.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../src/lab/wait.js';
import type { NetworkView, StatusView } from '../../../src/core/model/views.js';
import { OvsSandbox } from '../../support/ovs-sandbox.js';
import { TestDaemon, requireBuild } from '../../support/evpnctl.js';

describe('health', () => {
  let sb: OvsSandbox | undefined;
  let d: TestDaemon | undefined;
  const daemon = (): TestDaemon => {
    if (!d) throw new Error('expected the daemon to be started (see beforeAll)');
    return d;
  };
  const status = async (...args: string[]) => {
    const r = await daemon().cli('status', ...args);
    return { code: r.exitCode, text: r.stdout, err: r.stderr };
  };

  beforeAll(async () => {
    requireBuild();
    sb = await OvsSandbox.start({ bridge: 'br-int' });
    d = new TestDaemon(['--ovs-db', sb.ovsDb, '--ovn-nb-db', sb.nbDb]);
    await d.start();
  });
  afterAll(async () => {
    await d?.dispose();
    await sb?.stop();
  });

  it('a healthy daemon (speaker, one network on an existing switch, no neighbors): exit 0', async () => {
    await sb!.nbctl('ls-add', 'ls-ok');
    expect((await daemon().cli('speaker', 'add', '--as', '65000', '--router-id', '10.0.0.1')).exitCode).toBe(0);
    const add = await daemon().cli('network', 'add', '--vni', '10', '--logical-switch', 'ls-ok');
    expect(add.exitCode).toBe(0);
    expect(add.stderr).toBe('');
    await waitFor('OVN ok', async () => ((await status()).code === 0 ? true : undefined), { timeoutMs: 10_000 });
    expect((await status()).text).toMatch(/BGP:\s+ok/);
  });

  it('network add of a switch that does not exist: warned, "waiting for logical switch", OVN degraded at once, exit 6; logged once; recovers when it appears', async () => {
    const add = await daemon().cli('network', 'add', '--vni', '99', '--logical-switch', 'no-such-switch');
    expect(add.exitCode).toBe(0);
    expect(add.stderr).toMatch(/warning: logical switch no-such-switch does not exist in the OVN NB; VNI 99 waits for it/);
    expect(add.stdout).toMatch(/logical switch:\s+no-such-switch \(waiting for logical switch\)/);
    expect((await daemon().cli('network', 'list')).stdout).toMatch(/no-such-switch \(waiting for logical switch\)/);
    const v = JSON.parse((await daemon().cli('--json', 'network', 'show', '99')).stdout) as NetworkView;
    expect(v.switchStatus).toBe('waiting for logical switch');
    const s = await status();
    expect(s.code).toBe(6);
    expect(s.text).toMatch(/OVN:\s+degraded: logical switch "no-such-switch" of VNI 99 does not exist: waiting for logical switch/);
    await waitFor('the degraded line in the log', async () => (/ovn: degraded: logical switch "no-such-switch"/.test(daemon().stderr) ? true : undefined), { timeoutMs: 5000 });
    await new Promise((r) => setTimeout(r, 2500)); // two more health polls: still one line
    expect(daemon().stderr.match(/ovn: degraded/g)).toHaveLength(1);

    await sb!.nbctl('ls-add', 'no-such-switch');
    await waitFor('status ok again', async () => ((await status()).code === 0 ? true : undefined), { timeoutMs: 10_000 });
    expect((JSON.parse((await daemon().cli('--json', 'network', 'show', '99')).stdout) as NetworkView).switchStatus).toBe('ok');
    await waitFor('the recovered line in the log', async () => (/ovn: recovered after \d+ s/.test(daemon().stderr) ? true : undefined), { timeoutMs: 5000 });
    expect(daemon().stderr.match(/ovn: recovered/g)).toHaveLength(1);
  });

  it('a configured neighbor that is down: BGP degraded with one line per neighbor, exit 6, --json says why', async () => {
    expect((await daemon().cli('neighbor', 'add', '192.0.2.1', '--remote-as', '65000')).exitCode).toBe(0);
    const s = await status();
    expect(s.code).toBe(6);
    expect(s.text).toMatch(/neighbors:\s+0\/1 established/);
    expect(s.text).toMatch(/BGP:\s+degraded: 1 of 1 neighbor\(s\) not established: 192\.0\.2\.1/);
    for (const line of s.text.split('\n')) expect(line.length).toBeLessThanOrEqual(200);
    const verbose = await status('--verbose');
    expect(verbose.code).toBe(6);
    expect(verbose.text).toMatch(/BGP problem:\s+neighbor 192\.0\.2\.1 not established \(\w+/);
    const j = JSON.parse((await daemon().cli('--json', 'status')).stdout) as StatusView;
    expect(j.bgp.state).toBe('degraded');
    expect((await daemon().cli('neighbor', 'del', '192.0.2.1')).exitCode).toBe(0);
    expect((await status()).code).toBe(0);
  });
});
