// Discovery of local VM ports: three `ovsdb-client monitor-cond` processes on the NB (the command takes one
// table each), no polling. All are conditional, so the replica holds what is mapped, never the whole NB (issue 13:
// 29.7 vs 6.1 MB at 20k foreign LSPs): the mapped switches (Logical_Switch, by name or uuid); our own LSPs by their
// mark, name column only, so the addresses we write (100k MACs: ~4 MB of JSON) never come back to us; and the
// other members of the mapped switches, the VM ports, by uuid (Logical_Switch_Port, every column we read).
// ovsdb-client cannot change a condition in flight, so a new condition is a new process: it is decided once per
// debounce window, and only for a member neither named nor ours after a grace (issue 13: restarting on every
// membership change cost one process per programmer chunk). Changes are coalesced for at most debounceMs and
// reported as typed added/updated/removed events per mapped switch. A dead monitor is restarted with backoff
// and its fresh snapshot is diffed against what was reported, so nothing is missed or reported twice.
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { systemClock, type Clock, type TimerHandle } from '../clock.js';
import { OvnExec, type SslFiles } from './exec.js';
import { EXT } from './naming.js';
import { diffViews, localView, type LocalMac, type LocalMacEvent, type LocalView } from './local-ports.js';
import { MonitorStream } from './monitor-stream.js';
import { scalarText, setTexts } from './ovsdb-json.js';
import { healthText } from './health-line.js';
import { resolvePort, type ResolvedPort } from './port-resolver.js';
import { execaRunner, type ProcessRunner } from './process-runner.js';
import { quietLog, type OvnLog, type OvnStatus } from './types.js';

/** Where the NB is, where events go, and the timing knobs (all injectable for tests). */
export interface OvnMonitorOptions {
  nbDb?: string;
  ssl?: SslFiles;
  /** Called for every change of the local MACs on mapped switches. */
  onEvent: (e: LocalMacEvent) => void;
  /** Longest delay between a database change and its event; default 20 ms. */
  debounceMs?: number;
  /** How long to wait for a snapshot before taking an empty table as empty; default 500 ms. */
  settleMs?: number;
  backoff?: BackoffPolicy;
  clock?: Clock;
  log?: OvnLog;
  runner?: ProcessRunner;
}

/** Watches the NB for VM ports on the mapped logical switches. */
export class OvnMonitor {
  private readonly exec: OvnExec;
  private readonly clock: Clock;
  private readonly debounceMs: number;
  private readonly onEvent: (e: LocalMacEvent) => void;
  private readonly ports: MonitorStream;
  /** Our own LSPs (the mark clause), by name only: their addresses, which we write, never come back to us. */
  private readonly ours: MonitorStream;
  private readonly switches: MonitorStream;
  private mapped = new Set<string>();
  private view: LocalView = new Map();
  private timer: TimerHandle | null = null;
  private active = false;
  private lastError: string | null = null;
  private waiters: (() => boolean)[] = [];
  /** The member uuids the LSP monitor's condition names (null: it watches every LSP). */
  private named: ReadonlySet<string> | null = new Set();
  /** The switch rows changed since followMembers last looked (only they can add an uncovered member). */
  private membersDirty = false;
  /** Members the condition does not cover, with when each was first seen so (see UNCOVERED_GRACE_MS). */
  private uncovered = new Map<string, number>();
  private graceTimer: TimerHandle | null = null;

  constructor(opts: OvnMonitorOptions) {
    this.exec = new OvnExec({ runner: opts.runner ?? execaRunner, nbDb: opts.nbDb, ssl: opts.ssl });
    this.clock = opts.clock ?? systemClock;
    this.debounceMs = opts.debounceMs ?? 20;
    this.onEvent = opts.onEvent;
    const deps = {
      exec: this.exec, clock: this.clock, log: opts.log ?? quietLog, backoff: opts.backoff ?? DEFAULT_BACKOFF,
      settleMs: opts.settleMs ?? 500,
      onChange: () => this.changed(),
      onFailure: (err: Error) => { this.lastError = healthText(err).line; this.wake(); },
    };
    this.ports = new MonitorStream('Logical_Switch_Port', ['name', 'type', 'addresses', 'dynamic_addresses', 'external_ids'], deps, 'OVN_Northbound', memberCondition([]), ['addresses', 'dynamic_addresses']);
    this.ours = new MonitorStream('Logical_Switch_Port', ['name'], deps, 'OVN_Northbound', [OURS_CLAUSE]);
    const switchDeps = { ...deps, onChange: () => { this.membersDirty = true; this.changed(); } };
    this.switches = new MonitorStream('Logical_Switch', ['name', 'ports'], switchDeps, 'OVN_Northbound', NOTHING, ['ports']);
  }

  /** The switches (names or uuids) whose VM ports are reported; a change is reported like any other. */
  setSwitches(switches: readonly string[]): void {
    this.mapped = new Set(switches);
    this.switches.setCondition(switchCondition(this.mapped));
    this.changed();
  }

  /** Starts the three monitors. */
  start(): void {
    if (this.active) return;
    this.active = true;
    this.ports.start();
    this.ours.start();
    this.switches.start();
  }

  /** Stops the three monitors; no event is emitted afterwards. */
  async stop(): Promise<void> {
    this.active = false;
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
    if (this.graceTimer !== null) this.clock.clearTimer(this.graceTimer);
    this.graceTimer = null;
    await Promise.all([this.ports.stop(), this.ours.stop(), this.switches.stop()]);
    this.wake();
  }

  /** Resolves once every snapshot is in, the VM ports are watched, and all is reported (immediately when stopped). */
  ready(): Promise<void> {
    return this.until(() => !this.active || (!this.pending() && this.timer === null && this.graceTimer === null));
  }

  /**
   * Whether a logical switch (name or uuid) exists in the NB: null while the monitor does not run or its
   * Logical_Switch snapshot has not arrived (nothing is known yet).
   */
  switchExists(nameOrUuid: string): boolean | null {
    if (!this.active || this.switches.pending) return null;
    if (this.switches.table.rows.has(nameOrUuid)) return true;
    for (const row of this.switches.table.rows.values()) if (scalarText(row.name) === nameOrUuid) return true;
    return false;
  }

  /** Like ready(), but also resolves as soon as a monitor failed (an unreachable NB answers nothing). */
  readyOrFailed(): Promise<void> {
    return this.until(() => !this.active || this.lastError !== null || (!this.pending() && this.timer === null && this.graceTimer === null));
  }

  /** The local MACs as last reported. */
  localMacs(): LocalMac[] {
    return [...this.view.values()];
  }

  /** ok once every monitor runs; degraded while one is being restarted. */
  status(): OvnStatus {
    if (!this.active) return { state: 'disabled', lastError: this.lastError };
    if (this.pending()) return { state: this.lastError === null ? 'starting' : 'degraded', lastError: this.lastError };
    return { state: 'ok', lastError: null };
  }

  /** Looks a port up by name or uuid (for `client add` without --mac); NotFoundError when absent. */
  resolvePort(nameOrUuid: string): Promise<ResolvedPort> {
    return resolvePort(this.exec, nameOrUuid);
  }

  /** Spawn counts of this monitor's processes. */
  spawns(): number {
    return this.exec.spawns().client + this.exec.spawns().nbctl;
  }

  /** Schedules one recompute within debounceMs (never postponed by later changes: the delay stays bounded). */
  private changed(): void {
    if (!this.active || this.timer !== null) return;
    this.timer = this.clock.setTimer(this.debounceMs, () => {
      this.timer = null;
      this.followMembers();
      this.recompute();
    });
  }

  /**
   * Points the LSP monitor at the mapped switches' members as the switch monitor last saw them, once per debounce
   * window: a member is covered when the condition names it or its row is here with our mark (our EVPN ports are
   * matched by the mark clause). Only a member left uncovered for UNCOVERED_GRACE_MS, a membership past
   * MAX_CONDITION_PORTS or back under half of it, or a condition naming far more uuids than there are members
   * (unmapped switches, deleted VMs) restarts it.
   */
  private followMembers(): void {
    if (this.switches.pending || this.ours.pending || !this.membersDirty) return;
    this.membersDirty = false;
    const ourRows = this.ours.table.rows;
    const rows = this.ports.table.rows;
    const ours = (u: string): boolean => ourRows.has(u) || isOurs(rows.get(u));
    const members = new Set<string>();
    for (const sw of this.switches.table.rows.values()) for (const u of setTexts(sw.ports)) members.add(u);
    const named = this.named;
    const others = [...members].filter((u) => !ours(u));
    const now = this.clock.now();
    const uncovered = new Map<string, number>();
    let late = false;
    if (named !== null) {
      for (const u of others) {
        if (named.has(u)) continue;
        const since = this.uncovered.get(u) ?? now;
        uncovered.set(u, since);
        if (now - since >= UNCOVERED_GRACE_MS) late = true;
      }
    }
    this.uncovered = uncovered;
    let restart: boolean;
    if (named === null) restart = others.length <= MAX_CONDITION_PORTS / 2; // back to naming them, well under the cap (no flapping at it)
    else restart = others.length > MAX_CONDITION_PORTS || named.size > 2 * others.length + STALE_SLACK || late;
    if (!restart) {
      if (uncovered.size > 0) this.recheckMembers();
      return;
    }
    const condition = memberCondition(others);
    this.named = condition === null ? null : new Set(others);
    this.uncovered.clear();
    this.ports.setCondition(condition);
  }

  /** Looks at the members again once the grace of the uncovered ones has run out. */
  private recheckMembers(): void {
    if (this.graceTimer !== null || !this.active) return;
    this.graceTimer = this.clock.setTimer(UNCOVERED_GRACE_MS, () => {
      this.graceTimer = null;
      this.membersDirty = true;
      this.followMembers();
      this.wake(); // ready() waits for the grace too
    });
  }

  private pending(): boolean {
    return this.ports.pending || this.ours.pending || this.switches.pending;
  }

  private recompute(): void {
    if (this.pending()) return; // a snapshot is coming; its arrival recomputes
    this.lastError = null;
    const next = localView(this.switches.table.rows, this.ports.table.rows, this.mapped);
    const events = diffViews(this.view, next);
    this.view = next;
    for (const e of events) this.onEvent(e);
    this.wake();
  }

  private until(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(() => (done() ? (resolve(), true) : false)));
  }

  private wake(): void {
    this.waiters = this.waiters.filter((w) => !w());
  }
}

/** A monitor condition that matches no row (clauses are OR-ed, so an empty list would match every row). */
const NOTHING: readonly unknown[] = [false];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The mapped switches: each by name, and by uuid when it is spelled as one. */
export function switchCondition(mapped: ReadonlySet<string>): readonly unknown[] {
  const clauses = [...mapped].sort().flatMap((m) => [['name', '==', m], ...(UUID.test(m) ? [['_uuid', '==', ['uuid', m]]] : [])]);
  return clauses.length === 0 ? NOTHING : clauses;
}

/** Past this many member ports (not ours) the condition would not fit in one argument (~50 bytes each): watch every LSP then. */
export const MAX_CONDITION_PORTS = 2000;

/**
 * How long a member may stay uncovered before the LSP monitor restarts for it. Our own LSPs join a switch and
 * arrive through the mark clause in one NB transaction, but through two ovsdb-client processes: on a busy
 * machine (the daemon ingesting a full table) the switch row can be read tens of ms before the LSP rows, and
 * was taken for a new VM port (a restart per programmer chunk again). A VM port waits this much longer.
 */
export const UNCOVERED_GRACE_MS = 100;

/** How many named uuids beyond twice the members are tolerated before the condition is rebuilt smaller. */
const STALE_SLACK = 64;

/** Our EVPN ports: the programmer marks every LSP it makes (naming.ts EXT.managed). */
const OURS_CLAUSE: readonly unknown[] = ['external_ids', 'includes', ['map', [[EXT.managed, 'true']]]];

/** Whether a row carries our mark; reads the ["map", [[k, v], ...]] cell in place (called per member per window). */
function isOurs(row: Readonly<Record<string, unknown>> | undefined): boolean {
  const ids = row?.external_ids;
  if (!Array.isArray(ids) || ids[0] !== 'map' || !Array.isArray(ids[1])) return false;
  for (const pair of ids[1] as unknown[]) if (Array.isArray(pair) && pair[0] === EXT.managed && pair[1] === 'true') return true;
  return false;
}

/**
 * The VM ports to watch: the given members (the mapped switches' ports that are not ours) by uuid; null (every
 * LSP) when there are too many to name.
 */
export function memberCondition(others: readonly string[]): readonly unknown[] | null {
  if (others.length > MAX_CONDITION_PORTS) return null;
  return others.length === 0 ? NOTHING : [...others].sort().map((u) => ['_uuid', '==', ['uuid', u]]);
}
