// The single place that runs ovs-vsctl, ovn-nbctl and ovsdb-client: builds their common options
// (--db, --timeout, SSL files), cuts long chains under ARG_MAX, counts spawns and turns every failure
// into an OvnExecError.
import { parseDbRemote } from '../model/validate.js';
import { chainArgs, chunkSteps, DEFAULT_MAX_ARGV_BYTES, type Step } from './chain.js';
import { OvnExecError, stderrSummary, type OvnTool } from './exec-error.js';
import type { ProcessRunner, RunResult, StreamHandlers, StreamingChild } from './process-runner.js';
import { runWindowed } from './txn-window.js';
import { chunkTx, DEFAULT_MAX_TXN_BYTES, firstFailure, opLabel, txStep, type Op, type OpResult, type TxChunk, type TxStep } from './txn.js';

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
  /** JSON budget per prepared transaction; default DEFAULT_MAX_TXN_BYTES. */
  maxTxnBytes?: number;
  /**
   * The fence of NB writes in an HA group (ha-fence.ts): a `wait` op put first in every NB write
   * transaction, so it commits only while our token stands. Throws when we may not write at all (standby).
   */
  nbFence?: () => NbFence;
}

/** A fence op and what it checks, for the error when it fails. */
export interface NbFence {
  op: Op;
  /** What the op expects, e.g. "the HA fence token evpnctl-fence.g.3 = chassis-a in NB_Global". */
  expects: string;
}

/** The databases we write through prepared transactions. */
export type TxDb = 'Open_vSwitch' | 'OVN_Northbound';

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
  private readonly maxTxnBytes: number;
  private readonly nbFence: (() => NbFence) | undefined;
  private readonly counts: SpawnCounts = { vsctl: 0, nbctl: 0, client: 0 };

  constructor(opts: OvnExecOptions) {
    this.runner = opts.runner;
    this.ovsDb = opts.ovsDb === undefined ? undefined : parseDbRemote(opts.ovsDb, 'OVS database remote');
    this.nbDb = opts.nbDb === undefined ? undefined : parseDbRemote(opts.nbDb, 'OVN Northbound remote');
    this.ssl = opts.ssl;
    this.timeoutSec = opts.timeoutSec ?? 30;
    this.maxArgvBytes = opts.maxArgvBytes ?? DEFAULT_MAX_ARGV_BYTES;
    this.maxTxnBytes = opts.maxTxnBytes ?? DEFAULT_MAX_TXN_BYTES;
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
   * Runs a chain with ovn-nbctl, in one transaction per invocation. Reads only: the programmer writes the
   * NB through transact() (a plain ovn-nbctl call downloads the tables it touches first).
   */
  async nbctl(steps: readonly Step[], opts: { json?: boolean } = {}): Promise<ChainOutput> {
    const base = [...this.common(this.nbDb), `--timeout=${this.timeoutSec}`, ...jsonOpts(opts.json)];
    return this.chain('ovn-nbctl', base, steps);
  }

  /**
   * Writes steps as prepared transactions with `ovsdb-client transact`, chunk by chunk, two in flight
   * (txn-window.ts: a chunk waits for one that inserts a row it refers to); each chunk is atomic (all its ops or
   * none) and a failed one stops those not started. NB writes of a fenced exec start every chunk with the fence's
   * wait op, so each one commits only while our token stands.
   */
  async transact(db: TxDb, steps: readonly TxStep[]): Promise<void> {
    if (steps.length === 0) return;
    const fence = db === 'OVN_Northbound' && this.nbFence !== undefined ? this.nbFence() : null;
    const fenceJson = fence === null ? [] : [JSON.stringify(fence.op)];
    const chunks = chunkTx(steps, this.maxTxnBytes).map((c) => (fence === null ? c : { ...c, ops: [fence.op, ...c.ops], json: [...fenceJson, ...c.json] }));
    await runWindowed(chunks, (chunk) => this.runTxn(db, chunk, fence));
  }

  /**
   * Runs read-only ops (select) and returns their results in order: in one transaction, or in several when
   * they would pass the argument limit (e.g. the members of a thousand mapped switches).
   */
  async query(db: TxDb, ops: readonly Op[]): Promise<OpResult[]> {
    const out: OpResult[] = [];
    for (const chunk of chunkTx(ops.map((op) => txStep([op])), this.maxTxnBytes)) out.push(...await this.runTxn(db, chunk, null));
    return out;
  }

  /** One transaction: the chunk's ops, already serialized (each once). */
  private async runTxn(db: TxDb, { ops, json }: TxChunk, fence: NbFence | null): Promise<OpResult[]> {
    const remote = db === 'OVN_Northbound' ? this.nbDb ?? DEFAULT_NB_DB : this.ovsDb ?? DEFAULT_OVS_DB;
    const argv = [...this.pki(), `--timeout=${this.timeoutSec}`, 'transact', remote, `[${JSON.stringify(db)},${json.join(',')}]`];
    this.counts.client++;
    const r = await this.runner.run('ovsdb-client', argv, { timeoutMs: (this.timeoutSec + 5) * 1000 });
    if (r.exitCode !== 0) throw failure('ovsdb-client', argv, r, r.stderr, 'exit code 0');
    let results: OpResult[];
    try {
      const parsed: unknown = JSON.parse(r.stdout);
      if (!Array.isArray(parsed)) throw new TypeError(`a ${typeof parsed}`);
      results = parsed as OpResult[];
    } catch (err) {
      throw failure('ovsdb-client', argv, r, '', 'a JSON array of operation results', `output that is not one (${(err as Error).message}): ${r.stdout.slice(0, 200)}`);
    }
    const bad = firstFailure(results, ops.length);
    if (bad === null) return results;
    if (fence !== null && bad.index === 0) {
      throw failure('ovsdb-client', argv, r, '', `${fence.expects} (this daemon the group's active writer)`,
        `it replaced by a newer claim (${bad.text}); the transaction was refused whole, nothing written`);
    }
    throw failure('ovsdb-client', argv, r, '', `every operation of the ${db} transaction to succeed`,
      `${bad.text} at operation ${bad.index} (${opLabel(ops[bad.index])}); the transaction was refused whole, nothing written`);
  }

  /**
   * Starts `ovsdb-client monitor <nb> OVN_Northbound <table> <columns>` with JSON output: initial contents,
   * then every change (ovsdb-client(1) "monitor"). One table per process: the command takes one table.
   * --no-leader-only: any connected member of a clustered NB can serve a read-only monitor, sparing the leader.
   */
  spawnNbMonitor(table: string, columns: readonly string[], handlers: StreamHandlers): { child: StreamingChild; argv: string[] } {
    return this.spawnMonitor('OVN_Northbound', table, columns, handlers);
  }

  /**
   * The same monitor on either database: the NB, or the OVS conf.db (Open_vSwitch) for the Interface table. With a
   * condition, `monitor-cond`: only rows matching one of its clauses (they are OR-ed; `[false]` matches none) are
   * sent, initially and on every change, so the replica holds what we watch, not the whole table.
   */
  spawnMonitor(database: MonitoredDb, table: string, columns: readonly string[], handlers: StreamHandlers, condition: readonly unknown[] | null = null): { child: StreamingChild; argv: string[] } {
    const remote = database === 'OVN_Northbound' ? this.nbDb ?? DEFAULT_NB_DB : this.ovsDb ?? DEFAULT_OVS_DB;
    const how = condition === null ? ['monitor', remote, database] : ['monitor-cond', remote, database, JSON.stringify(condition)];
    const argv = [...this.pki(), '--no-leader-only', '--format=json', '--data=json', ...how, table, columns.join(',')];
    this.counts.client++;
    return { child: this.runner.spawn('ovsdb-client', argv, handlers), argv };
  }

  /** The error a monitor's end becomes: what we expected of it, and how it ended. */
  monitorExitError(argv: readonly string[], r: RunResult, stderr: string): OvnExecError {
    return failure('ovsdb-client', argv, r, stderr, 'the monitor to keep running');
  }

  private async chain(tool: 'ovs-vsctl' | 'ovn-nbctl', base: readonly string[], steps: readonly Step[]): Promise<ChainOutput> {
    const out: string[] = [];
    for (const chunk of chunkSteps(steps, this.maxArgvBytes)) {
      const argv = [...base, ...chainArgs(chunk)];
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

function failure(tool: OvnTool, argv: readonly string[], r: RunResult, stderr: string, expected: string, gotText?: string): OvnExecError {
  let got: string;
  if (gotText !== undefined) got = gotText;
  else if (r.spawnError !== null) got = `a failure to start it (${r.spawnError})`;
  else if (r.timedOut) got = 'no answer before the timeout';
  else if (r.signal !== null) got = `death by ${r.signal}`;
  else got = `exit code ${r.exitCode ?? 'none'}`;
  const why = stderrSummary(stderr);
  return new OvnExecError({
    tool, argv, exitCode: r.exitCode, signal: r.signal, stderr, timedOut: r.timedOut,
    expected, got: why === '' ? got : `${got}: ${why}`,
  });
}
