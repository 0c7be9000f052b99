// The runtime the daemon runs: the BGP side and the OVN side, joined through the single queue.
// BGP -> OVN: EVPN events (remote VTEPs and MACs) are programmed as ports and addresses.
// OVN -> BGP: VM MACs found on the mapped switches are advertised as type-2 routes.
import type { MacFilter, RouteFilter } from '../api/core-api.js';
import type { Clock } from '../clock.js';
import type { EvpnEvent } from '../evpn/events.js';
import type { Logger } from '../log.js';
import type { MetricsSink } from '../metrics/sink.js';
import type { DesiredState } from '../model/config.js';
import type { ClientView, MacView, RouteView, SubsystemStatus } from '../model/views.js';
import { createExecaRunner } from '../ovn/process-runner.js';
import { OvnSide } from './ovn-side.js';
import type { SerialQueue } from './queue.js';
import type { NeighborRuntime, NetworkRuntime, PortAddresses, Runtime } from './runtime.js';
import type { BgpService } from './services.js';

/** What a BgpService is built from. */
export interface BgpServiceHooks {
  queue: SerialQueue;
  /** EVPN events caused by network input (UPDATEs, session loss, timers); called inside the queue. */
  onEvents: (events: EvpnEvent[]) => void;
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
  /** Added to the environment of every OVS/OVN tool the daemon runs (its ownership mark). */
  childEnv?: Record<string, string>;
  bgp: (hooks: BgpServiceHooks) => BgpService;
}

export class DaemonRuntime implements Runtime {
  private readonly bgp: BgpService;
  private readonly ovn: OvnSide;
  private vnis = new Set<number>();

  constructor(opts: DaemonRuntimeOptions) {
    const { queue, log, metrics, clock } = opts;
    this.ovn = new OvnSide({
      ...(opts.ovsDb !== undefined && { ovsDb: opts.ovsDb }),
      ...(opts.ovnNbDb !== undefined && { nbDb: opts.ovnNbDb }),
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
    this.bgp = opts.bgp({ queue, log, metrics, clock, onEvents: (events) => this.program(events) });
  }

  async apply(state: DesiredState): Promise<void> {
    const events = await this.bgp.apply(state);
    this.vnis = new Set(state.speaker ? state.networks.map((n) => n.vni) : []);
    this.ovn.apply(state);
    this.program(events);
  }

  /** Programs events of configured VNIs (a removed network's objects go with its configuration). */
  private program(events: readonly EvpnEvent[]): void {
    this.ovn.program(events.filter((e) => this.vnis.has(e.vni)));
  }

  neighbor(address: string): NeighborRuntime {
    return this.bgp.neighbor(address);
  }

  network(vni: number): NetworkRuntime {
    return this.bgp.network(vni);
  }

  learnedClients(vni?: number): ClientView[] {
    // The BGP side knows an OVN-discovered MAC only by MAC and IPs; the OVN side knows its port.
    const clients = this.bgp.learnedClients(vni);
    if (!clients.some((c) => c.source === 'ovn')) return clients;
    const ports = this.ovn.portsByMac();
    return clients.map((c) => (c.source === 'ovn' && c.port === null ? { ...c, port: ports.get(`${c.vni}|${c.mac}`) ?? null } : c));
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

  resolvePort(nameOrUuid: string): Promise<PortAddresses | null> {
    return this.ovn.resolvePort(nameOrUuid);
  }

  async close(): Promise<void> {
    await Promise.all([this.bgp.close(), this.ovn.close()]);
  }
}
