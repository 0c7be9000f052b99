// Database remotes as operators write them (issue 11 item 8): a host name in --ovn-nb-db (`localhost`,
// resolved by the OVS tools themselves), and ssl: with --private-key/--certificate/--ca-cert passed to every
// tool, against an NB ovsdb-server that only listens on pssl: with certificates made by ovs-pki. The NB
// monitor (ovsdb-client) and the switch lookups (ovn-nbctl) must get through: `network show` says the
// switch exists. Without the PKI files an ssl: remote is refused at start (exit 2).
import { execa, type ResultPromise } from 'execa';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../src/lab/wait.js';
import type { NetworkView } from '../../../src/core/model/views.js';
import { TestDaemon, evpnctl, requireBuild } from '../../support/evpnctl.js';

const freePort = (): Promise<number> => new Promise((resolve, reject) => {
  const s = createServer();
  s.once('error', reject);
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address() as { port: number };
    s.close(() => resolve(port));
  });
});

describe('database remotes: host names and ssl: with ovs-pki certificates', () => {
  let dir = '';
  let server: ResultPromise | undefined;
  let sslPort = 0;
  let tcpPort = 0;
  const daemons: TestDaemon[] = [];
  const pki = () => ({
    key: join(dir, 'client-privkey.pem'), cert: join(dir, 'client-cert.pem'), ca: join(dir, 'pki', 'switchca', 'cacert.pem'),
  });

  beforeAll(async () => {
    requireBuild();
    dir = mkdtempSync(join(tmpdir(), 'evpnctl-dbremote-'));
    await execa('ovs-pki', ['--dir', join(dir, 'pki'), 'init'], { cwd: dir });
    await execa('ovs-pki', ['--dir', join(dir, 'pki'), 'req+sign', 'server', 'switch'], { cwd: dir });
    await execa('ovs-pki', ['--dir', join(dir, 'pki'), 'req+sign', 'client', 'switch'], { cwd: dir });
    await execa('ovsdb-tool', ['create', join(dir, 'nb.db'), '/usr/share/ovn/ovn-nb.ovsschema']);
    [sslPort, tcpPort] = [await freePort(), await freePort()];
    server = execa('ovsdb-server', [join(dir, 'nb.db'), `--remote=pssl:${sslPort}:127.0.0.1`, `--remote=ptcp:${tcpPort}:127.0.0.1`,
      `--remote=punix:${join(dir, 'nb.sock')}`, `--private-key=${join(dir, 'server-privkey.pem')}`, `--certificate=${join(dir, 'server-cert.pem')}`,
      `--ca-cert=${pki().ca}`, `--pidfile=${join(dir, 'nb.pid')}`, `--unixctl=${join(dir, 'nb.ctl')}`, `--log-file=${join(dir, 'nb.log')}`, '--no-chdir'],
    { reject: false, stdio: 'ignore' });
    await waitFor('the NB ovsdb-server', async () =>
      (await execa('ovsdb-client', ['list-dbs', `unix:${join(dir, 'nb.sock')}`], { reject: false, timeout: 2000 })).exitCode === 0 ? true : undefined,
    { timeoutMs: 10_000 });
    await execa('ovn-nbctl', [`--db=unix:${join(dir, 'nb.sock')}`, 'ls-add', 'ls-remote']);
  });
  afterAll(async () => {
    for (const d of daemons) await d.dispose();
    server?.kill('SIGTERM');
    await server;
    rmSync(dir, { recursive: true, force: true });
  });

  /** A daemon on the host (the NB listens on 127.0.0.1) with the given NB remote; OVS at a path where nothing listens. */
  const start = async (nb: string, extra: string[] = []): Promise<TestDaemon> => {
    const d = new TestDaemon(['--ovs-db', `unix:${join(dir, 'no-ovs.sock')}`, '--ovn-nb-db', nb, ...extra], { isolated: false });
    daemons.push(d);
    await d.start();
    expect((await d.cli('speaker', 'add', '--as', '65000', '--router-id', '10.0.0.1')).exitCode).toBe(0);
    return d;
  };
  const switchSeen = async (d: TestDaemon, vni: number, ls: string): Promise<NetworkView> => {
    const add = await d.cli('network', 'add', '--vni', String(vni), '--logical-switch', ls);
    expect(add.exitCode, add.stderr).toBe(0);
    return waitFor(`VNI ${vni}'s switch seen through the NB monitor`, async () => {
      const v = JSON.parse((await d.cli('--json', 'network', 'show', String(vni))).stdout) as NetworkView;
      return v.switchStatus !== 'unknown' ? v : undefined;
    }, { timeoutMs: 15_000 });
  };

  it('tcp:localhost:PORT is accepted and reaches the NB', async () => {
    const d = await start(`tcp:localhost:${tcpPort}`);
    expect((await switchSeen(d, 10, 'ls-remote')).switchStatus).toBe('ok');
    expect((await switchSeen(d, 11, 'ls-missing')).switchStatus).toBe('waiting for logical switch');
  });

  it('ssl:localhost:PORT with --private-key/--certificate/--ca-cert: every tool gets the PKI files', async () => {
    const { key, cert, ca } = pki();
    const d = await start(`ssl:localhost:${sslPort}`, ['--private-key', key, '--certificate', cert, '--ca-cert', ca]);
    expect((await switchSeen(d, 10, 'ls-remote')).switchStatus).toBe('ok');
    // ovn-nbctl too (client add reads the port): a port that is not on any switch is "not found", not unreachable.
    const c = await d.cli('client', 'add', '--vni', '10', '--port', 'nope', '--mac', '02:00:00:00:00:01');
    expect(c.exitCode, c.stderr).toBe(4);
  });

  it('an ssl: remote without the PKI files is refused at start with exit 2', async () => {
    const r = await evpnctl(['daemon', '--socket', join(dir, 'x.sock'), '--state-dir', join(dir, 'x-state'), '--ovn-nb-db', `ssl:localhost:${sslPort}`]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/an ssl: database remote needs all three of --private-key, --certificate and --ca-cert \(got 0\)/);
  });
});
