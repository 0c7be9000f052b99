// `npm run man`: writes the man pages generated from the command tree under man/ (committed; a unit test
// fails when they differ from what the tree generates).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CliContext } from '../src/commands/context.js';
import { manPages } from '../src/commands/man-page.js';
import { buildProgram } from '../src/commands/program.js';
import { VERSION } from '../src/core/version.js';

const ROOT = resolve(import.meta.dirname, '..');
const program = buildProgram(new CliContext({ stdout: () => {}, stderr: () => {}, env: {}, isTTY: false }));
const pages = manPages(program, VERSION);
const dir = join(ROOT, 'man');
for (const f of readdirSync(join(dir, 'man1'), { withFileTypes: true }).filter((e) => e.isFile())) {
  if (!pages.has(`man1/${f.name}`)) rmSync(join(dir, 'man1', f.name)); // a removed noun's page goes too
}
for (const [name, text] of pages) {
  mkdirSync(dirname(join(dir, name)), { recursive: true });
  writeFileSync(join(dir, name), text);
}
console.log(`wrote ${pages.size} pages under man/`);
