// An FRR site: zebra + bgpd inside a netns with private paths (config, pidfiles, zserv socket, vty
// sockets all in our dir; -P 0 disables the TCP vty), queried through vtysh --vty_socket with JSON output.
// The dir must be owned by frr:frr because the daemons drop privileges (lab-recipe P5).
// The host's FRR is 8.4; with `root`, FRR runs chrooted from a Debian root (FRR 10.3 from the trixie root,
// modern-peers.txt): there zebra needs mgmtd, started first, and the root's frr user owns the dir.
import { chown, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDaemonized, waitForPath, type ManagedProcess } from './daemon.js';
import { chrootArgv, removeMountPoints, rootUser } from './debian-root.js';
import { LabError } from './errors.js';
import { run, runJson } from './exec.js';
import { renderBgpdConf, renderZebraConf, type FrrBgpConfig } from './frr-config.js';
import type { LabRun } from './run.js';
import { sleep, waitUntil, type PollOptions } from './wait.js';

/** A running FRR instance. */
export interface FrrInstance {
  readonly netns: string;
  /** Holds zebra.conf, bgpd.conf, pidfiles, logs, zserv.api and the *.vty sockets. */
  readonly dir: string;
  readonly config: FrrBgpConfig;
  /** The Debian root FRR runs from, or undefined for the host's FRR. */
  readonly root: string | undefined;
  /** Present when FRR runs from a root (FRR 10's zebra needs it). */
  readonly mgmtd: ManagedProcess | undefined;
  readonly zebra: ManagedProcess;
  /** The current bgpd (replaced by restartBgpd). */
  readonly bgpd: ManagedProcess;
  /** Runs one vtysh command; returns its text. */
  vtysh(command: string): Promise<string>;
  /** Runs one vtysh command that ends in `json` and parses it. */
  vtyshJson(command: string): Promise<unknown>;
  /** `show bgp neighbors json`, keyed by neighbor address. */
  neighbors(): Promise<Record<string, FrrNeighborState>>;
  /** Waits until the neighbor's bgpState is Established. */
  waitEstablished(address: string, o?: PollOptions): Promise<void>;
  /** `show bgp l2vpn evpn json` (raw: FRR's shape, keyed by RD then prefix). */
  evpnRoutes(): Promise<unknown>;
  /** `show evpn mac vni N json`: MACs keyed by MAC, each with type local/remote and remoteVtep. */
  evpnMacs(vni: number): Promise<Record<string, FrrEvpnMac>>;
  /**
   * Stops bgpd and starts it again with the same config (for graceful-restart tests); `downMs` keeps it
   * stopped that long first (its peers back off meanwhile).
   */
  restartBgpd(o?: { downMs?: number }): Promise<void>;
  /** Stops bgpd, then zebra (and mgmtd). */
  stop(): Promise<void>;
}

/** The fields of `show bgp neighbors json` the lab uses (FRR has many more). */
export interface FrrNeighborState {
  bgpState: string;
  remoteAs?: number;
  [key: string]: unknown;
}

/** One entry of `show evpn mac vni N json`. */
export interface FrrEvpnMac {
  type: string;
  remoteVtep?: string;
  [key: string]: unknown;
}

/** How to run FRR. */
export interface FrrRunOptions {
  /** Run FRR chrooted from this Debian root (debian-root.ts) instead of the host's. */
  root?: string;
}

/** Starts zebra and bgpd (after mgmtd, from a root) for a site in netns; `name` names its directory (frr/<name>). */
export async function startFrr(labRun: LabRun, netns: string, name: string, config: FrrBgpConfig, o: FrrRunOptions = {}): Promise<FrrInstance> {
  const { root } = o;
  const dir = labRun.path('frr', name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'zebra.conf'), renderZebraConf(config.hostname, join(dir, 'zebra.log')));
  await writeFile(join(dir, 'bgpd.conf'), renderBgpdConf(config, join(dir, 'bgpd.log')));
  if (root === undefined) {
    await run(['chown', '-R', 'frr:frr', dir]);
  } else {
    // The root's frr user has its own uid/gid (modern-peers.txt); the mount points it leaves go with the run.
    const frr = await rootUser(root, 'frr');
    await chown(dir, frr.uid, frr.gid);
    labRun.cleanup.add(`remove the mount points of ${dir} in ${root}`, () => removeMountPoints(root, dir));
  }
  const zserv = join(dir, 'zserv.api');
  const common = ['--vty_socket', dir, '-P', '0', '-d'];
  // From a root: proc and the netns' own sysfs (zebra reads its devices), the dir at its own path and on
  // /run/frr (where mgmtd puts its sockets whatever --vty_socket says, so two instances stay apart).
  const argvOf = (daemon: string, args: readonly string[]): string[] => {
    const argv = [`/usr/lib/frr/${daemon}`, ...args, '-i', join(dir, `${daemon}.pid`), ...common];
    return root === undefined ? argv : chrootArgv(root, argv, {
      proc: true, sysfs: true, binds: [dir], bindsTo: [{ from: dir, to: '/run/frr' }], logFile: join(dir, 'stdio.log'),
    });
  };
  const start = (daemon: string, args: readonly string[], logFile = join(dir, `${daemon}.log`)): Promise<ManagedProcess> => startDaemonized(labRun, {
    name: `${daemon}(${name})`, netns, pidfile: join(dir, `${daemon}.pid`), logFile, argv: argvOf(daemon, args),
  });
  // FRR 10's zebra loops on "BE-client ... closed connection" without mgmtd; mgmtd has no -f.
  const mgmtd = root === undefined ? undefined : await start('mgmtd', ['--log', `file:${join(dir, 'mgmtd.log')}`]);
  if (mgmtd) await waitForPath(`mgmtd(${name}) vty socket`, join(dir, 'mgmtd.vty'));
  const zebra = await start('zebra', ['-f', join(dir, 'zebra.conf'), '-z', zserv]);
  await waitForPath(`zebra(${name}) zserv socket`, zserv);
  const startBgpd = async (): Promise<ManagedProcess> => {
    const p = await start('bgpd', ['-f', join(dir, 'bgpd.conf'), '-z', zserv]);
    await waitForPath(`bgpd(${name}) vty socket`, join(dir, 'bgpd.vty'));
    return p;
  };
  let bgpd = await startBgpd();
  const vtyshArgv = (command: string): string[] => {
    const argv = ['vtysh', '--vty_socket', dir, '-c', command];
    return root === undefined ? argv : chrootArgv(root, argv, { binds: [dir] });
  };
  const vtysh = async (command: string): Promise<string> => (await run(vtyshArgv(command), { netns, timeoutMs: 15_000 })).stdout;
  const vtyshJson = (command: string): Promise<unknown> => runJson(vtyshArgv(command), { netns, timeoutMs: 15_000 });
  const instance: FrrInstance = {
    netns, dir, config, root, mgmtd, zebra,
    get bgpd() {
      return bgpd;
    },
    vtysh,
    vtyshJson,
    neighbors: async () => asRecord<FrrNeighborState>('show bgp neighbors json', await vtyshJson('show bgp neighbors json')),
    waitEstablished: async (address, o) => {
      await waitUntil(`FRR ${name} session with ${address} to be Established`, async () => {
        const n = (await instance.neighbors())[address];
        return { ok: n?.bgpState === 'Established', seen: n?.bgpState ?? 'no such neighbor' };
      }, { timeoutMs: 30_000, ...o });
    },
    evpnRoutes: () => vtyshJson('show bgp l2vpn evpn json'),
    evpnMacs: async (vni) => {
      const raw = asRecord<unknown>(`show evpn mac vni ${vni} json`, await vtyshJson(`show evpn mac vni ${vni} json`));
      const macs = raw.macs === undefined ? {} : asRecord<FrrEvpnMac>('macs', raw.macs);
      return macs;
    },
    restartBgpd: async (o = {}) => {
      await bgpd.stop();
      if (o.downMs !== undefined) await sleep(o.downMs);
      bgpd = await startBgpd();
    },
    stop: async () => {
      await bgpd.stop();
      await zebra.stop();
      await mgmtd?.stop();
    },
  };
  return instance;
}

function asRecord<T>(what: string, value: unknown): Record<string, T> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new LabError(`${what}: expected a JSON object, got ${JSON.stringify(value).slice(0, 160)}`);
  }
  return value as Record<string, T>;
}
