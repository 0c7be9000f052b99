// The session engine's size against issue 12's target (under 1,500 lines): the src/ files its process bundles (esbuild
// metafile of src/core/session-engine/process.ts), with and without comments and blank lines. `node scripts/session-engine-size.mjs`
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
const r = await build({ entryPoints: ['src/core/session-engine/process.ts'], bundle: true, write: false, metafile: true, platform: 'node', format: 'esm', outdir: '/tmp/se-size-out', logLevel: 'silent' });
const inputs = Object.keys(r.metafile.inputs).filter((f) => f.startsWith('src/'));
let total = 0; let code = 0;
const rows = [];
for (const f of inputs) {
  const text = readFileSync(f, 'utf8');
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  const nonComment = text.split('\n').filter((l) => l.trim() !== '' && !l.trim().startsWith('//') && !l.trim().startsWith('*') && !l.trim().startsWith('/*')).length;
  total += lines; code += nonComment; rows.push([lines, f]);
}
rows.sort((a, b) => b[0] - a[0]);
for (const [l, f] of rows) console.log(String(l).padStart(5), f);
console.log(`${inputs.length} files, ${total} lines, ${code} lines without comments and blank lines`);
