// The MetricsSink written to prom-client counters and a histogram on one registry. Names follow the
// Prometheus conventions: `evpnctl_` prefix, `_total` on counters, base units (`_seconds`).
import { Counter, Histogram, type Registry } from 'prom-client';
import type { BgpMessageType, Direction, EvpnRouteType, MetricsSink, RouteAction } from './sink.js';

/** OVN batches are a handful of ovn-nbctl/ovs-vsctl calls: milliseconds normally, seconds when the NB DB is slow. */
const OVN_BATCH_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Event counters of the BGP speaker, the OVN programmer and the two request adapters. */
export class PromSink implements MetricsSink {
  private readonly updates: Counter<'neighbor' | 'direction'>;
  private readonly notifications: Counter<'neighbor' | 'direction'>;
  private readonly routes: Counter<'neighbor' | 'direction' | 'route_type' | 'action'>;
  private readonly ovnBatches: Counter<'result'>;
  private readonly ovnBatchSeconds: Histogram;
  private readonly ovnErrors: Counter<'kind'>;
  private readonly controlRequests: Counter<'type' | 'code'>;
  private readonly restRequests: Counter<'method' | 'route' | 'code'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.updates = new Counter({ name: 'evpnctl_bgp_neighbor_updates_total', help: 'BGP UPDATE messages received (in) from or sent (out) to the neighbor.', labelNames: ['neighbor', 'direction'], registers });
    this.notifications = new Counter({ name: 'evpnctl_bgp_neighbor_notifications_total', help: 'BGP NOTIFICATION messages received (in) from or sent (out) to the neighbor.', labelNames: ['neighbor', 'direction'], registers });
    this.routes = new Counter({ name: 'evpnctl_bgp_neighbor_route_updates_total', help: 'EVPN routes in UPDATEs from (in) or to (out) the neighbor, by route type and action (announce, withdraw, rejected).', labelNames: ['neighbor', 'direction', 'route_type', 'action'], registers });
    this.ovnBatches = new Counter({ name: 'evpnctl_ovn_batches_total', help: 'Batches of OVS/OVN commands run, by result (ok, error).', labelNames: ['result'], registers });
    this.ovnBatchSeconds = new Histogram({ name: 'evpnctl_ovn_batch_duration_seconds', help: 'Time to run one batch of OVS/OVN commands.', buckets: OVN_BATCH_BUCKETS, registers });
    this.ovnErrors = new Counter({ name: 'evpnctl_ovn_errors_total', help: 'OVS/OVN errors, by kind (batch: a failed batch).', labelNames: ['kind'], registers });
    this.controlRequests = new Counter({ name: 'evpnctl_control_requests_total', help: 'Control-socket requests, by request type and result code.', labelNames: ['type', 'code'], registers });
    this.restRequests = new Counter({ name: 'evpnctl_rest_requests_total', help: 'REST (/vtep) requests, by method, route and HTTP status code.', labelNames: ['method', 'route', 'code'], registers });
    // Series that exist before the first event, so rate() and alerts see 0 rather than nothing.
    this.ovnBatches.inc({ result: 'ok' }, 0);
    this.ovnBatches.inc({ result: 'error' }, 0);
    this.ovnErrors.inc({ kind: 'batch' }, 0);
  }

  bgpMessage(peer: string, direction: Direction, type: BgpMessageType): void {
    if (type === 'update') this.updates.inc({ neighbor: peer, direction });
    else if (type === 'notification') this.notifications.inc({ neighbor: peer, direction });
  }

  route(peer: string, direction: Direction, routeType: EvpnRouteType, action: RouteAction, count = 1): void {
    this.routes.inc({ neighbor: peer, direction, route_type: String(routeType), action }, count);
  }

  ovnBatch(seconds: number, ok: boolean): void {
    this.ovnBatches.inc({ result: ok ? 'ok' : 'error' });
    this.ovnBatchSeconds.observe(seconds);
    if (!ok) this.ovnErrors.inc({ kind: 'batch' });
  }

  ovnError(kind: string): void {
    this.ovnErrors.inc({ kind });
  }

  controlRequest(type: string, code: string): void {
    this.controlRequests.inc({ type, code });
  }

  restRequest(method: string, route: string, status: number): void {
    this.restRequests.inc({ method, route, code: String(status) });
  }

  /** Drops the per-neighbor series of neighbors no longer configured, so deleted peers don't linger. */
  async forgetNeighborsExcept(keep: ReadonlySet<string>): Promise<void> {
    for (const counter of [this.updates, this.notifications, this.routes] as Counter<'neighbor'>[]) {
      const { values } = await counter.get();
      for (const v of values) {
        const peer = v.labels.neighbor;
        if (typeof peer === 'string' && !keep.has(peer)) counter.remove(v.labels);
      }
    }
  }
}
