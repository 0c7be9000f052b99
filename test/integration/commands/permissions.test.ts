// Issue 14 (5): what the daemon creates has the same modes whatever umask it was started with, and a REST
// token file that others may read warns (as ssh does for a key) while a world-writable one is refused.
import { execa, type ResultPromise } from 'execa';
import { chmodSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../../src/lab/wait.js';
import { BIN, evpnctl, requireBuild, waitForSocket } from '../../support/evpnctl.js';
import { freePort } from '../../support/http.js';

const mode = (path: string): string => (statSync(path).mode & 0o7777).toString(8).padStart(4, '0');

describe('permissions that do not depend on the umask', () => {
  let dir: string;
  let proc: ResultPromise | undefined;
  beforeAll(() => requireBuild());
  afterEach(async () => {
    proc?.kill('SIGKILL');
    await proc?.catch(() => undefined);
    proc = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  /** `evpnctl daemon` under `umask 000`, its socket two directories deeper than anything that exists. */
  const startUnderUmask000 = async (...args: string[]) => {
    dir = mkdtempSync(join(tmpdir(), `evpnctl-perm-${process.pid}-`));
    const socket = join(dir, 'run', 'evpnctl', 'evpnctl.sock');
    const stateDir = join(dir, 'lib', 'evpnctl');
    let stderr = '';
    proc = execa('sh', ['-c', 'umask 000 && exec "$@"', 'sh', 'node', BIN, 'daemon', '--socket', socket, '--state-dir', stateDir,
      '--ovs-db', `unix:${join(dir, 'no-ovs.sock')}`, '--ovn-nb-db', `unix:${join(dir, 'no-nb.sock')}`, ...args], { reject: false, stdin: 'ignore', env: { NO_COLOR: '1' } });
    proc.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = proc.then((r) => {
      throw new Error(`daemon exited early with ${r.exitCode}: ${stderr}`);
    });
    await Promise.race([waitForSocket(socket), exited]);
    exited.catch(() => undefined);
    // The socket answers a moment before its chmod; the start is complete once the daemon says where it listens.
    await waitFor('the daemon to finish starting', async () => (/INFO +listening on /.test(stderr) ? true : undefined), { timeoutMs: 10_000 });
    return { socket, stateDir, stderr: () => stderr };
  };

  it('with umask 000: socket dirs 0755, state dirs 0750, socket 0660, state file 0600', async () => {
    const { socket, stateDir } = await startUnderUmask000();
    expect(mode(join(dir, 'run'))).toBe('0755');
    expect(mode(join(dir, 'run', 'evpnctl'))).toBe('0755');
    expect(mode(socket)).toBe('0660');
    expect(mode(join(dir, 'lib'))).toBe('0750');
    expect(mode(stateDir)).toBe('0750');
    expect((await evpnctl(['--socket', socket, 'speaker', 'add', '--as', '65000', '--router-id', '10.0.0.1'])).exitCode).toBe(0);
    expect(mode(join(stateDir, 'state.json'))).toBe('0600');
  });

  it('warns about a 0644 token file and starts; refuses a 0666 one with exit 2', async () => {
    const tokenDir = mkdtempSync(join(tmpdir(), `evpnctl-token-${process.pid}-`));
    try {
      const token = join(tokenDir, 'token');
      writeFileSync(token, 'a-token-of-sufficient-length\n');
      chmodSync(token, 0o644);
      const port = await freePort();
      const d = await startUnderUmask000('--rest-listen', `127.0.0.1:${port}`, '--rest-token-file', token);
      expect(d.stderr()).toMatch(new RegExp(`WARN +--rest-token-file ${token} is accessible by group or others \\(mode 0644\\)`));

      chmodSync(token, 0o666);
      const other = join(tokenDir, 'state');
      const r = await evpnctl(['daemon', '--socket', join(tokenDir, 's.sock'), '--state-dir', other, '--rest-listen', `127.0.0.1:${port + 1}`, '--rest-token-file', token]);
      expect(r.exitCode, r.stderr).toBe(2);
      expect(r.stderr.trimEnd().split('\n')).toEqual([`evpnctl: refusing --rest-token-file ${token}: it is world-writable (mode 0666), so anyone could choose the token; chmod 600 it`]);
    } finally {
      rmSync(tokenDir, { recursive: true, force: true });
    }
  });
});
