// The single place that runs ovs-vsctl, ovn-nbctl and ovsdb-client: builds their common options
// (--db, --timeout, SSL files), cuts long chains under ARG_MAX, counts spawns and turns every failure
// into an OvnExecError.
import { parseDbRemote } from '../model/validate.js';
import { chainArgs, chunkSteps, DEFAULT_MAX_ARGV_BYTES, step, type Command, type Step } from './chain.js';
import { OvnExecError, stderrSummary, type OvnTool } from './exec-error.js';
import type { ProcessRunner, RunResult, StreamHandlers, StreamingChild } from './process-runner.js';

/** Key, certificate and CA files for ssl: remotes (ovs-vsctl(8) "PKI Options"). */
export interface SslFiles {
  privateKey: string;
  certificate: string;
  caCert: string;
}

/** How to reach the databases and how long a call may take. */
export interface OvnExecOptions {
  runner: ProcessRunner;
  /** OVS database remote; the tool's default (unix:/var/run/openvswitch/db.sock) when absent. */
  ovsDb?: string;
  /** OVN Northbound remote; ovn-nbctl's default (OVN_NB_DB or unix:/var/run/ovn/ovnnb_db.sock) when absent. */
  nbDb?: string;
  ssl?: SslFiles;
  /** Seconds a ctl call may take; passed as --timeout and enforced by the runner too. Default 30. */
  timeoutSec?: number;
  /** argv budget per invocation; default DEFAULT_MAX_ARGV_BYTES. */
  maxArgvBytes?: number;
  /**
   * The fence of NB writes in an HA group (ha-fence.ts): a command put first in every ovn-nbctl write
   * invocation, so it commits only while our token stands. Throws when we may not write at all (standby).
   */
  nbFence?: () => Command;
}

/** How many processes were spawned, per tool. */
export interface SpawnCounts {
  vsctl: number;
  nbctl: number;
  client: number;
}

/** What the ctl calls read back: one stdout per invocation, in order. */
export type ChainOutput = string[];

/** Runs the OVS/OVN tools for the programmer, the monitor and the resolver. */
export class OvnExec {
  readonly ovsDb: string | undefined;
  readonly nbDb: string | undefined;
  private readonly runner: ProcessRunner;
  private readonly ssl: SslFiles | undefined;
  private readonly timeoutSec: number;
  private readonly maxArgvBytes: number;
  private readonly nbFence: (() => Command) | undefined;
  private readonly counts: SpawnCounts = { vsctl: 0, nbctl: 0, client: 0 };

  constructor(opts: OvnExecOptions) {
    this.runner = opts.runner;
    this.ovsDb = opts.ovsDb === undefined ? undefined : parseDbRemote(opts.ovsDb, 'OVS database remote');
    this.nbDb = opts.nbDb === undefined ? undefined : parseDbRemote(opts.nbDb, 'OVN Northbound remote');
    this.ssl = opts.ssl;
    this.timeoutSec = opts.timeoutSec ?? 30;
    this.maxArgvBytes = opts.maxArgvBytes ?? DEFAULT_MAX_ARGV_BYTES;
    this.nbFence = opts.nbFence;
  }

  /** Spawn counts so far (a copy). */
  spawns(): SpawnCounts {
    return { ...this.counts };
  }

  /**
   * Runs a chain with ovs-vsctl. --no-wait: we program the database; ovs-vswitchd and ovn-controller
   * converge from it, and a stuck ovs-vswitchd must not block or fail the daemon (ovs-vsctl(8)).
   */
  vsctl(steps: readonly Step[], opts: { json?: boolean } = {}): Promise<ChainOutput> {
    const base = [...this.common(this.ovsDb), `--timeout=${this.timeoutSec}`, '--no-wait', ...jsonOpts(opts.json)];
    return this.chain('ovs-vsctl', base, steps);
  }

  /**
   * Runs a chain with ovn-nbctl, in one transaction per invocation. A write (not json) of a fenced exec
   * starts every invocation with the fence, so each transaction stands or falls with our token.
   */
  async nbctl(steps: readonly Step[], opts: { json?: boolean } = {}): Promise<ChainOutput> {
    const base = [...this.common(this.nbDb), `--timeout=${this.timeoutSec}`, ...jsonOpts(opts.json)];
    const fence = opts.json === true || this.nbFence === undefined ? null : step(this.nbFence());
    return this.chain('ovn-nbctl', base, steps, fence);
  }

  /**
   * Starts `ovsdb-client monitor <nb> OVN_Northbound <table> <columns>` with JSON output: initial contents,
   * then every change (ovsdb-client(1) "monitor"). One table per process: the command takes one table.
   * --no-leader-only: any connected member of a clustered NB can serve a read-only monitor, sparing the leader.
   */
  spawnNbMonitor(table: string, columns: readonly string[], handlers: StreamHandlers): { child: StreamingChild; argv: string[] } {
    return this.spawnMonitor('OVN_Northbound', table, columns, handlers);
  }

  /** The same monitor on either database: the NB, or the OVS conf.db (Open_vSwitch) for the Interface table. */
  spawnMonitor(database: MonitoredDb, table: string, columns: readonly string[], handlers: StreamHandlers): { child: StreamingChild; argv: string[] } {
    const remote = database === 'OVN_Northbound' ? this.nbDb ?? DEFAULT_NB_DB : this.ovsDb ?? DEFAULT_OVS_DB;
    const argv = [...this.pki(), '--no-leader-only', '--format=json', '--data=json', 'monitor', remote, database, table, columns.join(',')];
    this.counts.client++;
    return { child: this.runner.spawn('ovsdb-client', argv, handlers), argv };
  }

  /** The error a monitor's end becomes: what we expected of it, and how it ended. */
  monitorExitError(argv: readonly string[], r: RunResult, stderr: string): OvnExecError {
    return failure('ovsdb-client', argv, r, stderr, 'the monitor to keep running');
  }

  private async chain(tool: 'ovs-vsctl' | 'ovn-nbctl', base: readonly string[], steps: readonly Step[], fence: Step | null = null): Promise<ChainOutput> {
    const out: string[] = [];
    for (const chunk of chunkSteps(steps, this.maxArgvBytes)) {
      const argv = [...base, ...chainArgs(fence === null ? chunk : [fence, ...chunk])];
      if (tool === 'ovs-vsctl') this.counts.vsctl++;
      else this.counts.nbctl++;
      const r = await this.runner.run(tool, argv, { timeoutMs: (this.timeoutSec + 5) * 1000 });
      if (r.exitCode !== 0) throw failure(tool, argv, r, r.stderr, 'exit code 0');
      out.push(r.stdout);
    }
    return out;
  }

  private common(db: string | undefined): string[] {
    return [...(db === undefined ? [] : [`--db=${db}`]), ...this.pki()];
  }

  private pki(): string[] {
    if (this.ssl === undefined) return [];
    return [`--private-key=${this.ssl.privateKey}`, `--certificate=${this.ssl.certificate}`, `--ca-cert=${this.ssl.caCert}`];
  }
}

/** ovn-nbctl's and ovsdb-client's built-in NB default (ovn-nbctl(8)). */
export const DEFAULT_NB_DB = 'unix:/var/run/ovn/ovnnb_db.sock';

/** ovs-vsctl's built-in default (ovs-vsctl(8)); ovsdb-client needs it spelled out. */
export const DEFAULT_OVS_DB = 'unix:/var/run/openvswitch/db.sock';

/** The databases a monitor can watch. */
export type MonitoredDb = 'OVN_Northbound' | 'Open_vSwitch';

/** Table output as OVSDB JSON (RFC 7047 §5.1 notation), never the human format. */
const jsonOpts = (json: boolean | undefined): string[] => (json === true ? ['--format=json', '--data=json'] : []);

function failure(tool: OvnTool, argv: readonly string[], r: RunResult, stderr: string, expected: string): OvnExecError {
  let got: string;
  if (r.spawnError !== null) got = `a failure to start it (${r.spawnError})`;
  else if (r.timedOut) got = 'no answer before the timeout';
  else if (r.signal !== null) got = `death by ${r.signal}`;
  else got = `exit code ${r.exitCode ?? 'none'}`;
  const why = stderrSummary(stderr);
  return new OvnExecError({
    tool, argv, exitCode: r.exitCode, signal: r.signal, stderr, timedOut: r.timedOut,
    expected, got: why === '' ? got : `${got}: ${why}`,
  });
}
