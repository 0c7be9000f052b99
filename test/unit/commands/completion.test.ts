// Completion is generated from the commander tree; the committed scripts must match it, and bash must
// actually complete with it.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CliContext } from '../../../src/commands/context.js';
import { bashCompletion, zshCompletion } from '../../../src/commands/completion-script.js';
import { buildProgram } from '../../../src/commands/program.js';

const ROOT = resolve(import.meta.dirname, '../../..');
const program = () => buildProgram(new CliContext({ stdout: () => {}, stderr: () => {}, env: {}, isTTY: false }));
const dir = mkdtempSync(join(tmpdir(), 'evpnctl-compl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the bash completion function for the given words (the last one is being completed). */
async function complete(words: string[]): Promise<string[]> {
  const script = join(dir, 'evpnctl.bash');
  writeFileSync(script, bashCompletion(program()));
  const arr = words.map((w) => `'${w}'`).join(' ');
  const r = await execa('bash', ['-c', `source ${script}; COMP_WORDS=(${arr}); COMP_CWORD=${words.length - 1}; _evpnctl; printf '%s\\n' "\${COMPREPLY[@]}"`]);
  return r.stdout.split('\n').filter(Boolean).sort();
}

describe('bash completion', () => {
  it('completes `evpnctl net` to network', async () => {
    expect(await complete(['evpnctl', 'net'])).toEqual(['network']);
  });

  it('completes `evpnctl network a` to add', async () => {
    expect(await complete(['evpnctl', 'network', 'a'])).toEqual(['add']);
  });

  it('completes flags of the current subcommand plus the global ones', async () => {
    const flags = await complete(['evpnctl', 'network', 'add', '--vni', '10', '--']);
    expect(flags).toEqual(expect.arrayContaining(['--network-id', '--logical-switch', '--import-rt', '--may-exist', '--json', '--socket']));
    expect(flags).not.toContain('--remote-as');
  });

  it('skips option values when finding the subcommand, and offers shells for completion', async () => {
    expect(await complete(['evpnctl', '--socket', '/tmp/x.sock', 'spe'])).toEqual(['speaker']);
    expect(await complete(['evpnctl', 'completion', ''])).toEqual(['bash', 'zsh']);
    expect(await complete(['evpnctl', ''])).toEqual(expect.arrayContaining(['client', 'daemon', 'neighbor', 'network', 'route', 'speaker', 'status']));
  });
});

describe('committed completion scripts', () => {
  it('match the generated ones (regenerate with `npm run completions`)', () => {
    expect(readFileSync(join(ROOT, 'completions/evpnctl.bash'), 'utf8')).toBe(bashCompletion(program()));
    expect(readFileSync(join(ROOT, 'completions/_evpnctl'), 'utf8')).toBe(zshCompletion(program()));
  });
});
