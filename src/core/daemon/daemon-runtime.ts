// The runtime the daemon runs: the BGP side and the OVN side, joined through the single queue.
// BGP -> OVN: EVPN events (remote VTEPs and MACs) are programmed as ports and addresses.
// OVN -> BGP: VM MACs found on the mapped switches are advertised as type-2 routes.
import type { MacFilter, ResetMode, RouteFilter } from '../api/core-api.js';
import type { Clock } from '../clock.js';
import type { EvpnEvent } from '../route-engine/evpn/events.js';
import type { Logger } from '../log.js';
import type { MetricsSink } from '../metrics/sink.js';
import type { DesiredState } from '../model/config.js';
import type { ClientView, HaView, MacView, RouteView, SubsystemStatus } from '../model/views.js';
import { ValidationError } from '../errors.js';
import { DEFAULT_NB_DB } from '../ovn/exec.js';
import { createExecaRunner } from '../ovn/process-runner.js';
import { HaSide } from './ha-side.js';
import { sameMember, type FenceMember } from '../ovn/ha-fence.js';
import { speakerVteps, vtepIpOf } from '../model/config.js';
import { NO_HA } from './runtime.js';
import { OvnSide } from './ovn-side.js';
import { HealthLog } from './health-log.js';
import { MonitorBus, type MonitorEvent } from './monitor-bus.js';
import type { SslFiles } from '../ovn/exec.js';
import type { SerialQueue } from '../queue.js';
import type { NeighborRuntime, NetworkRuntime, PortAddresses } from '../model/live.js';
import type { Runtime } from './runtime.js';
import type { BgpService } from './services.js';

/** What a BgpService is built from. */
export interface BgpServiceHooks {
  queue: SerialQueue;
  /** EVPN events caused by network input (UPDATEs, session loss, timers); called inside the queue. */
  onEvents: (events: EvpnEvent[]) => void;
  /** A session came up or went down (for `evpnctl monitor`). */
  onSession?: (neighbor: string, event: 'up' | 'down', reason: string | null) => void;
  log: Logger;
  metrics: MetricsSink;
  clock: Clock;
}

export interface DaemonRuntimeOptions {
  queue: SerialQueue;
  log: Logger;
  metrics: MetricsSink;
  clock: Clock;
  ovsDb?: string;
  ovnNbDb?: string;
  ssl?: SslFiles;
  /** The chassis we speak for (`--chassis`; required with haGroup, else found from OVS when first needed). */
  chassis?: string;
  /** `--ha-group`: one active writer per group through the NB lock (issue 10). */
  haGroup?: string;
  /** Finds the chassis from the local OVS (external_ids:system-id) when none was given. */
  resolveChassis?: () => Promise<string | null>;
  /** Added to the environment of every OVS/OVN tool the daemon runs (its ownership mark). */
  childEnv?: Record<string, string>;
  bgp: (hooks: BgpServiceHooks) => BgpService;
}

export class DaemonRuntime implements Runtime {
  private readonly bgp: BgpService;
  private readonly ovn: OvnSide;
  private readonly ha: HaSide | null;
  private chassis: string | null;
  /** Our BGP identity, written with the HA fencing token (null until a speaker is configured). */
  private member: FenceMember | null = null;
  private vnis = new Set<number>();
  private readonly health: HealthLog;
  private readonly bus = new MonitorBus();

  constructor(opts: DaemonRuntimeOptions) {
    const { queue, log, clock } = opts;
    const metrics = this.teeMetrics(opts.metrics);
    this.chassis = opts.chassis ?? null;
    if (opts.haGroup !== undefined && opts.chassis === undefined) {
      throw new ValidationError('--chassis', undefined, 'a chassis name with --ha-group', 'an HA group needs the chassis name: give --chassis NAME or set the local OVS external_ids:system-id');
    }
    this.ha = opts.haGroup === undefined || opts.chassis === undefined ? null : new HaSide({
      remotes: opts.ovnNbDb ?? process.env.OVN_NB_DB ?? DEFAULT_NB_DB, group: opts.haGroup, chassis: opts.chassis, log,
      onRole: (active) => {
        // Advertising follows the role inside the queue (it flushes to the sessions); OVN follows outside it.
        void queue.run(() => this.program(this.bgp.setAdvertising(active)))
          .catch((err: unknown) => log.error(`ha: switching advertisements failed: ${(err as Error).message}`));
        void this.ovn.setActive(active);
      },
      member: () => this.member,
      onMembers: (members) => {
        void queue.run(() => this.program(this.bgp.setGroupMembers(members)))
          .catch((err: unknown) => log.error(`ha: taking the group members' routes out of the import failed: ${(err as Error).message}`));
      },
    });
    const ha = this.ha;
    this.ovn = new OvnSide({
      ...(opts.chassis !== undefined && { owner: { chassis: opts.chassis, group: opts.haGroup ?? null } }),
      ...(opts.resolveChassis !== undefined && {
        resolveOwner: async () => {
          const c = await opts.resolveChassis?.() ?? null;
          this.chassis = c;
          return c === null ? null : { chassis: c, group: null };
        },
      }),
      ...(ha !== null && { ha: { fence: () => ha.fence() } }),
      ...(opts.ovsDb !== undefined && { ovsDb: opts.ovsDb }),
      ...(opts.ovnNbDb !== undefined && { nbDb: opts.ovnNbDb }),
      ...(opts.ssl !== undefined && { ssl: opts.ssl }),
      runner: createExecaRunner({ env: opts.childEnv ?? {} }),
      log,
      metrics,
      gate: () => this.bgp.initialSync(),
      onLocalMacs: (vni, macs) => {
        void queue.run(() => {
          if (this.vnis.has(vni)) this.program(this.bgp.setLocalMacs(vni, macs));
        }).catch((err: unknown) => log.error(`advertising local MACs of VNI ${vni} failed: ${(err as Error).message}`));
      },
    });
    this.bgp = opts.bgp({
      queue, log, metrics, clock, onEvents: (events) => this.program(events),
      onSession: (neighbor, event, reason) => this.bus.publish({ kind: 'session', neighbor, event, reason }),
    });
    if (this.ha !== null) {
      // A standby advertises nothing until the lock makes it active (issue 10).
      this.bgp.setAdvertising(false);
      this.ha.start();
    }
    this.health = new HealthLog(clock, log, () => ({ bgp: this.bgp.status(), ovn: this.ovn.status() }));
    this.health.start();
  }

  async apply(state: DesiredState): Promise<void> {
    const events = await this.bgp.apply(state);
    const s = state.speaker;
    const member = s ? { routerId: s.routerId, vteps: [...new Set([vtepIpOf(s), ...Object.values(speakerVteps(s)).filter((v): v is string => v !== null)])] } : null;
    if (!sameMember(member ?? undefined, this.member ?? undefined)) {
      this.member = member;
      this.ha?.memberChanged();
    }
    this.vnis = new Set(state.speaker ? state.networks.map((n) => n.vni) : []);
    this.ovn.apply(state);
    this.program(events);
  }

  /** The metrics sink, also feeding `evpnctl monitor` with routes in/out and OVN batches while someone watches. */
  private teeMetrics(m: MetricsSink): MetricsSink {
    const bus = (): MonitorBus => this.bus;
    return {
      ...m,
      bgpMessage: (p, d, t) => m.bgpMessage(p, d, t),
      route: (peer, direction, routeType, action, count = 1) => {
        m.route(peer, direction, routeType, action, count);
        // One monitor line per route, as before the counts came in runs.
        const b = bus();
        if (b.active) for (let i = 0; i < count; i++) b.publish({ kind: 'route', neighbor: peer, direction, routeType, action });
      },
      ovnBatch: (seconds, ok) => {
        m.ovnBatch(seconds, ok);
        bus().publish({ kind: 'ovn-batch', ms: Math.round(seconds * 1000), ok });
      },
      ovnError: (kind) => m.ovnError(kind),
      controlRequest: (t, c) => m.controlRequest(t, c),
      restRequest: (a, b, c) => m.restRequest(a, b, c),
    };
  }

  /** What happens from now on, until the consumer stops (`evpnctl monitor`). */
  monitor(): AsyncIterable<MonitorEvent> {
    return this.bus.subscribe();
  }

  /** Programs events of configured VNIs (a removed network's objects go with its configuration). */
  private program(events: readonly EvpnEvent[]): void {
    if (this.bus.active) {
      for (const e of events) {
        const r = e as { type: string; vni: number; mac?: string; vtep?: string };
        this.bus.publish({ kind: 'evpn', event: r.type, vni: r.vni, mac: r.mac ?? null, vtep: r.vtep ?? null });
      }
    }
    this.ovn.program(events.filter((e) => this.vnis.has(e.vni)));
  }

  neighbor(address: string, detail?: boolean): NeighborRuntime {
    return this.bgp.neighbor(address, detail);
  }

  resetNeighbor(address: string, mode: ResetMode): { notes: string[] } {
    const { notes, events } = this.bgp.resetNeighbor(address, mode);
    this.program(events);
    return { notes };
  }

  establishedPeers(): { address: string; routeRefresh: boolean }[] {
    return this.bgp.establishedPeers();
  }

  network(vni: number): NetworkRuntime {
    return { ...this.bgp.network(vni), switchStatus: this.ovn.switchState(vni) };
  }

  clearDuplicate(vni: number, mac: string): { location: string } {
    const { location, events } = this.bgp.clearDuplicate(vni, mac);
    this.program(events);
    return { location };
  }

  macPorts(mac: string): { vni: number; port: string }[] {
    const out: { vni: number; port: string }[] = [];
    for (const [key, port] of this.ovn.portsByMac()) {
      const [vni, m] = key.split('|');
      if (m === mac) out.push({ vni: Number(vni), port });
    }
    return out;
  }

  ovnProgrammed(timeoutMs: number): Promise<boolean> {
    return this.ovn.programmed(timeoutMs);
  }

  ovnSettled(timeoutMs: number): Promise<void> {
    return this.ovn.settled(timeoutMs);
  }

  learnedClients(vni?: number): ClientView[] {
    // The BGP side knows an OVN-discovered MAC only by MAC and IPs; the OVN side knows its port.
    // A remote MAC's OpenFlow port is the one of the VXLAN interface towards its VTEP (rest_vtep's `port`).
    const clients = this.bgp.learnedClients(vni);
    const ports = clients.some((c) => c.source === 'ovn') ? this.ovn.portsByMac() : new Map<string, string>();
    const ofports = clients.some((c) => c.source === 'remote') ? this.ovn.ofports() : new Map<string, number>();
    return clients.map((c) => {
      if (c.source === 'ovn' && c.port === null) return { ...c, port: ports.get(`${c.vni}|${c.mac}`) ?? null };
      if (c.source === 'remote') return { ...c, ofport: ofports.get(`${c.vni}|${c.nextHop ?? ''}`) ?? null };
      return c;
    });
  }

  routes(filter: RouteFilter): RouteView[] {
    return this.bgp.routes(filter);
  }

  macs(filter: MacFilter): MacView[] {
    return this.bgp.macs(filter);
  }

  routeCounts(): { local: number; remote: number } {
    return this.bgp.routeCounts();
  }

  bgpStatus(): SubsystemStatus {
    return this.bgp.status();
  }

  ovnStatus(): SubsystemStatus {
    return this.ovn.status();
  }

  haStatus(): HaView {
    return this.ha?.view() ?? { ...NO_HA, chassis: this.chassis };
  }

  resolvePort(nameOrUuid: string): Promise<PortAddresses | null> {
    return this.ovn.resolvePort(nameOrUuid);
  }

  async close(): Promise<void> {
    // The lock first: a standby takes over while we are still closing our sessions.
    await this.ha?.stop();
    this.health.stop();
    await Promise.all([this.bgp.close(), this.ovn.close()]);
  }
}
