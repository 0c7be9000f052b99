// Errors of the OVS interfaces we manage, as ovs-vswitchd reports them: the Interface table's `error`
// column (vswitch.conf.db(5): "If the configuration of the port failed, an error message"), read from
// one `ovsdb-client monitor` of the OVS database (JSON, no polling). A VXLAN port that ovs-vswitchd
// refuses (bad options, a name it cannot use, ...) carries no traffic while everything else looks
// fine, so every such error is a standing problem of the OVN side until the column clears.
import { healthText } from './health-line.js';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.js';
import { systemClock, type Clock } from '../clock.js';
import { OvnExec, type SslFiles } from './exec.js';
import { EXT, identityOf } from './naming.js';
import { mapTexts, scalarText, setTexts } from './ovsdb-json.js';
import { MonitorStream } from './monitor-stream.js';
import { execaRunner, type ProcessRunner } from './process-runner.js';
import { quietLog, type OvnLog, type OvnStatus } from './types.js';

/** One managed interface that ovs-vswitchd could not set up. */
export interface InterfaceError {
  name: string;
  vni: number;
  vtep: string | null;
  key: number;
  error: string;
}

export interface InterfaceMonitorOptions {
  ovsDb?: string;
  ssl?: SslFiles;
  /** How long to wait for a snapshot before taking an empty table as empty; default 500 ms. */
  settleMs?: number;
  backoff?: BackoffPolicy;
  clock?: Clock;
  log?: OvnLog;
  runner?: ProcessRunner;
  /** Called after the set of errors may have changed. */
  onChange?: () => void;
}

/** Watches the `error` column of our interfaces. */
export class InterfaceMonitor {
  private readonly stream: MonitorStream;
  private active = false;
  private lastFailure: string | null = null;
  private readonly onChange: () => void;
  private waiters: (() => boolean)[] = [];

  constructor(opts: InterfaceMonitorOptions = {}) {
    const exec = new OvnExec({ runner: opts.runner ?? execaRunner, ovsDb: opts.ovsDb, ssl: opts.ssl });
    this.onChange = opts.onChange ?? (() => undefined);
    this.stream = new MonitorStream('Interface', ['name', 'error', 'external_ids', 'ofport'], {
      exec, clock: opts.clock ?? systemClock, log: opts.log ?? quietLog, backoff: opts.backoff ?? DEFAULT_BACKOFF,
      settleMs: opts.settleMs ?? 500,
      onChange: () => { this.lastFailure = null; this.changed(); },
      onFailure: (err) => { this.lastFailure = healthText(err).line; this.changed(); },
    }, 'Open_vSwitch');
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.stream.start();
  }

  async stop(): Promise<void> {
    this.active = false;
    await this.stream.stop();
    this.changed();
  }

  /** The managed interfaces with an error, by name. */
  errors(): InterfaceError[] {
    const out: InterfaceError[] = [];
    for (const row of this.stream.table.rows.values()) {
      const ids = mapTexts(row.external_ids);
      if (ids[EXT.managed] !== 'true') continue;
      const error = setTexts(row.error)[0] ?? '';
      if (error === '') continue;
      const id = identityOf(ids);
      out.push({ name: scalarText(row.name), vni: id?.vni ?? 0, vtep: id?.vtep ?? null, key: id?.key ?? 0, error });
    }
    return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /**
   * The OpenFlow port numbers ovs-vswitchd gave our VXLAN interfaces, by `<vni>|<vtep>` (rest_vtep's client
   * `port`: the port that leads to a remote MAC). Interfaces without one yet (or -1, failed) are left out.
   */
  ofports(): Map<string, number> {
    const out = new Map<string, number>();
    for (const row of this.stream.table.rows.values()) {
      const ids = mapTexts(row.external_ids);
      if (ids[EXT.managed] !== 'true') continue;
      const id = identityOf(ids);
      const ofport = Number(setTexts(row.ofport)[0] ?? scalarText(row.ofport));
      if (id === null || id.vtep === null || !Number.isInteger(ofport) || ofport <= 0) continue;
      out.set(`${id.vni}|${id.vtep}`, ofport);
    }
    return out;
  }

  /** degraded with one problem per interface error (or while the monitor is down after a failure), else ok. */
  status(): OvnStatus {
    if (!this.active) return { state: 'disabled', lastError: null, problems: [] };
    if (this.stream.pending) {
      return this.lastFailure === null ? { state: 'starting', lastError: null, problems: [] } : { state: 'degraded', lastError: this.lastFailure, problems: [this.lastFailure] };
    }
    const problems = this.errors().map((e) => `OVS interface ${e.name}${e.vtep === null ? '' : ` (VNI ${e.vni}, VTEP ${e.vtep}, key ${e.key})`}: ${e.error}`);
    return problems.length === 0 ? { state: 'ok', lastError: null, problems } : { state: 'degraded', lastError: problems[0] ?? null, problems };
  }

  /** Resolves once done(errors) holds, re-checked at every change (immediately when stopped). */
  until(done: (errors: InterfaceError[]) => boolean): Promise<void> {
    const check = (): boolean => !this.active || (!this.stream.pending && done(this.errors()));
    if (check()) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(() => (check() ? (resolve(), true) : false)));
  }

  private changed(): void {
    this.waiters = this.waiters.filter((w) => !w());
    this.onChange();
  }
}
