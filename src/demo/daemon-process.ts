// `evpnctl daemon` as a lab process: started inside an OVN site's netns (Y; also Y2 in the OVN-OVN demo)
// through OvnSite.spawn (so the run tracks and stops it), with its socket, state and log in the run
// directory and the site's OVS/OVN databases. kill9() is the crash of the restart test; start() again
// reuses the same state dir.
import { access } from 'node:fs/promises';
import type { ChildProcessHandle } from '../lab/daemon.js';
import { LabError } from '../lab/errors.js';
import type { LabRun } from '../lab/run.js';
import type { OvnSite } from '../lab/topology/ovn-site.js';
import { waitFor } from '../lab/wait.js';
import type { StatusView } from '../core/model/views.js';
import { EVPNCTL_BIN, evpnctlCli, type EvpnctlCli } from './evpnctl-cli.js';

/** Where one daemon keeps its things (all inside the run directory). */
export interface DaemonPaths {
  socket: string;
  stateDir: string;
  /** The CLI's own defaults dir (see evpnctlCli). */
  cliConfigDir: string;
}

/** The paths of a run's daemon called name (one run may hold several daemons, one per OVN site). */
export function daemonPaths(labRun: LabRun, name = 'evpnctl'): DaemonPaths {
  return { socket: labRun.path(`${name}.sock`), stateDir: labRun.path(`${name}-state`), cliConfigDir: labRun.path(`${name}-cli`) };
}

/** A running (or crashed) daemon of the demo. */
export interface EvpnctlDaemon {
  readonly paths: DaemonPaths;
  readonly cli: EvpnctlCli;
  /** The current process (replaced by restart()). */
  readonly process: ChildProcessHandle;
  /** The argv it was started with, as a person would run it inside site Y's netns. */
  readonly argv: readonly string[];
  /** SIGKILL, no cleanup at all (what a crash or `kill -9` does); resolves once it is gone. */
  kill9(): Promise<void>;
  /** Starts it again with the same socket, state dir and databases; resolves once it answers `status`. */
  restart(): Promise<StatusView>;
  /** SIGTERM (then SIGKILL); idempotent. */
  stop(): Promise<void>;
}

/** How to start one daemon. */
export interface DaemonStartOptions {
  logLevel?: string;
  /** Names its socket, state dir and log (default `evpnctl`: evpnctl.sock, evpnctl-state, evpnctl-daemon.log). */
  name?: string;
  /** More `evpnctl daemon` options, e.g. ['--ha-group', 'gw']. */
  extraArgs?: readonly string[];
  /** The evpnctl entry to run (default this checkout's bin/evpnctl). */
  bin?: string;
}

/** Where a daemon runs: what it needs of an OVN site (its netns spawn and its databases). */
export type DaemonSite = Pick<OvnSite, 'spawn' | 'ovsDbRemote' | 'nbRemote'>;

/** Starts `evpnctl daemon` in an OVN site's netns and waits until it answers `evpnctl status`. */
export async function startEvpnctlDaemon(labRun: LabRun, y: DaemonSite, o: DaemonStartOptions = {}): Promise<EvpnctlDaemon> {
  const name = o.name ?? 'evpnctl';
  const paths = daemonPaths(labRun, name);
  const cli = evpnctlCli(paths.socket, paths.cliConfigDir, o.bin);
  const args = ['daemon', '--state-dir', paths.stateDir, '--ovs-db', y.ovsDbRemote, '--ovn-nb-db', y.nbRemote, '--log-level', o.logLevel ?? 'info', ...(o.extraArgs ?? [])];
  const argv = cli.argv(args);
  let generation = 0;
  const launch = async (): Promise<ChildProcessHandle> => {
    generation += 1;
    // One log file per start, so the restart test can show what each process did.
    const p = await y.spawn(generation === 1 ? `${name}-daemon` : `${name}-daemon-${generation}`, argv);
    await waitAnswering(cli, p);
    return p;
  };
  let current = await launch();
  return {
    paths, cli, argv,
    get process() {
      return current;
    },
    kill9: async () => {
      process.kill(current.pid, 'SIGKILL');
      await current.exited;
      await current.stop(); // forgets it in the manifest; it is already gone
    },
    restart: async () => {
      await current.stop();
      current = await launch();
      return cli.json<StatusView>(['status']);
    },
    stop: () => current.stop(),
  };
}

async function waitAnswering(cli: EvpnctlCli, p: ChildProcessHandle): Promise<void> {
  let exited = false;
  void p.exited.then(() => {
    exited = true;
  });
  const outcome = await waitFor(`evpnctl daemon (pid ${p.pid}) to answer on ${cli.socket} (log: ${p.logFile})`, async () => {
    if (exited) return 'exited' as const;
    await access(cli.socket);
    await cli.run(['status']);
    return 'answering' as const;
  }, { timeoutMs: 20_000, intervalMs: 100 });
  if (outcome === 'exited') throw new LabError(`evpnctl daemon (pid ${p.pid}) exited during startup; see ${p.logFile}`);
}

/** The command line a person would use inside the site's netns (for --keep hints). */
export function daemonCommandLine(y: OvnSite, d: EvpnctlDaemon): string {
  return ['ip netns exec', y.netns, ...d.argv.slice(1).map((a) => (a === EVPNCTL_BIN ? 'bin/evpnctl' : a))].join(' ');
}
