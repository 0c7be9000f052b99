// Directories the daemon creates get the mode it asks for, whatever the caller's umask: mkdir(2) applies
// the umask, so each directory this call created is chmod-ed afterwards. Existing ones are left alone
// (a socket dir like /tmp or /run belongs to someone else).
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

/** mkdir -p `dir` with `mode` on every directory it creates. */
export function makeDir(dir: string, mode: number): void {
  const first = mkdirSync(dir, { recursive: true, mode });
  if (first === undefined) return;
  for (let d = dir; ; d = dirname(d)) {
    chmodSync(d, mode);
    if (d === first || d === dirname(d)) break;
  }
}
