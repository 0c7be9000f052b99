// One `ovsdb-client monitor` process for one table (of the NB, or of the OVS conf.db), kept alive: parses its JSON stream into a
// MonitorTable, restarts it with backoff when it dies, and tells when its initial snapshot is in.
// ovsdb-client prints nothing for an empty table, so "no output within settleMs" also counts as an
// (empty) snapshot; an "initial" update arriving later still replaces it.
import { toEvpnError } from '../errors.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import type { Clock, TimerHandle } from '../clock.js';
import type { MonitoredDb, OvnExec } from './exec.js';
import { JsonSplitter } from './json-stream.js';
import { MonitorTable } from './monitor-table.js';
import type { JsonTable } from './ovsdb-json.js';
import type { StreamingChild } from './process-runner.js';
import type { OvnLog } from './types.js';

/** What a stream needs from its owner. */
export interface MonitorStreamDeps {
  exec: OvnExec;
  clock: Clock;
  log: OvnLog;
  backoff: BackoffPolicy;
  settleMs: number;
  /** Called after the rows changed (or the snapshot was taken). */
  onChange(): void;
  /** Called with the error when the process died (it is restarted by the stream itself). */
  onFailure(err: Error): void;
}

const STDERR_KEEP = 4096;

/** A self-restarting monitor of one table. */
export class MonitorStream {
  readonly table: MonitorTable;
  /** True from each (re)start, or death, until the next snapshot is in. */
  pending = true;
  private child: StreamingChild | null = null;
  private splitter = new JsonSplitter();
  private stderr = '';
  private attempts = 0;
  private timer: TimerHandle | null = null;
  private running = false;

  constructor(
    private readonly name: string,
    private readonly columns: readonly string[],
    private readonly deps: MonitorStreamDeps,
    private readonly database: MonitoredDb = 'OVN_Northbound',
    /** A monitor condition (exec.spawnMonitor); null: every row. */
    private condition: readonly unknown[] | null = null,
    /** The set-typed columns among `columns` (MonitorTable: how a conditional monitor's "modify" applies). */
    setColumns: readonly string[] = [],
  ) {
    this.table = new MonitorTable(new Set(setColumns));
  }

  /**
   * Changes the condition; a different one restarts the process (ovsdb-client cannot change it in flight), and the
   * new snapshot replaces the rows. The old process's end is not a failure.
   */
  setCondition(condition: readonly unknown[] | null): void {
    if (JSON.stringify(condition) === JSON.stringify(this.condition)) return;
    this.condition = condition;
    if (!this.running) return;
    const old = this.child;
    this.child = null;
    this.clearTimer();
    old?.kill('SIGTERM');
    this.spawn();
  }

  /** Starts the process. */
  start(): void {
    this.running = true;
    this.spawn();
  }

  /** Stops the process and any pending restart. */
  async stop(): Promise<void> {
    this.running = false;
    this.clearTimer();
    const child = this.child;
    this.child = null;
    if (child !== null) {
      child.kill('SIGTERM');
      await child.exited;
    }
  }

  private spawn(): void {
    this.pending = true;
    this.splitter = new JsonSplitter();
    this.stderr = '';
    const { child, argv } = this.deps.exec.spawnMonitor(this.database, this.name, this.columns, {
      stdout: (chunk) => { if (this.child === child) this.onStdout(chunk); },
      stderr: (chunk) => { if (this.child === child) this.stderr = (this.stderr + chunk).slice(-STDERR_KEEP); },
    }, this.condition);
    this.child = child;
    this.armTimer(this.deps.settleMs, () => this.snapshot(null));
    void child.exited.then((r) => {
      if (this.child !== child) return; // stopped or replaced
      this.child = null;
      this.clearTimer();
      this.pending = true; // stale until the next snapshot; nothing is reported from it meanwhile
      if (!this.running) return;
      this.attempts++;
      const err = this.deps.exec.monitorExitError(argv, r, this.stderr);
      const delay = backoffDelay(this.attempts, this.deps.backoff);
      this.deps.log.warn(`ovn monitor: ${this.name} monitor ended, restarting in ${delay} ms: ${err.message}`);
      this.deps.onFailure(err);
      this.armTimer(delay, () => this.spawn());
    });
  }

  private onStdout(chunk: string): void {
    let updates: unknown[];
    try {
      updates = this.splitter.push(chunk);
    } catch (err) {
      this.fail(err);
      return;
    }
    try {
      for (const u of updates) {
        const t = u as JsonTable;
        if (this.pending) this.snapshot(t);
        else this.table.apply(t);
      }
    } catch (err) {
      this.fail(err);
      return;
    }
    if (updates.length > 0) this.deps.onChange();
  }

  /** The first update after a start: the initial contents (or, when null or not "initial", an empty table). */
  private snapshot(first: JsonTable | null): void {
    this.clearTimer();
    this.pending = false;
    this.attempts = 0;
    this.table.clear();
    if (first !== null) this.table.apply(first);
    if (first === null) this.deps.onChange();
  }

  /** Unparseable output: kill the process; the exit handler restarts it with a fresh snapshot. */
  private fail(err: unknown): void {
    this.deps.log.warn(`ovn monitor: ${this.name}: ${toEvpnError(err).message}`);
    this.child?.kill('SIGTERM');
  }

  private armTimer(ms: number, fn: () => void): void {
    this.clearTimer();
    this.timer = this.deps.clock.setTimer(ms, () => { this.timer = null; fn(); });
  }

  private clearTimer(): void {
    if (this.timer !== null) this.deps.clock.clearTimer(this.timer);
    this.timer = null;
  }
}
