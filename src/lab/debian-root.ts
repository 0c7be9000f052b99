// Peers from another Debian release, run from a chroot: the Debian 13 (trixie) root that
// scripts/trixie-root.sh builds gives FRR 10.3 and GoBGP 3.36 on this Debian 12 machine
// (/work/shared/modern-peers.txt has the recipe). A daemon runs as `ip netns exec NS sh -c '<mounts>; exec
// chroot ROOT ...'`: `ip netns exec` gives every process a private mount namespace, so its proc/sysfs/bind
// mounts stay private and vanish with it, and the fresh sysfs shows the netns' own devices (zebra needs them).
import { readFile, readdir, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabError } from './errors.js';
import { run } from './exec.js';

/** Where scripts/trixie-root.sh puts the root unless EVPNCTL_TRIXIE_ROOT says otherwise. */
export const DEFAULT_TRIXIE_ROOT = '/var/cache/evpnctl/trixie-root';
/** Written by the script as its last step: a root without it is half-built. */
export const ROOT_COMPLETE_MARKER = '.evpnctl-complete';
const BUILD_SCRIPT = fileURLToPath(new URL('../../scripts/trixie-root.sh', import.meta.url));

/** The trixie root's path (the one scripts/trixie-root.sh builds). */
export function trixieRootDir(): string {
  return process.env.EVPNCTL_TRIXIE_ROOT ?? DEFAULT_TRIXIE_ROOT;
}

/** Builds the trixie root when it is missing (about a minute, under a lock) and returns the package versions in it. */
export async function ensureTrixieRoot(timeoutMs = 600_000): Promise<{ dir: string; packages: string }> {
  const dir = trixieRootDir();
  await run(['bash', BUILD_SCRIPT], { timeoutMs, env: { EVPNCTL_TRIXIE_ROOT: dir } });
  return { dir, packages: (await readFile(join(dir, ROOT_COMPLETE_MARKER), 'utf8')).trim() };
}

/** uid and gid of a user in the root's /etc/passwd (the chroot's frr is not the host's frr). */
export async function rootUser(root: string, name: string): Promise<{ uid: number; gid: number }> {
  const passwd = await readFile(join(root, 'etc/passwd'), 'utf8');
  const fields = passwd.split('\n').map((l) => l.split(':')).find((f) => f[0] === name);
  const uid = Number(fields?.[2]);
  const gid = Number(fields?.[3]);
  if (!fields || !Number.isSafeInteger(uid) || !Number.isSafeInteger(gid)) {
    throw new LabError(`${join(root, 'etc/passwd')}: expected a line for user ${name}, found none (is the root complete?)`);
  }
  return { uid, gid };
}

/** What to mount before entering the chroot. */
export interface ChrootMounts {
  /** Host directories bound at the same path inside the root (paths in argv stay valid on both sides). */
  binds?: readonly string[];
  /** Host directory bound on another path inside the root, e.g. a daemon dir on /run/frr. */
  bindsTo?: readonly { from: string; to: string }[];
  proc?: boolean;
  sysfs?: boolean;
  /** Redirect stdin from /dev/null and stdout+stderr to this file (a daemon with -d keeps our pipes otherwise). */
  logFile?: string;
}

/**
 * argv of `sh -c` that mounts, then execs argv chrooted in root (same PID all the way down). Run it through
 * `ip netns exec` (or `unshare -m`) so the mounts stay in that process's private mount namespace.
 */
export function chrootArgv(root: string, argv: readonly string[], m: ChrootMounts = {}): string[] {
  const steps: string[] = [];
  if (m.proc) steps.push(`mount -t proc proc ${q(join(root, 'proc'))}`);
  if (m.sysfs) steps.push(`mount -t sysfs sysfs ${q(join(root, 'sys'))}`);
  const binds = [...(m.binds ?? []).map((d) => ({ from: d, to: d })), ...(m.bindsTo ?? [])];
  for (const b of binds) steps.push(`mkdir -p ${q(join(root, b.to))}`, `mount --bind ${q(b.from)} ${q(join(root, b.to))}`);
  const redirect = m.logFile === undefined ? '' : ` </dev/null >>${q(m.logFile)} 2>&1`;
  steps.push(`exec chroot ${[root, ...argv].map(q).join(' ')}${redirect}`);
  return ['sh', '-c', steps.join(' && ')];
}

/**
 * Removes the empty mount-point directories that binds of `hostDir` left inside the root (rmdir only: a
 * directory with anything in it is left alone and reported, never deleted through a mount).
 */
export async function removeMountPoints(root: string, hostDir: string): Promise<void> {
  const top = join(root, hostDir.split('/').filter((p) => p !== '')[0] ?? '');
  await rmdirTree(join(root, hostDir));
  // Then the now-empty parents, up to (not including) the root's own top-level directory (e.g. tmp).
  for (let d = dirname(join(root, hostDir)); d.startsWith(`${top}/`); d = dirname(d)) {
    if (!(await rmdirIfEmpty(d))) break;
  }
}

async function rmdirTree(dir: string): Promise<void> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const e of entries) {
    if (!e.isDirectory()) throw new LabError(`${join(dir, e.name)}: expected only empty mount points under ${dir}, found a file`);
    await rmdirTree(join(dir, e.name));
  }
  await rmdir(dir);
}

async function rmdirIfEmpty(dir: string): Promise<boolean> {
  try {
    await rmdir(dir);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOENT') return false;
    throw err;
  }
}

/** Single-quotes a word for sh. */
function q(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
