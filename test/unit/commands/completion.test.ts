// Completion is generated from the commander tree; the committed scripts must match it, and real bash
// and real zsh must complete with it (test/support/completion.ts drives them).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliContext } from '../../../src/commands/context.js';
import { bashCompletion, zshCompletion } from '../../../src/commands/completion-script.js';
import { buildProgram } from '../../../src/commands/program.js';
import { completeBash, completeZsh, names } from '../../support/completion.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const program = () => buildProgram(new CliContext({ stdout: () => {}, stderr: () => {}, env: {}, isTTY: false }));
const dir = mkdtempSync(join(tmpdir(), 'evpnctl-compl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bashScript = join(dir, 'evpnctl.bash');
const zshScript = join(dir, '_evpnctl');
writeFileSync(bashScript, bashCompletion(program()));
writeFileSync(zshScript, zshCompletion(program()));

const bash = (words: string[], env?: Record<string, string>) => completeBash(bashScript, words, env);
const zsh = (words: string[], env?: Record<string, string>) => completeZsh(zshScript, words, env);

describe('bash completion', () => {
  it('completes `evpnctl net` to network', async () => {
    expect(await bash(['evpnctl', 'net'])).toEqual(['network']);
  });

  it('completes `evpnctl network a` to add', async () => {
    expect(await bash(['evpnctl', 'network', 'a'])).toEqual(['add']);
  });

  it('completes flags of the current subcommand plus the global ones', async () => {
    const flags = await bash(['evpnctl', 'network', 'add', '--vni', '10', '--']);
    expect(flags).toEqual(expect.arrayContaining(['--network-id', '--logical-switch', '--import-rt', '--may-exist', '--json', '--socket']));
    expect(flags).not.toContain('--remote-as');
  });

  it('skips option values when finding the subcommand, and offers shells for completion', async () => {
    expect(await bash(['evpnctl', '--socket', '/tmp/x.sock', 'spe'])).toEqual(['speaker']);
    expect(await bash(['evpnctl', 'completion', ''])).toEqual(['bash', 'zsh']);
    expect(await bash(['evpnctl', ''])).toEqual(expect.arrayContaining(['client', 'daemon', 'mac', 'neighbor', 'network', 'route', 'speaker', 'status']));
    expect(await bash(['evpnctl', ''])).not.toContain('__complete');
  });

  it('offers the values of every choice flag', async () => {
    expect(await bash(['evpnctl', 'daemon', '--log-level', ''])).toEqual(['debug', 'error', 'info', 'warn']);
    expect(await bash(['evpnctl', 'daemon', '--log-format', ''])).toEqual(['json', 'text']);
    expect(await bash(['evpnctl', 'route', 'list', '--type', ''])).toEqual(['1', '2', '3', '4', '5']);
    expect(await bash(['evpnctl', 'defaults', 'set', ''])).toEqual(['color', 'output', 'socket']);
    expect(await bash(['evpnctl', 'defaults', 'set', 'output', ''])).toEqual(['json', 'table']);
    expect(await bash(['evpnctl', 'defaults', 'set', 'color', 'a'])).toEqual(['always', 'auto']);
    expect(await bash(['evpnctl', 'defaults', 'set', 'socket', ''])).toEqual([]);
  });

  it('offers only the static values when no daemon answers', async () => {
    const words = ['evpnctl', '--socket', join(dir, 'nothing.sock'), 'route', 'list', '--neighbor', ''];
    expect(await bash(words, { PATH: `${ROOT}/bin:${process.env.PATH}` })).toEqual(['local']);
  });
});

describe('zsh completion', () => {
  it('completes subcommands with their descriptions', async () => {
    const subs = await zsh(['evpnctl', '']);
    expect(names(subs)).toEqual(expect.arrayContaining(['client', 'daemon', 'mac', 'neighbor', 'network', 'route', 'speaker', 'status']));
    expect(subs).toContain('network:map VNIs to OVN logical switches (EVPN instances)');
    expect(await zsh(['evpnctl', 'network', ''])).toContain('add:stretch an OVN logical switch over EVPN-VXLAN as VNI N');
  });

  it('offers the global flags after a subcommand, with descriptions', async () => {
    const flags = await zsh(['evpnctl', 'network', 'list', '--']);
    expect(names(flags)).toEqual(expect.arrayContaining(['--json', '--socket', '--wide', '--no-color', '--help']));
    expect(flags).toContain('--json:print machine-readable JSON (stable fields, see README)');
    const add = names(await zsh(['evpnctl', 'network', 'add', '--vni', '10', '--']));
    expect(add).toEqual(expect.arrayContaining(['--network-id', '--logical-switch', '--json', '--socket']));
    expect(add).not.toContain('--remote-as');
  });

  it('skips option values, and offers choices, files and static values', async () => {
    expect(names(await zsh(['evpnctl', '--socket', '/tmp/x.sock', '']))).toContain('speaker');
    expect(await zsh(['evpnctl', 'completion', ''])).toEqual(['bash', 'zsh']);
    expect(await zsh(['evpnctl', 'daemon', '--log-level', ''])).toEqual(['debug', 'error', 'info', 'warn']);
    expect(await zsh(['evpnctl', 'daemon', '--state-dir', ''])).toEqual(['<files>']);
    expect(await zsh(['evpnctl', 'route', 'list', '--type', ''])).toEqual(['1', '2', '3', '4', '5']);
    expect(await zsh(['evpnctl', 'defaults', 'set', ''])).toEqual(['color', 'output', 'socket']);
    expect(await zsh(['evpnctl', 'defaults', 'set', 'color', ''])).toEqual(['always', 'auto', 'never']);
    const words = ['evpnctl', '--socket', join(dir, 'nothing.sock'), 'route', 'list', '--neighbor', ''];
    expect(await zsh(words, { PATH: `${ROOT}/bin:${process.env.PATH}` })).toEqual(['local']);
  });
});

describe('committed completion scripts', () => {
  it('match the generated ones (regenerate with `npm run completions`)', () => {
    expect(readFileSync(join(ROOT, 'completions/evpnctl.bash'), 'utf8')).toBe(bashCompletion(program()));
    expect(readFileSync(join(ROOT, 'completions/_evpnctl'), 'utf8')).toBe(zshCompletion(program()));
  });
});
