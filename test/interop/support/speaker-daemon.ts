// The real evpnctl daemon inside the speaker netns of a lab pair, driven by the real (compiled) CLI from
// the host over its Unix socket. By default its OVS/OVN databases point at sockets where nothing listens
// (the interop tests are about BGP, and the OVN side must never touch the host's OVS); `dbs` points it at a
// private OvsSandbox instead (its sockets are files, so they reach into the netns).
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { ChildProcessHandle } from '../../../src/lab/daemon.js';
import type { SpeakerPair } from '../../../src/lab/topology/speaker-pair.js';
import { waitFor } from '../../../src/lab/wait.js';
import type { NeighborView, RouteView } from '../../../src/core/model/views.js';
import { BIN, evpnctl, requireBuild, waitForSocket, type CliResult } from '../../support/evpnctl.js';
import { processesOf, type DaemonProcesses } from '../../support/daemon-processes.js';

/** The daemon under test. */
export class SpeakerDaemon {
  readonly socket: string;
  readonly stateDir: string;
  private proc: ChildProcessHandle | undefined;
  private starts = 0;
  private lastLog: string | undefined;

  private constructor(private readonly pair: SpeakerPair, readonly dir: string, private readonly dbArgs: readonly string[], private readonly side: 'speaker' | 'peer',
    private readonly extraArgs: readonly string[] = []) {
    this.socket = join(dir, 'evpnctl.sock');
    this.stateDir = join(dir, 'state');
  }

  /**
   * Starts `evpnctl daemon` in the speaker netns and waits for its socket. `ovnDbs: false` gives it no
   * database arguments, so with no networks its OVN side never starts (for the ingest benchmark); `dbs`
   * gives it real ones. With databases it logs at debug level (the programmer's batches). `extraArgs` are more
   * `evpnctl daemon` options (the ingest benchmark's `--single-process`).
   */
  static async start(pair: SpeakerPair, o: { ovnDbs?: boolean; dbs?: { ovsDb: string; nbDb: string }; side?: 'speaker' | 'peer'; extraArgs?: readonly string[]; singleProcess?: boolean } = {}): Promise<SpeakerDaemon> {
    requireBuild();
    const side = o.side ?? 'speaker';
    const dir = pair.run.path(side === 'speaker' ? 'evpnctl' : 'evpnctl-peer');
    await mkdir(dir, { recursive: true });
    const dbs = o.dbs ?? ((o.ovnDbs ?? true) ? { ovsDb: `unix:${join(dir, 'no-ovs.sock')}`, nbDb: `unix:${join(dir, 'no-nb.sock')}` } : null);
    const d = new SpeakerDaemon(pair, dir, dbs === null ? [] : ['--ovs-db', dbs.ovsDb, '--ovn-nb-db', dbs.nbDb], side, [...(o.singleProcess === true ? ['--single-process'] : []), ...(o.extraArgs ?? [])]);
    await d.launch();
    return d;
  }

  /** The daemon's pid (for kill -9). */
  get pid(): number {
    if (!this.proc) throw new Error('expected a running daemon, none was started');
    return this.proc.pid;
  }

  /** Where the running (or last) daemon process logs. */
  get logFile(): string {
    if (this.lastLog === undefined) throw new Error('expected a started daemon, none was started');
    return this.lastLog;
  }

  /** Starts the daemon (again, after a kill), with the same state dir. */
  async launch(): Promise<void> {
    const n = ++this.starts;
    const spawn = this.side === 'speaker' ? this.pair.spawnInSpeaker : this.pair.spawnInPeer;
    this.proc = await spawn(`evpnctl-${this.side === 'speaker' ? 'daemon' : 'peer-daemon'}-${n}`, [
      // EVPNCTL_DAEMON_NODE_FLAGS: V8 flags for the daemon only (node refuses --cpu-prof in NODE_OPTIONS), e.g. to profile a benchmark.
      'node', ...(process.env.EVPNCTL_DAEMON_NODE_FLAGS ?? '').split(' ').filter((f) => f !== ''), BIN, 'daemon', '--socket', this.socket, '--state-dir', this.stateDir, '--log-level', this.dbArgs.length > 0 ? 'debug' : 'info',
      ...this.dbArgs, ...this.extraArgs,
    ]);
    this.lastLog = this.proc.logFile;
    const exited = this.proc.exited.then((r) => {
      throw new Error(`evpnctl daemon exited early (${r.exitCode ?? r.signal}); see ${this.proc?.logFile}`);
    });
    await Promise.race([waitForSocket(this.socket, 20_000), exited]);
    exited.catch(() => undefined);
  }

  /** kill -9: no NOTIFICATION, no cleanup, as a crash. Resolves once the process is gone. */
  async kill9(): Promise<void> {
    const p = this.proc;
    if (!p) return;
    process.kill(p.pid, 'SIGKILL');
    await p.exited;
    this.proc = undefined;
  }

  /** Runs `evpnctl --socket S args...` from the host. */
  cli(...args: string[]): Promise<CliResult> {
    return evpnctl(['--socket', this.socket, ...args]);
  }

  /** Runs a command that must succeed. */
  async ok(...args: string[]): Promise<string> {
    const r = await this.cli(...args);
    // `status` exits 6 while the daemon is unhealthy (a neighbor down, OVN degraded): it answered.
    const okCodes = args.find((a) => !a.startsWith('-')) === 'status' ? [0, 6] : [0];
    if (!okCodes.includes(r.exitCode)) throw new Error(`evpnctl ${args.join(' ')}: expected exit 0, got ${r.exitCode}: ${r.stderr}`);
    return r.stdout;
  }

  /** Runs a command with --json and parses its output. */
  /** The supervisor's, session engine's and route engine's pids, as status shows them. */
  async processes(): Promise<DaemonProcesses> {
    return processesOf(await this.json<Record<string, unknown>>('status'));
  }

  async json<T>(...args: string[]): Promise<T> {
    return JSON.parse(await this.ok('--json', ...args)) as T;
  }

  neighbor(address: string): Promise<NeighborView> {
    return this.json<NeighborView>('neighbor', 'show', address);
  }

  routes(...filter: string[]): Promise<RouteView[]> {
    return this.json<RouteView[]>('route', 'list', ...filter);
  }

  /** Waits until the neighbor's session is Established (as the daemon shows it). */
  async waitEstablished(address: string, timeoutMs = 40_000): Promise<NeighborView> {
    return waitFor(`evpnctl's session with ${address} to be established`, async () => {
      const n = await this.neighbor(address);
      return n.state === 'established' ? n : undefined;
    }, { timeoutMs, intervalMs: 200 });
  }
}

/** The VM on the speaker side that our daemon advertises (the lab's vm1). */
export const OUR_CLIENT = { mac: '02:ac:10:ff:00:22', ip: '10.0.0.22', port: 'vm1' } as const;

/**
 * Configures speaker, neighbor, VNI 10 and our client. `rt` overrides both automatic RTs, `exportRt` only
 * the exported one (for an eBGP peer that imports exactly; our automatic import takes the VNI from any AS).
 */
export async function configure(
  d: SpeakerDaemon, o: { asn: number; routerId: string; peer: string; peerAs: number; holdTime: number; rt?: string; exportRt?: string },
): Promise<void> {
  await d.ok('speaker', 'add', '--as', String(o.asn), '--router-id', o.routerId);
  await d.ok('neighbor', 'add', o.peer, '--remote-as', String(o.peerAs), '--hold-time', String(o.holdTime));
  const rts = o.rt ? ['--import-rt', o.rt, '--export-rt', o.rt] : o.exportRt ? ['--export-rt', o.exportRt] : [];
  await d.ok('network', 'add', '--vni', '10', '--logical-switch', 'ls0', ...rts);
  await d.ok('client', 'add', '--vni', '10', '--port', OUR_CLIENT.port, '--mac', OUR_CLIENT.mac, '--ip', OUR_CLIENT.ip);
}
