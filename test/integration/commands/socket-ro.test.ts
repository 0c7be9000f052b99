// The read-only control socket (issue 11, like bgpctl's restricted socket): `daemon --socket-ro PATH` serves
// show/list/status to anyone (mode 0666) and refuses every change with exit 2 and a message naming it.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDaemon, evpnctl, requireBuild, waitForSocket } from '../../support/evpnctl.js';

describe('--socket-ro', () => {
  const d = new TestDaemon();
  let ro = '';
  const viaRo = (...args: string[]) => evpnctl(['--socket', ro, ...args]);

  beforeAll(async () => {
    requireBuild();
    ro = join(d.dir, 'ro.sock');
    d.extraArgs.push('--socket-ro', ro);
    await d.start();
    await waitForSocket(ro);
    expect((await d.cli('speaker', 'add', '--as', '65000', '--router-id', '10.0.0.1')).exitCode).toBe(0);
    expect((await d.cli('network', 'add', '--vni', '10', '--logical-switch', 'ls10')).exitCode).toBe(0);
  });
  afterAll(() => d.dispose());

  it('is mode 0666 (the read-write socket stays 0660) and answers show, list and status', async () => {
    expect(statSync(ro).mode & 0o777).toBe(0o666);
    expect(statSync(d.socket).mode & 0o777).toBe(0o660);
    expect(JSON.parse((await viaRo('--json', 'speaker', 'show')).stdout)).toMatchObject({ asn: 65000 });
    expect(JSON.parse((await viaRo('--json', 'network', 'list')).stdout)).toHaveLength(1);
    expect((await viaRo('route', 'list')).exitCode).toBe(0);
    expect((await viaRo('status')).exitCode).toBeOneOf([0, 6]);
  });

  it('refuses every change with exit 2, naming the request and the socket; nothing changes', async () => {
    for (const args of [['network', 'del', '10'], ['neighbor', 'add', '10.0.0.2', '--remote-as', '65000'], ['speaker', 'set', '--listen-port', '1179'], ['network', 'set', '--vni', '10', '--no-flood-unknown']]) {
      const r = await viaRo(...args);
      expect(r.exitCode, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(new RegExp(`${args[0]}\\.${args[1]} changes the daemon, and .*ro\\.sock is the read-only socket`));
    }
    expect(JSON.parse((await d.cli('--json', 'network', 'list')).stdout)).toHaveLength(1);
    expect(JSON.parse((await d.cli('--json', 'neighbor', 'list')).stdout)).toEqual([]);
  });
});
