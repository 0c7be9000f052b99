// gobgpd as a lab BGP speaker: started in a netns with a generated TOML config and its gRPC API on a
// unix socket in the run dir (never TCP), driven through the gobgp CLI with JSON output (-j).
// The host's gobgpd is 3.10; with `root`, gobgpd and its CLI run chrooted from a Debian root (GoBGP 3.36
// from the trixie root, modern-peers.txt), the run dir bound at its own path inside.
import { writeFile, mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnChild, waitForPath, type ChildProcessHandle } from './daemon.js';
import { chrootArgv, removeMountPoints } from './debian-root.js';
import { LabError } from './errors.js';
import { run, runJson } from './exec.js';
import { renderGobgpToml, type GobgpConfig } from './gobgp-config.js';
import { macIpArgs, multicastArgs, type EvpnMacIpRoute, type EvpnMulticastRoute } from './gobgp-evpn.js';
import type { LabRun } from './run.js';
import { waitUntil, type PollOptions } from './wait.js';

/** A neighbor as `gobgp -j neighbor` reports it (the fields the lab reads). */
export interface GobgpNeighborState {
  address: string;
  /** e.g. "established", "active", "idle". */
  sessionState: string;
}

/** A running gobgpd. */
export interface GobgpInstance {
  readonly netns: string;
  readonly config: GobgpConfig;
  /** The Debian root gobgpd runs from, or undefined for the host's. */
  readonly root: string | undefined;
  /** The gRPC API socket (unix). */
  readonly apiSocket: string;
  readonly process: ChildProcessHandle;
  /** Runs `gobgp --target unix://<api> ...args` in the netns; returns stdout. */
  cli(...args: string[]): Promise<string>;
  /** Same with `-j`, parsed. */
  cliJson(...args: string[]): Promise<unknown>;
  neighbors(): Promise<GobgpNeighborState[]>;
  waitEstablished(address: string, o?: PollOptions): Promise<void>;
  /** `gobgp -j global rib -a evpn`: destinations keyed by prefix, each a list of paths (GoBGP's shape). */
  evpnRib(): Promise<Record<string, unknown[]>>;
  addMulticast(r: EvpnMulticastRoute): Promise<void>;
  delMulticast(r: EvpnMulticastRoute): Promise<void>;
  addMacIp(r: EvpnMacIpRoute): Promise<void>;
  delMacIp(r: EvpnMacIpRoute): Promise<void>;
  stop(): Promise<void>;
}

/** How to run gobgpd. */
export interface GobgpRunOptions {
  /** Run gobgpd and gobgp chrooted from this Debian root (debian-root.ts) instead of the host's. */
  root?: string;
}

/** Starts gobgpd in netns (lab-recipe 05-gobgp-y.sh); `name` names its directory (gobgp/<name>). */
export async function startGobgp(labRun: LabRun, netns: string, name: string, config: GobgpConfig, o: GobgpRunOptions = {}): Promise<GobgpInstance> {
  const { root } = o;
  const dir = labRun.path('gobgp', name);
  await mkdir(dir, { recursive: true });
  const toml = join(dir, 'gobgpd.toml');
  const apiSocket = join(dir, 'api.sock');
  await writeFile(toml, renderGobgpToml(config));
  await rm(apiSocket, { force: true });
  if (root !== undefined) labRun.cleanup.add(`remove the mount points of ${dir} in ${root}`, () => removeMountPoints(root, dir));
  const inRoot = (argv: readonly string[]): string[] => (root === undefined ? [...argv] : chrootArgv(root, argv, { binds: [dir] }));
  const proc = await spawnChild(labRun, {
    name: `gobgpd(${name})`, netns, logFile: join(dir, 'gobgpd.log'),
    argv: inRoot(['gobgpd', '-f', toml, '-p', '-l', 'info', '--pprof-disable', `--api-hosts=unix://${apiSocket}`]),
  });
  try {
    await waitForPath(`gobgpd(${name}) API socket`, apiSocket);
  } catch (err) {
    throw new LabError(`gobgpd(${name}) did not open its API socket; see ${join(dir, 'gobgpd.log')}`, { cause: err });
  }
  const target = ['gobgp', '--target', `unix://${apiSocket}`];
  const cli = async (...args: string[]): Promise<string> => (await run(inRoot([...target, ...args]), { netns, timeoutMs: 15_000 })).stdout;
  const cliJson = (...args: string[]): Promise<unknown> => runJson(inRoot([...target, '-j', ...args]), { netns, timeoutMs: 15_000 });
  const instance: GobgpInstance = {
    netns, config, root, apiSocket, process: proc, cli, cliJson,
    neighbors: async () => parseGobgpNeighbors(await cliJson('neighbor')),
    waitEstablished: async (address, o) => {
      await waitUntil(`gobgpd(${name}) session with ${address} to be established`, async () => {
        const n = (await instance.neighbors()).find((x) => x.address === address);
        return { ok: n?.sessionState === 'established', seen: n?.sessionState ?? 'no such neighbor' };
      }, { timeoutMs: 30_000, ...o });
    },
    evpnRib: async () => {
      const raw = await cliJson('global', 'rib', '-a', 'evpn');
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
        throw new LabError(`gobgp -j global rib -a evpn: expected an object keyed by prefix, got ${JSON.stringify(raw).slice(0, 160)}`);
      }
      return raw as Record<string, unknown[]>;
    },
    addMulticast: async (r) => void (await cli(...multicastArgs('add', r))),
    delMulticast: async (r) => void (await cli(...multicastArgs('del', r))),
    addMacIp: async (r) => void (await cli(...macIpArgs('add', r))),
    delMacIp: async (r) => void (await cli(...macIpArgs('del', r))),
    stop: () => proc.stop(),
  };
  return instance;
}

/** Parses `gobgp -j neighbor` (an array of peers with conf.neighbor_address and state.session_state). */
export function parseGobgpNeighbors(json: unknown): GobgpNeighborState[] {
  if (json === null) return [];
  if (!Array.isArray(json)) throw new LabError(`gobgp -j neighbor: expected an array, got ${JSON.stringify(json).slice(0, 160)}`);
  return json.map((raw: unknown) => {
    const p = raw as { conf?: { neighbor_address?: unknown }; state?: { session_state?: unknown; neighbor_address?: unknown } };
    const address = p.conf?.neighbor_address ?? p.state?.neighbor_address;
    const state = p.state?.session_state;
    if (typeof address !== 'string') throw new LabError(`gobgp -j neighbor: expected conf.neighbor_address, got ${JSON.stringify(raw).slice(0, 160)}`);
    return { address, sessionState: sessionStateName(state) };
  });
}

// GoBGP's JSON prints the session state either as a protobuf enum number or as a name, depending on the path.
const STATE_NAMES = ['unknown', 'idle', 'connect', 'active', 'opensent', 'openconfirm', 'established'];
function sessionStateName(state: unknown): string {
  if (typeof state === 'number') return STATE_NAMES[state] ?? `state-${state}`;
  if (typeof state === 'string') return state.toLowerCase().replace(/^session_state_|^bgp_fsm_/, '');
  return 'unknown';
}
