// A private copy of the built evpnctl (bin/, dist/, package.json) with what rebuilding it takes (src/,
// scripts/build.mjs, tsconfig.json; node_modules linked), for a test whose daemon is upgraded in place by
// `evpnctl daemon reload`: the test rebuilds the copy under its running daemon, never this checkout's dist/,
// which the other test files run from at the same time.
import { cp, mkdir, stat, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { execa } from 'execa';
import { ROOT, requireBuild } from './evpnctl.js';

/** A copy of the build. */
export interface DaemonTree {
  readonly dir: string;
  /** dir/bin/evpnctl: what the daemon runs from. */
  readonly bin: string;
  /** Rebuilds dir/dist with `node scripts/build.mjs` (the repo's build) and returns the new dist/cli.js's identity. */
  rebuild(): Promise<BuildIdentity>;
  /** dist/cli.js's inode and mtime now. */
  identity(): Promise<BuildIdentity>;
}

/** Which file dist/cli.js is: a rebuild writes a new one (build.mjs removes dist/ first). */
export interface BuildIdentity {
  ino: number;
  mtimeMs: number;
}

/** Copies the build into dir (which must not exist yet). */
export async function copyDaemonTree(dir: string): Promise<DaemonTree> {
  requireBuild();
  await mkdir(dir, { recursive: true });
  for (const p of ['bin', 'dist', 'src', 'package.json', 'tsconfig.json']) await cp(join(ROOT, p), join(dir, p), { recursive: true });
  await mkdir(join(dir, 'scripts'));
  await cp(join(ROOT, 'scripts/build.mjs'), join(dir, 'scripts/build.mjs'));
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  const identity = async (): Promise<BuildIdentity> => {
    const s = await stat(join(dir, 'dist/cli.js'));
    return { ino: s.ino, mtimeMs: s.mtimeMs };
  };
  return {
    dir, bin: join(dir, 'bin/evpnctl'), identity,
    rebuild: async () => {
      const r = await execa('node', ['scripts/build.mjs'], { cwd: dir, reject: false, timeout: 120_000 });
      if (r.exitCode !== 0) throw new Error(`node scripts/build.mjs in ${dir}: expected exit 0, got ${r.exitCode}: ${r.stderr}`);
      return identity();
    },
  };
}
