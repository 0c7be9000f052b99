// Drives the generated completion functions in real shells: bash with COMP_WORDS/COMP_CWORD, zsh with
// words/CURRENT and stand-ins for the completion system's output builtins (compadd, _describe, _files)
// that print what they were given ("name:description" for described entries).
import { execa } from 'execa';

const shq = (w: string) => `'${w.replace(/'/g, "'\\''")}'`;

/** Runs the bash completion function of `script` for `words` (the last one is being completed). */
export async function completeBash(script: string, words: string[], env: Record<string, string> = {}): Promise<string[]> {
  const r = await execa('bash', ['-c', `source ${script}; COMP_WORDS=(${words.map(shq).join(' ')}); COMP_CWORD=${words.length - 1}; _evpnctl; printf '%s\\n' "\${COMPREPLY[@]}"`], { env });
  if (r.stderr !== '') throw new Error(`bash completion wrote to stderr: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean).sort();
}

/** Runs the zsh completion function of `script` for `words`; what it offered. */
export async function completeZsh(script: string, words: string[], env: Record<string, string> = {}): Promise<string[]> {
  const stubs = [
    'compdef() { :; }',
    'compadd() { local i=${@[(i)--]}; print -rl -- "${@[i+1,-1]}"; }',
    '_describe() { print -rl -- "${(@P)${@[-1]}}"; }',
    "_files() { print -r -- '<files>'; }",
  ].join('\n');
  const r = await execa('zsh', ['-f', '-c', `${stubs}\nsource ${script}\nwords=(${words.map(shq).join(' ')}); CURRENT=${words.length}; _evpnctl`], { env });
  if (r.stderr !== '') throw new Error(`zsh completion wrote to stderr: ${r.stderr}`);
  return r.stdout.split('\n').filter(Boolean).sort();
}

/** The names of "name:description" entries. */
export const names = (entries: string[]) => entries.map((e) => e.split(':')[0]!.replace(/\\$/, ''));
