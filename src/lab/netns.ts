// Network namespaces and links: create/delete a netns, veth pairs between namespaces, addresses,
// MTU, MAC, TX checksum offload. Every command runs against a named netns (`ip -n NS`), never the host's.
import { access } from 'node:fs/promises';
import { run, type RunOptions, type RunResult } from './exec.js';
import { LabError } from './errors.js';
import { ifName } from './names.js';

/** One end of a link: an interface name inside a netns. */
export interface LinkEnd {
  netns: string;
  name: string;
}

/** True if /run/netns/<name> exists (how iproute2 names namespaces). */
export async function netnsExists(name: string): Promise<boolean> {
  try {
    await access(`/run/netns/${name}`);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** Creates a netns and brings its loopback up. */
export async function createNetns(name: string): Promise<void> {
  await run(['ip', 'netns', 'add', name]);
  await ip(name, 'link', 'set', 'lo', 'up');
}

/** Deletes a netns if it exists (idempotent). Its interfaces, veth peers included, go with it. */
export async function deleteNetns(name: string): Promise<void> {
  if (await netnsExists(name)) await run(['ip', 'netns', 'del', name]);
}

/** PIDs of the processes inside a netns (`ip netns pids`). */
export async function netnsPids(name: string): Promise<number[]> {
  if (!(await netnsExists(name))) return [];
  const { stdout } = await run(['ip', 'netns', 'pids', name]);
  return stdout.split(/\s+/).filter((s) => s !== '').map(Number).filter((n) => Number.isSafeInteger(n) && n > 1);
}

/** Runs `ip -n NS ...args`. */
export function ip(netns: string, ...args: string[]): Promise<RunResult> {
  return run(['ip', '-n', netns, ...args]);
}

/** Runs argv inside a netns (`ip netns exec`), with the given options. */
export function runIn(netns: string, argv: readonly string[], options: Omit<RunOptions, 'netns'> = {}): Promise<RunResult> {
  return run(argv, { ...options, netns });
}

/** Creates a veth pair whose ends are born directly in their namespaces (no name ever exists on the host). */
export async function createVeth(a: LinkEnd, b: LinkEnd): Promise<void> {
  await run(['ip', 'link', 'add', ifName(a.name), 'netns', a.netns, 'type', 'veth', 'peer', 'name', ifName(b.name), 'netns', b.netns]);
}

/** Link settings applied by configureLink, in a fixed order (MAC before up, MTU before address). */
export interface LinkSettings {
  mac?: string;
  mtu?: number;
  /** CIDR addresses, e.g. 192.168.100.1/24. */
  addresses?: readonly string[];
  /** Parent bridge (master) in the same netns. */
  master?: string;
  /** Turn TX checksum offload off (lab-recipe P2: needed on every veth whose peer OVS reads via AF_PACKET). */
  txOff?: boolean;
  up?: boolean;
}

/** Applies settings to an existing link. */
export async function configureLink(end: LinkEnd, s: LinkSettings): Promise<void> {
  if (s.mac !== undefined) await ip(end.netns, 'link', 'set', end.name, 'address', s.mac);
  if (s.mtu !== undefined) await ip(end.netns, 'link', 'set', end.name, 'mtu', String(s.mtu));
  if (s.master !== undefined) await ip(end.netns, 'link', 'set', end.name, 'master', s.master);
  for (const a of s.addresses ?? []) await ip(end.netns, 'addr', 'add', a, 'dev', end.name);
  if (s.txOff) await txChecksumOff(end);
  if (s.up) await ip(end.netns, 'link', 'set', end.name, 'up');
}

/** `ethtool -K DEV tx off` inside the netns (lab-recipe P2). */
export async function txChecksumOff(end: LinkEnd): Promise<void> {
  await runIn(end.netns, ['ethtool', '-K', end.name, 'tx', 'off']);
}

/** The `tx-checksumming` state of a device ("on"/"off"), from `ethtool -k`. */
export async function txChecksumState(end: LinkEnd): Promise<string> {
  const { stdout } = await runIn(end.netns, ['ethtool', '-k', end.name]);
  const m = /^tx-checksumming:\s*(\S+)/m.exec(stdout);
  if (!m?.[1]) throw new LabError(`ethtool -k ${end.name}: expected a "tx-checksumming:" line, got ${JSON.stringify(stdout.slice(0, 200))}`);
  return m[1];
}
