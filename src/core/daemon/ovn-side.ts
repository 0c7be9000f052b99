// The OVN half of the daemon runtime: the programmer (EVPN events -> OVS/OVN objects) and the NB monitor
// (VM ports of the mapped switches -> local MACs to advertise), driven by the desired state.
import type { Logger } from '../log.js';
import type { MetricsSink } from '../metrics/sink.js';
import { speakerVteps, type DesiredState } from '../model/config.js';
import type { SubsystemStatus } from '../model/views.js';
import type { EvpnEvent } from '../evpn/events.js';
import { InterfaceMonitor, OvnMonitor, OvnProgrammer, type LocalMacEvent, type ProcessRunner } from '../ovn/index.js';
import type { PortAddresses } from './runtime.js';
import type { LocalMacs, OvnService } from './services.js';
import type { Command } from '../ovn/chain.js';
import type { Owner } from '../ovn/owner.js';

export interface OvnSideOptions {
  ovsDb?: string;
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
  ha?: { fence: () => Command };
}

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
    const db = {
      ...(opts.ovsDb !== undefined && { ovsDb: opts.ovsDb }), ...(opts.nbDb !== undefined && { nbDb: opts.nbDb }),
      ...(opts.runner !== undefined && { runner: opts.runner }),
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
    this.monitor = new OvnMonitor({ ...(opts.nbDb !== undefined && { nbDb: opts.nbDb }), ...(opts.runner !== undefined && { runner: opts.runner }), log: opts.log, onEvent: (e) => this.onMonitor(e) });
    this.interfaces = new InterfaceMonitor({
      ...(opts.ovsDb !== undefined && { ovsDb: opts.ovsDb }), ...(opts.runner !== undefined && { runner: opts.runner }), log: opts.log,
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
    return { logicalSwitch: p.switchName, entries: p.macs.map((m) => ({ mac: m.mac, ips: [...m.ips] })) };
  }

  status(): SubsystemStatus {
    if (!this.running) return { state: 'disabled', lastError: null };
    if (!this.activeWriter) return { state: 'disabled', lastError: null };
    if (!this.programming) return { state: 'starting', lastError: 'waiting for BGP to relearn routes before changing OVN' };
    const parts = [this.programmer.status(), this.monitor.status(), this.interfaces.status()];
    const worst = parts.reduce((w, x) => (RANK[x.state] > RANK[w.state] ? x : w));
    const problems = parts.flatMap((x) => x.problems ?? []);
    // `problems` only when there are some: an ok status reads as it always has.
    return { state: worst.state, lastError: worst.lastError, ...(problems.length > 0 && { problems }) };
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
