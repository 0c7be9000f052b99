// The OVN half of the daemon runtime: the programmer (EVPN events -> OVS/OVN objects) and the NB monitor
// (VM ports of the mapped switches -> local MACs to advertise), driven by the desired state.
import type { Logger } from '../log.js';
import type { MetricsSink } from '../metrics/sink.js';
import { speakerVteps, type DesiredState } from '../model/config.js';
import type { SubsystemStatus } from '../model/views.js';
import type { EvpnEvent } from '../route-engine/evpn/events.js';
import { InterfaceMonitor, OvnMonitor, OvnProgrammer, type LocalMacEvent, type ProcessRunner } from '../ovn/index.js';
import type { NbFence, SslFiles } from '../ovn/exec.js';
import type { LocalMacs, PortAddresses } from '../model/live.js';
import type { OvnService } from './services.js';
import type { Owner } from '../ovn/owner.js';

export interface OvnSideOptions {
  ovsDb?: string;
  /** Key, certificate and CA for ssl: remotes, passed to every ovs-vsctl, ovn-nbctl and ovsdb-client. */
  ssl?: SslFiles;
  nbDb?: string;
  /** Runs the OVS/OVN tools (default: the plain execa runner). */
  runner?: ProcessRunner;
  log: Logger;
  metrics: MetricsSink;
  /** A VNI's OVN-discovered local MACs changed (a full snapshot); called outside the queue. */
  onLocalMacs: (vni: number, macs: LocalMacs) => void;
  /**
   * Resolves when programming may start: after a restart the BGP side must first relearn its routes, or
   * the first reconcile would delete the ports that keep traffic flowing (BgpService.initialSync).
   */
  gate: () => Promise<void>;
  /** Our chassis and HA group, stamped on every object (issue 10); null: none known (objects get no owner). */
  owner?: Owner | null;
  /** Without a given owner: finds our chassis (OVS system-id) when programming first starts. */
  resolveOwner?: () => Promise<Owner | null>;
  /** In an HA group: the fence of every NB write (HaSide.fence), and programming only while setActive(true). */
  ha?: { fence: () => NbFence };
}

/** What `network show/list` says of a mapped switch that is not in the NB (yet). */
export const WAITING_FOR_SWITCH = 'waiting for logical switch';
export type SwitchState = 'ok' | typeof WAITING_FOR_SWITCH | 'unknown';

const RANK: Record<SubsystemStatus['state'], number> = { ok: 0, disabled: 0, starting: 1, degraded: 2 };

/**
 * OVS/OVN programming and discovery. Idle until the first network exists, or at once when a database
 * was named explicitly (so a restart with no networks still reconciles away what a crash left behind).
 */
export class OvnSide implements OvnService {
  private readonly programmer: OvnProgrammer;
  private readonly monitor: OvnMonitor;
  /** The `error` column of our OVS interfaces: a port ovs-vswitchd refused is a problem `status` must show. */
  private readonly interfaces: InterfaceMonitor;
  private loggedErrors = new Set<string>();
  private readonly explicit: boolean;
  private switchToVni = new Map<string, number>();
  private running = false;
  private programming = false;
  private gateOpen = false;
  /** Without a group always true; in a group true only while this daemon is the active writer. */
  private activeWriter: boolean;
  private roleChange: Promise<void> = Promise.resolve();
  private ownerResolved = false;
  private closed = false;
  private readonly dirty = new Set<number>();
  private flushScheduled = false;

  constructor(private readonly opts: OvnSideOptions) {
    const ssl = opts.ssl !== undefined ? { ssl: opts.ssl } : {};
    const db = {
      ...(opts.ovsDb !== undefined && { ovsDb: opts.ovsDb }), ...(opts.nbDb !== undefined && { nbDb: opts.nbDb }),
      ...(opts.runner !== undefined && { runner: opts.runner }), ...ssl,
    };
    this.explicit = opts.ovsDb !== undefined || opts.nbDb !== undefined;
    this.activeWriter = opts.ha === undefined;
    this.programmer = new OvnProgrammer({
      ...db,
      log: opts.log,
      ...(opts.owner ? { owner: opts.owner } : {}),
      ...(opts.ha ? { nbFence: opts.ha.fence } : {}),
      onBatch: (ms, ok) => {
        opts.metrics.ovnBatch(ms / 1000, ok);
        if (!ok) opts.metrics.ovnError('batch');
      },
    });
    this.monitor = new OvnMonitor({ ...(opts.nbDb !== undefined && { nbDb: opts.nbDb }), ...(opts.runner !== undefined && { runner: opts.runner }), ...ssl, log: opts.log, onEvent: (e) => this.onMonitor(e) });
    this.interfaces = new InterfaceMonitor({
      ...(opts.ovsDb !== undefined && { ovsDb: opts.ovsDb }), ...(opts.runner !== undefined && { runner: opts.runner }), ...ssl, log: opts.log,
      onChange: () => this.logInterfaceErrors(),
    });
  }

  apply(state: DesiredState): void {
    const networks = state.speaker ? state.networks : [];
    if (!this.running && (networks.length > 0 || this.explicit)) {
      this.running = true;
      this.monitor.start();
      this.interfaces.start();
      // A standby must have no tunnels: a previous run of this daemon may have been active.
      if (!this.activeWriter) void this.setActive(false);
      // Events and networks accumulate in the programmer's model meanwhile; start() reconciles them in one go.
      void this.opts.gate().then(() => {
        this.gateOpen = true;
        return this.startProgramming();
      });
    }
    this.programmer.setNetworks(
      networks.map((n) => ({ vni: n.vni, logicalSwitch: n.logicalSwitch, floodUnknown: n.floodUnknown })),
      state.speaker ? speakerVteps(state.speaker) : null,
    );
    const next = new Map(networks.map((n) => [n.logicalSwitch, n.vni]));
    const changed = [...next].filter(([sw, vni]) => this.switchToVni.get(sw) !== vni).map(([, vni]) => vni);
    this.switchToVni = next;
    this.monitor.setSwitches([...next.keys()]);
    for (const vni of changed) this.markDirty(vni); // a new mapping: advertise what the switch already has
  }

  /**
   * HA role changes, in order: active starts programming (a reconcile adopts the group's objects, creates our
   * tunnels and pins the EVPN ports to our chassis); standby stops it and removes our tunnels (issue 10).
   */
  setActive(on: boolean): Promise<void> {
    this.roleChange = this.roleChange.then(async () => {
      this.activeWriter = on;
      if (on) {
        await this.startProgramming();
        return;
      }
      this.programming = false;
      await this.programmer.stop();
      if (this.running && !this.closed) {
        const n = await this.programmer.removeLocalPorts();
        this.opts.log.info(`ovn: standby: removed ${n} local VXLAN port(s)`);
      }
    }).catch((err: unknown) => this.opts.log.error(`ovn: HA role change failed: ${(err as Error).message}`));
    return this.roleChange;
  }

  private async startProgramming(): Promise<void> {
    if (this.closed || !this.gateOpen || !this.activeWriter || this.programming) return;
    this.programming = true;
    if (this.opts.owner == null && this.opts.resolveOwner !== undefined && !this.ownerResolved) {
      this.ownerResolved = true;
      this.programmer.setOwner(await this.opts.resolveOwner());
      if (this.closed) return;
    }
    await this.programmer.start();
  }

  program(events: readonly EvpnEvent[]): void {
    if (events.length > 0) this.programmer.apply(events);
  }

  async resolvePort(nameOrUuid: string): Promise<PortAddresses> {
    const p = await this.monitor.resolvePort(nameOrUuid);
    return { logicalSwitch: p.switchName, logicalSwitchUuid: p.switchUuid, entries: p.macs.map((m) => ({ mac: m.mac, ips: [...m.ips] })) };
  }

  /** Whether the VNI's logical switch exists in the NB, as the monitor sees it ('unknown' before its first snapshot). */
  switchState(vni: number): SwitchState {
    const ls = [...this.switchToVni].find(([, v]) => v === vni)?.[0];
    const exists = ls === undefined ? null : this.monitor.switchExists(ls);
    return exists === null ? 'unknown' : exists ? 'ok' : WAITING_FOR_SWITCH;
  }

  /** Resolves once the NB monitor has its first snapshot, or after `timeoutMs` (so callers can say whether a switch exists). */
  async settled(timeoutMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.monitor.readyOrFailed(), new Promise<void>((resolve) => { timer = setTimeout(resolve, timeoutMs); })]);
    clearTimeout(timer);
  }

  /** True once the programmer has applied everything desired so far; false when timeoutMs passed first. Immediate when OVN is not used. */
  async programmed(timeoutMs: number): Promise<boolean> {
    if (!this.running) return true;
    let timer: NodeJS.Timeout | undefined;
    let expired = false;
    const timedOut = new Promise<false>((resolve) => { timer = setTimeout(() => { expired = true; resolve(false); }, timeoutMs); });
    // Before the start gate opens nothing is programmed: wait for it too (the gate resolves into start()).
    const done = (async () => {
      while (!this.programming && !expired && !this.closed) await new Promise((r) => setTimeout(r, 20));
      await this.programmer.flush();
      return true as const;
    })();
    const ok = await Promise.race([done, timedOut]);
    clearTimeout(timer);
    return ok;
  }

  status(): SubsystemStatus {
    if (!this.running) return { state: 'disabled', lastError: null };
    if (!this.activeWriter) return { state: 'disabled', lastError: null };
    if (!this.programming) return { state: 'starting', lastError: 'waiting for BGP to relearn routes before changing OVN' };
    // A mapped switch that does not exist is a standing problem from the moment it is mapped, not only
    // once routes for it arrive (the programmer notices it then).
    const missing = [...this.switchToVni].filter(([ls]) => this.monitor.switchExists(ls) === false)
      .map(([ls, vni]): string => `logical switch ${JSON.stringify(ls)} of VNI ${vni} does not exist: ${WAITING_FOR_SWITCH}`);
    const switches: SubsystemStatus = missing.length === 0 ? { state: 'ok', lastError: null } : { state: 'degraded', lastError: missing[0] ?? null, problems: missing };
    const parts = [this.programmer.status(), this.monitor.status(), this.interfaces.status(), switches];
    const worst = parts.reduce((w, x) => (RANK[x.state] > RANK[w.state] ? x : w));
    const problems = parts.flatMap((x) => x.problems ?? []);
    // `problems` only when there are some: an ok status reads as it always has.
    return { state: worst.state, lastError: worst.lastError, ...(problems.length > 0 && { problems }), ...(worst.detail !== undefined && { detail: worst.detail }) };
  }

  /** OpenFlow port numbers of our VXLAN interfaces by `<vni>|<vtep>` (empty until ovs-vswitchd assigns them). */
  ofports(): Map<string, number> {
    return this.interfaces.ofports();
  }

  /** The VM ports of the mapped switches by `<vni>|<mac>`, as the NB monitor last saw them. */
  portsByMac(): Map<string, string> {
    const ports = new Map<string, string>();
    for (const m of this.monitor.localMacs()) {
      const vni = this.switchToVni.get(m.logicalSwitch);
      if (vni !== undefined) ports.set(`${vni}|${m.mac}`, m.port);
    }
    return ports;
  }

  /** Counters for metrics and `status`. */
  stats() {
    return this.programmer.stats();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.roleChange;
    await Promise.all([this.programmer.stop(), this.monitor.stop(), this.interfaces.stop()]);
  }

  /** Logs each interface error once when it appears, and once when it clears. */
  private logInterfaceErrors(): void {
    const now = new Map(this.interfaces.errors().map((e) => [`${e.name}: ${e.error}`, e]));
    for (const [text, e] of now) {
      if (!this.loggedErrors.has(text)) this.opts.log.warn(`ovn: OVS interface ${e.name} (VNI ${e.vni}, VTEP ${e.vtep ?? '?'}, key ${e.key}) has an error: ${e.error}`);
    }
    for (const text of this.loggedErrors) if (!now.has(text)) this.opts.log.info(`ovn: OVS interface error cleared: ${text}`);
    this.loggedErrors = new Set(now.keys());
  }

  private onMonitor(e: LocalMacEvent): void {
    const vni = this.switchToVni.get(e.mac.logicalSwitch);
    if (vni !== undefined) this.markDirty(vni);
    if (e.type === 'local-mac-updated') {
      const old = this.switchToVni.get(e.previous.logicalSwitch);
      if (old !== undefined) this.markDirty(old);
    }
  }

  /** Coalesces a burst of monitor events (e.g. the initial dump) into one snapshot per VNI. */
  private markDirty(vni: number): void {
    this.dirty.add(vni);
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => {
      this.flushScheduled = false;
      const vnis = [...this.dirty];
      this.dirty.clear();
      const all = this.monitor.localMacs();
      for (const vni of vnis) {
        const macs = new Map<string, string[]>();
        for (const m of all) {
          if (this.switchToVni.get(m.logicalSwitch) !== vni) continue;
          const ips = macs.get(m.mac) ?? [];
          for (const ip of m.ips) if (!ips.includes(ip)) ips.push(ip);
          macs.set(m.mac, ips);
        }
        this.opts.onLocalMacs(vni, macs);
      }
    });
  }
}
