// The OVN/OVS programmer: keeps the desired remote side (from EVPN events and the network list) and
// drives the databases toward it. Events are coalesced over a short window; each batch diffs only what
// changed and writes it as prepared OVSDB transactions with `ovsdb-client transact`, one per database (more,
// in order, when one would pass the argument limit; each is atomic on its own).
// Any failure marks it degraded and schedules a retry with backoff; a retry re-reads every managed
// object and reconciles, so nothing is lost and a half-applied batch is repaired.
import { EvpnError, toEvpnError } from '../errors.js';
import { healthText } from './health-line.js';
import type { EvpnEvent } from '../route-engine/evpn/events.js';
import { backoffDelay, DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { systemClock, type Clock, type TimerHandle } from '../clock.js';
import { DesiredModel } from './desired-model.js';
import { planChanges } from './diff.js';
import { OvnExec } from './exec.js';
import { bothSettled, readManagedState } from './managed-read.js';
import { emptyState, stateCounts, type ManagedState } from './managed-state.js';
import { noForeign, separateForeign, type ForeignNames, type Owner } from './owner.js';
import { PortNames } from './port-names.js';
import { deletePortStep, parsePortsRead, readPortsSteps } from './vsctl.js';
import type { OvnProgrammerOptions, OvnProgrammerStats } from './programmer-options.js';
import { execaRunner } from './process-runner.js';
import { quietLog, type LocalVteps, type OvnLog, type OvnNetwork, type OvnStatus } from './types.js';

export type { OvnProgrammerOptions, OvnProgrammerStats } from './programmer-options.js';

/** Drives OVS and the OVN NB toward the desired EVPN ports. */
export class OvnProgrammer {
  private readonly exec: OvnExec;
  private readonly clock: Clock;
  private readonly log: OvnLog;
  private readonly onBatch: ((ms: number, ok: boolean) => void) | undefined;
  private readonly bridge: string;
  private readonly windowMs: number;
  private readonly backoff: BackoffPolicy;
  private readonly model = new DesiredModel();
  private readonly names = new PortNames();
  private state: ManagedState = emptyState();
  private owner: Owner | null;
  private foreign: ForeignNames = noForeign();
  private conflicts: string[] = [];
  private active = false;
  private phase: OvnStatus['state'] = 'disabled';
  private lastError: string | null = null;
  /** The full text of the last failure behind the one-line lastError (argv, expected/got), for `status --verbose`. */
  private lastErrorDetail: string | null = null;
  private needRead = true;
  private failures = 0;
  private switchRetries = 0;
  private timer: { handle: TimerHandle; due: number } | null = null;
  private switchTimer: TimerHandle | null = null;
  private missing = new Map<number, string>();
  private loop: Promise<void> | null = null;
  /** Each returns true once satisfied (and is then dropped). */
  private waiters: (() => boolean)[] = [];
  private counters = { batches: 0, reconciles: 0, errors: 0, rejectedEvents: 0, lastBatchMs: null as number | null };

  constructor(opts: OvnProgrammerOptions = {}) {
    this.exec = new OvnExec({
      runner: opts.runner ?? execaRunner, ovsDb: opts.ovsDb, nbDb: opts.nbDb, ssl: opts.ssl,
      timeoutSec: opts.timeoutSec, maxArgvBytes: opts.maxArgvBytes, maxTxnBytes: opts.maxTxnBytes, ...(opts.nbFence ? { nbFence: opts.nbFence } : {}),
    });
    this.owner = opts.owner ?? null;
    this.clock = opts.clock ?? systemClock;
    this.log = opts.log ?? quietLog;
    this.onBatch = opts.onBatch;
    this.bridge = opts.bridge ?? 'br-int';
    this.windowMs = opts.batchWindowMs ?? 5;
    this.backoff = opts.backoff ?? DEFAULT_BACKOFF;
  }

  /** Sets the desired networks and own VTEPs (one per family; a single address is its family's); a change triggers a full reconcile (switches are re-resolved). */
  setNetworks(networks: readonly OvnNetwork[], localVteps: LocalVteps | string | null): void {
    if (!this.model.setNetworks(networks, localVteps)) return;
    this.needRead = true;
    this.schedule(0);
  }

  /** Sets who we are (before start(), or the next reconcile re-reads with it): objects get this owner. */
  setOwner(owner: Owner | null): void {
    this.owner = owner;
    this.needRead = true;
  }

  /** Takes EVPN events; they are applied in the next batch. A malformed event is logged and skipped. */
  apply(events: readonly EvpnEvent[]): void {
    for (const e of events) {
      try {
        this.model.apply(e);
      } catch (err) {
        this.counters.rejectedEvents++;
        this.log.warn(`ovn: ignoring malformed ${e.type} event for VNI ${e.vni}: ${toEvpnError(err).message}`);
      }
    }
    this.schedule(this.windowMs);
  }

  /** Starts programming: reads the managed objects, reconciles, and returns after that first attempt. */
  async start(): Promise<void> {
    if (this.active) return;
    this.active = true;
    this.phase = 'starting';
    this.needRead = true;
    this.schedule(0);
    await this.until(() => this.phase !== 'starting' || this.isSettled());
  }

  /** Stops after the batch in flight; nothing is deleted (a later start reconciles). */
  async stop(): Promise<void> {
    this.active = false;
    this.cancelTimers();
    await this.loop;
    this.cancelTimers();
    this.phase = 'disabled';
    this.wake();
  }

  /**
   * Deletes every OVS port of ours on this chassis and forgets them; returns how many. For a daemon that lost
   * its HA group's lock: its tunnels must not linger (issue 10). Only when stopped, so no batch races it.
   */
  async removeLocalPorts(): Promise<number> {
    if (this.active) throw new EvpnError('error', 'removeLocalPorts: expected a stopped programmer, got a running one');
    const read = parsePortsRead((await this.exec.vsctl(readPortsSteps(), { json: true })).join(''));
    const { state } = separateForeign({ ...emptyState(), ports: read.byPair, strayPorts: read.strays }, this.owner);
    const ports = [...[...state.ports.values()].flat(), ...state.strayPorts];
    await this.exec.transact('Open_vSwitch', ports.map(deletePortStep));
    this.state.ports.clear();
    this.state.strayPorts = [];
    this.names.clear();
    this.needRead = true;
    return ports.length;
  }

  /** Resolves when everything desired so far is applied (waits through retries). Immediate when stopped. */
  flush(): Promise<void> {
    return this.until(() => this.isSettled());
  }

  /** Forces a re-read and full reconcile soon (e.g. when the monitor sees a mapped switch appear). */
  resync(): void {
    this.needRead = true;
    this.schedule(0);
  }

  /** Health for `evpnctl status`. */
  status(): OvnStatus {
    const problems = [...this.model.unprogrammable().map((p) => p.reason), ...this.conflicts];
    const detail = this.lastError !== null && this.lastErrorDetail !== null && this.lastErrorDetail !== this.lastError ? { detail: this.lastErrorDetail } : {};
    if (problems.length === 0) return { state: this.phase, lastError: this.lastError, ...detail };
    // Pairs that cannot be programmed leave the rest working; they are standing problems, shown as degraded.
    const state = this.phase === 'ok' ? 'degraded' : this.phase;
    return { state, lastError: this.lastError ?? problems[0] ?? null, problems };
  }

  /** Counters for metrics and the benchmark. */
  stats(): OvnProgrammerStats {
    const { strays: _strays, ...managed } = stateCounts(this.state);
    return { ...this.counters, spawns: this.exec.spawns(), remoteMacs: this.model.macCount(), managed };
  }

  private isSettled(): boolean {
    return !this.active || (this.loop === null && !this.needRead && !this.model.isDirty());
  }

  /** Arms the batch timer to fire within delayMs, unless a failure backoff is already pending. */
  private schedule(delayMs: number): void {
    if (!this.active) return;
    if (this.failures > 0 && this.timer !== null) return;
    const due = this.clock.now() + delayMs;
    if (this.timer !== null) {
      if (this.timer.due <= due) return;
      this.clock.clearTimer(this.timer.handle);
    }
    this.timer = { due, handle: this.clock.setTimer(delayMs, () => this.fire()) };
  }

  private fire(): void {
    this.timer = null;
    if (this.loop === null) this.loop = this.drain().finally(() => { this.loop = null; this.afterDrain(); });
  }

  private afterDrain(): void {
    if (this.active && this.failures === 0 && (this.needRead || this.model.isDirty())) this.schedule(0);
    this.wake();
  }

  /** Runs batches until nothing is dirty or one fails. */
  private async drain(): Promise<void> {
    while (this.active && (this.needRead || this.model.isDirty())) {
      if (!(await this.batch())) return;
    }
  }

  /** One batch; true when it succeeded. */
  private async batch(): Promise<boolean> {
    const t0 = this.clock.now();
    const dirty = this.model.takeDirty();
    const reconcile = this.needRead;
    try {
      if (reconcile) {
        ({ state: this.state, foreign: this.foreign } = separateForeign(await readManagedState(this.exec, this.model.networks().map((n) => n.logicalSwitch)), this.owner));
        this.adoptNames();
        this.counters.reconciles++;
      }
      const plan = planChanges({
        model: this.model, state: this.state, names: this.names, bridge: this.bridge, owner: this.owner, foreign: this.foreign,
      }, reconcile ? 'all' : dirty);
      // Both databases at once; a failure in either leaves the plan uncommitted, so the retry re-reads both.
      await bothSettled(this.exec.transact('OVN_Northbound', plan.nb), this.exec.transact('Open_vSwitch', plan.ovs));
      plan.commit();
      if (reconcile) this.conflicts = plan.conflicts;
      else this.conflicts = [...new Set([...this.conflicts, ...plan.conflicts])];
      this.needRead = false;
      this.failures = 0;
      this.counters.batches++;
      this.counters.lastBatchMs = this.clock.now() - t0;
      this.onBatch?.(this.counters.lastBatchMs, true);
      // The running spawn counts make the process cost visible in a debug log (status does not show them).
      const spawned = this.exec.spawns();
      this.log.debug(`ovn: ${reconcile ? 'reconcile' : 'batch'} applied ${plan.ovs.length} OVS and ${plan.nb.length} NB steps in ${Math.round(this.counters.lastBatchMs)} ms`
        + ` (spawned so far: ${spawned.client} ovsdb-client, ${spawned.vsctl} ovs-vsctl, ${spawned.nbctl} ovn-nbctl)`);
      this.noteMissingSwitches(plan.missingSwitches, reconcile);
      return true;
    } catch (err) {
      this.model.restoreDirty(dirty);
      this.needRead = true;
      this.failures++;
      this.counters.errors++;
      this.onBatch?.(this.clock.now() - t0, false);
      this.phase = 'degraded';
      const text = healthText(err);
      this.lastError = text.line;
      this.lastErrorDetail = text.detail;
      const delay = backoffDelay(this.failures, this.backoff);
      this.log.warn(`ovn: programming failed (attempt ${this.failures}), re-reading and retrying in ${delay} ms: ${text.detail}`);
      if (this.timer !== null) this.clock.clearTimer(this.timer.handle);
      if (this.active) this.timer = { due: this.clock.now() + delay, handle: this.clock.setTimer(delay, () => this.fire()) };
      return false;
    }
  }

  /**
   * Missing switches leave the rest working but the state degraded; re-read with backoff until they
   * appear. A reconcile sees every VNI and replaces the list; an incremental batch can only add to it
   * (the switch index changes only on reads).
   */
  private noteMissingSwitches(found: Map<number, string>, reconcile: boolean): void {
    if (reconcile) this.missing = new Map(found);
    else for (const [vni, ls] of found) this.missing.set(vni, ls);
    if (this.missing.size === 0) {
      if (this.switchTimer !== null) this.clock.clearTimer(this.switchTimer);
      this.switchTimer = null;
      this.switchRetries = 0;
      this.phase = 'ok';
      this.lastError = null;
      this.lastErrorDetail = null;
      return;
    }
    this.phase = 'degraded';
    this.lastErrorDetail = null;
    this.lastError = [...this.missing].map(([vni, ls]) => `logical switch ${JSON.stringify(ls)} of VNI ${vni} not found`).join('; ');
    if (this.switchTimer !== null || !this.active) return;
    const delay = backoffDelay(++this.switchRetries, this.backoff);
    this.switchTimer = this.clock.setTimer(delay, () => { this.switchTimer = null; this.resync(); });
  }

  /** After a read, keep the port names found in OVS so IPv6 pairs do not get renamed. */
  private adoptNames(): void {
    this.names.clear();
    for (const [key, ports] of this.state.ports) for (const p of ports) this.names.adopt(key, p.name);
  }

  /** Resolves once done() holds; re-checked after every drain. */
  private until(done: () => boolean): Promise<void> {
    if (done()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(() => (done() ? (resolve(), true) : false)));
  }

  private cancelTimers(): void {
    if (this.timer !== null) this.clock.clearTimer(this.timer.handle);
    if (this.switchTimer !== null) this.clock.clearTimer(this.switchTimer);
    this.timer = null;
    this.switchTimer = null;
  }

  private wake(): void {
    this.waiters = this.waiters.filter((w) => !w());
  }
}
