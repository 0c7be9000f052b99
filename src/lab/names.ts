// Names for everything a lab run creates. One short random run id goes into every name that lives in a
// shared namespace (netns names, the run directory), so parallel runs on one machine never collide.
// Interface names live inside our own namespaces and only need to respect the kernel's 15-character limit.
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValidationError } from '../core/errors.js';

/** Prefix of every run directory under the temp dir: /tmp/evpnctl-lab-<id>. */
export const RUN_DIR_PREFIX = 'evpnctl-lab-';
/** Prefix of every netns a run creates: evl-<id>-<role>. */
export const NETNS_PREFIX = 'evl-';
/** Linux IFNAMSIZ is 16 including the NUL byte. */
export const MAX_IFNAME = 15;

const RUN_ID = /^[a-z][a-z0-9]{5}$/;
const ROLE = /^[a-z][a-z0-9]{0,7}$/;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** A fresh run id: 6 characters, a letter first (36^5 * 26 ≈ 1.6e9 values, enough for parallel test runs). */
export function newRunId(random: (n: number) => Uint8Array = randomBytes): string {
  const bytes = random(6);
  let id = '';
  for (let i = 0; i < 6; i++) {
    const b = bytes[i] ?? 0;
    id += i === 0 ? ALPHABET[b % 26] : ALPHABET[b % ALPHABET.length];
  }
  return id;
}

/** Checks a run id typed by a person (`down <id>`) before it is used to build paths. */
export function parseRunId(value: string): string {
  if (!RUN_ID.test(value)) throw new ValidationError('run id', value, 'six characters [a-z0-9], a letter first');
  return value;
}

/** The run directory of a run id (state, logs, sockets, the manifest). */
export function runDirOf(runId: string, base: string = tmpdir()): string {
  return join(base, `${RUN_DIR_PREFIX}${parseRunId(runId)}`);
}

/** The netns name for a role in a run, e.g. evl-k3x9ab-x. Roles are short so `ip netns list` stays readable. */
export function netnsName(runId: string, role: string): string {
  if (!ROLE.test(role)) throw new ValidationError('netns role', role, 'up to 8 characters [a-z0-9], a letter first');
  return `${NETNS_PREFIX}${parseRunId(runId)}-${role}`;
}

/** True if a netns name belongs to the given run. */
export function isNetnsOfRun(name: string, runId: string): boolean {
  return name.startsWith(`${NETNS_PREFIX}${runId}-`);
}

/** Validates an interface name: at most 15 characters, no '/', no whitespace, not '.' or '..'. */
export function ifName(name: string): string {
  if (name.length === 0 || name.length > MAX_IFNAME || /[\s/:]/.test(name) || name === '.' || name === '..') {
    throw new ValidationError('interface name', name, `1 to ${MAX_IFNAME} characters without whitespace, '/' or ':'`);
  }
  return name;
}

/** The OVS port name of a VXLAN port for (VNI, remote VTEP), as the recipe: vx<vni>-<vtep as hex>. */
export function vxlanPortName(vni: number, remoteVtep: string): string {
  const hex = remoteVtep.split('.').map((o) => Number(o).toString(16).padStart(2, '0')).join('');
  return ifName(`vx${vni}-${hex}`);
}
