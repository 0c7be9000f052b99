// Builds dist/: the CLI as one esbuild bundle (commander, chalk and cli-table3 inlined) so that
// `evpnctl status` starts in about one Node startup; the daemon is a lazily loaded chunk.
// Daemon-only dependencies stay external and load from node_modules. Types are checked by `npm run typecheck`.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  external: ['conf', 'execa', 'prom-client'],
  // Bundled CommonJS (commander, cli-table3) calls require() for Node builtins; ESM has no require.
  banner: { js: "import { createRequire as __evpnctlRequire } from 'node:module'; const require = __evpnctlRequire(import.meta.url);" },
});
