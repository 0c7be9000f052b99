// Completion with values from a running daemon: VNIs, neighbors and MACs come from `evpnctl __complete`
// (the committed scripts, run in real bash and zsh, with the checkout's bin/evpnctl first in PATH).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, TestDaemon, evpnctl } from '../../support/evpnctl.js';
import { completeBash, completeZsh } from '../../support/completion.js';

const BASH = join(ROOT, 'completions/evpnctl.bash');
const ZSH = join(ROOT, 'completions/_evpnctl');
const env = { PATH: `${join(ROOT, 'bin')}:${process.env.PATH ?? ''}` };
const MAC = '02:ac:10:ff:00:22';

describe('completion from the daemon', () => {
  let d: TestDaemon;

  beforeAll(async () => {
    d = await new TestDaemon().start();
    for (const args of [
      ['speaker', 'add', '--as', '65000', '--router-id', '192.0.2.1'],
      ['network', 'add', '--vni', '10', '--logical-switch', 'ls10'],
      ['network', 'add', '--vni', '20', '--logical-switch', 'ls20'],
      ['neighbor', 'add', '192.0.2.7', '--remote-as', '65000', '--passive'],
      ['client', 'add', '--vni', '10', '--port', 'vm1', '--mac', MAC, '--ip', '10.0.0.22'],
    ]) {
      const r = await d.cli(...args);
      expect(r.exitCode, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
  });

  afterAll(async () => {
    await d.dispose();
  });

  it('__complete prints the daemon\'s VNIs, neighbors and MACs, and nothing (exit 0) without a daemon', async () => {
    expect((await d.cli('__complete', 'vni')).stdout.split('\n')).toEqual(['10', '20']);
    expect((await d.cli('__complete', 'neighbor')).stdout).toBe('192.0.2.7');
    expect((await d.cli('__complete', 'mac')).stdout).toBe(MAC);
    const none = await evpnctl(['--socket', join(d.dir, 'nothing.sock'), '__complete', 'vni']);
    expect(none).toEqual({ exitCode: 0, stdout: '', stderr: '' });
  });

  for (const [shell, complete] of [['bash', completeBash], ['zsh', completeZsh]] as const) {
    const script = shell === 'bash' ? BASH : ZSH;
    it(`${shell}: offers VNIs, neighbors and MACs from the daemon named by --socket`, async () => {
      const w = (...words: string[]) => complete(script, ['evpnctl', '--socket', d.socket, ...words], env);
      expect(await w('network', 'show', '')).toEqual(['10', '20']);
      expect(await w('route', 'list', '--vni', '')).toEqual(['10', '20']);
      expect(await w('neighbor', 'del', '')).toEqual(['192.0.2.7']);
      expect(await w('route', 'list', '--neighbor', '')).toEqual(['192.0.2.7', 'local']);
      expect(await w('mac', 'list', '--mac', '')).toEqual([MAC]);
      expect(await w('route', 'show', '')).toEqual([MAC]);
    });
  }
});
