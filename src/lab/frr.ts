// An FRR site: zebra + bgpd inside a netns with private paths (config, pidfiles, zserv socket, vty
// sockets all in our dir; -P 0 disables the TCP vty), queried through vtysh --vty_socket with JSON output.
// The dir must be owned by frr:frr because the daemons drop privileges (lab-recipe P5).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { startDaemonized, waitForPath, type ManagedProcess } from './daemon.js';
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
  /** Stops bgpd, then zebra. */
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

/** Starts zebra and bgpd for a site in netns; `name` names its directory (frr/<name>). */
export async function startFrr(labRun: LabRun, netns: string, name: string, config: FrrBgpConfig): Promise<FrrInstance> {
  const dir = labRun.path('frr', name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'zebra.conf'), renderZebraConf(config.hostname, join(dir, 'zebra.log')));
  await writeFile(join(dir, 'bgpd.conf'), renderBgpdConf(config, join(dir, 'bgpd.log')));
  await run(['chown', '-R', 'frr:frr', dir]);
  const zserv = join(dir, 'zserv.api');
  const common = ['-z', zserv, '--vty_socket', dir, '-P', '0', '-d'];
  const zebra = await startDaemonized(labRun, {
    name: `zebra(${name})`, netns, pidfile: join(dir, 'zebra.pid'), logFile: join(dir, 'zebra.log'),
    argv: ['/usr/lib/frr/zebra', '-f', join(dir, 'zebra.conf'), '-i', join(dir, 'zebra.pid'), ...common],
  });
  await waitForPath(`zebra(${name}) zserv socket`, zserv);
  const startBgpd = async (): Promise<ManagedProcess> => {
    const p = await startDaemonized(labRun, {
      name: `bgpd(${name})`, netns, pidfile: join(dir, 'bgpd.pid'), logFile: join(dir, 'bgpd.log'),
      argv: ['/usr/lib/frr/bgpd', '-f', join(dir, 'bgpd.conf'), '-i', join(dir, 'bgpd.pid'), ...common],
    });
    await waitForPath(`bgpd(${name}) vty socket`, join(dir, 'bgpd.vty'));
    return p;
  };
  let bgpd = await startBgpd();
  const vtysh = async (command: string): Promise<string> =>
    (await run(['vtysh', '--vty_socket', dir, '-c', command], { netns, timeoutMs: 15_000 })).stdout;
  const vtyshJson = (command: string): Promise<unknown> => runJson(['vtysh', '--vty_socket', dir, '-c', command], { netns, timeoutMs: 15_000 });
  const instance: FrrInstance = {
    netns, dir, config, zebra,
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
