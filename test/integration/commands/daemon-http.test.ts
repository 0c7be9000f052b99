// The daemon's HTTP flags: --rest-listen, --rest-token(-file), --metrics-listen. Bad values are usage
// errors, a taken port stops startup before the control socket exists, and SIGTERM ends open connections.
import { existsSync, writeFileSync } from 'node:fs';
import { request, Agent } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TestDaemon, evpnctl, requireBuild } from '../../support/evpnctl.js';
import { curl, freePort } from '../../support/http.js';

describe('evpnctl daemon HTTP flags', () => {
  const daemons: TestDaemon[] = [];
  const daemon = (args: string[]) => {
    const d = new TestDaemon(args, { isolated: false }); // no neighbors: loopback is what these tests are about
    daemons.push(d);
    return d;
  };
  /** Runs `evpnctl daemon` expecting it to refuse to start. */
  const refuse = (d: TestDaemon, ...args: string[]) => evpnctl(['daemon', '--socket', d.socket, '--state-dir', d.stateDir, ...args]);

  beforeAll(() => requireBuild());
  afterEach(async () => {
    for (const d of daemons.splice(0)) await d.dispose();
  });

  it.each([
    ['a listen address without a port', ['--rest-listen', '127.0.0.1'], /--rest-listen <ADDR:PORT>.*expected ADDR:PORT like 127\.0\.0\.1:8080/],
    ['a host name', ['--metrics-listen', 'example.com:9473'], /--metrics-listen <ADDR:PORT>.*expected ADDR:PORT/],
    ['port 70000', ['--rest-listen', '127.0.0.1:70000'], /'127\.0\.0\.1:70000' is invalid\. expected an integer from 1 to 65535/],
    ['a token without --rest-listen', ['--rest-token', 'abcdefghijklmnopqrstuvwxyz'], /a REST token was given without --rest-listen/],
    ['a short token', ['--rest-listen', '127.0.0.1:1', '--rest-token', 'short'], /invalid REST token: expected at least 16 printable characters/],
    ['both token flags', ['--rest-listen', '127.0.0.1:1', '--rest-token', 'abcdefghijklmnopqrstuvwxyz', '--rest-token-file', '/nonexistent'], /either --rest-token or --rest-token-file, not both/],
    ['a missing token file', ['--rest-listen', '127.0.0.1:1', '--rest-token-file', '/nonexistent/token'], /cannot read --rest-token-file \/nonexistent\/token: ENOENT/],
  ])('refuses %s with exit 2', async (_name, args, msg) => {
    const d = daemon([]);
    const r = await refuse(d, ...args);
    expect(r.exitCode, r.stderr).toBe(2);
    expect(r.stderr).toMatch(msg);
    expect(existsSync(d.socket)).toBe(false);
  });

  it('refuses a port another process holds with exit 5, before taking the control socket', async () => {
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const port = (holder.address() as { port: number }).port;
    try {
      const d = daemon([]);
      const r = await refuse(d, '--rest-listen', `127.0.0.1:${port}`);
      expect(r.exitCode, r.stderr).toBe(5);
      expect(r.stderr).toMatch(new RegExp(`rest: cannot listen on http://127\\.0\\.0\\.1:${port}: EADDRINUSE \\(another process uses that port\\)`));
      expect(existsSync(d.socket)).toBe(false);
      // The state dir lock was released: a daemon can start there now.
      const free = await freePort();
      d.extraArgs.push('--rest-listen', `127.0.0.1:${free}`);
      await d.start();
      expect((await d.cli('status')).exitCode).toBeOneOf([0, 6]); // it answers (6: unhealthy, e.g. the test's databases are unreachable)
    } finally {
      holder.close();
    }
  });

  it('logs where it serves, without a warning on loopback, and requires the token from the file', async () => {
    const [rp, mp] = await Promise.all([freePort(), freePort()]);
    const d = daemon(['--rest-listen', `127.0.0.1:${rp}`, '--metrics-listen', `127.0.0.1:${mp}`]);
    writeFileSync(join(d.dir, 'token'), 'a-token-of-sufficient-length\n');
    d.extraArgs.push('--rest-token-file', join(d.dir, 'token'));
    await d.start();
    expect(d.stderr).toContain(`rest: rest_vtep API on http://127.0.0.1:${rp}/vtep (bearer token required)`);
    expect(d.stderr).toContain(`metrics: Prometheus metrics on http://127.0.0.1:${mp}/metrics`);
    expect(d.stderr).not.toMatch(/WARN +rest:/); // the OVN side may warn about its (absent) databases
    expect((await curl([`http://127.0.0.1:${rp}/vtep/networks`])).status).toBe(401);
    expect(await curl(['-H', 'Authorization: Bearer a-token-of-sufficient-length', `http://127.0.0.1:${rp}/vtep/networks`])).toMatchObject({ status: 200, json: {} });
  });

  it('stops promptly on SIGTERM with a keep-alive connection open', async () => {
    const rp = await freePort();
    const d = daemon(['--rest-listen', `127.0.0.1:${rp}`]);
    await d.start();
    const agent = new Agent({ keepAlive: true });
    await new Promise<void>((resolve, reject) => {
      request({ host: '127.0.0.1', port: rp, path: '/vtep/neighbors', agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      }).on('error', reject).end();
    });
    const started = Date.now();
    await d.kill('SIGTERM');
    // ~15 ms when idle; the bound only has to catch a keep-alive connection holding the stop open, on a loaded CI box.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(d.stderr).toContain('stopped');
    agent.destroy();
  });
});
