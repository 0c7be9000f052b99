// The daemon's metrics: one private prom-client Registry (never the global default one, so two daemons in
// one test process don't share counters) holding process metrics, the event sink and the live gauges.
import { Registry, collectDefaultMetrics } from 'prom-client';
import type { CoreApi } from '../api/core-api.js';
import { LiveMetrics, takeSnapshot } from './live-metrics.js';
import { PromSink } from './prom-sink.js';

/**
 * prom-client's default gauges that end in `_total`, which the Prometheus naming rules reserve for
 * counters (`promtool check metrics` rejects them). Their per-type breakdowns without the suffix stay.
 */
const MISNAMED_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** Everything /metrics shows, and the sink the subsystems report events to. */
export class DaemonMetrics {
  readonly registry = new Registry();
  readonly sink: PromSink;
  private readonly live: LiveMetrics;
  /** Scrapes run one after another: each refreshes the shared gauges, then serializes them. */
  private last: Promise<unknown> = Promise.resolve();

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'evpnctl_' });
    for (const name of MISNAMED_DEFAULTS) this.registry.removeSingleMetric(`evpnctl_${name}`);
    this.sink = new PromSink(this.registry);
    this.live = new LiveMetrics(this.registry);
  }

  /** The Content-Type of `render()`'s output (the Prometheus text format, version 0.0.4). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** Reads the live values from `api` and returns the whole exposition text. */
  render(api: CoreApi): Promise<string> {
    const run = async () => {
      const snap = await takeSnapshot(api);
      this.live.update(snap);
      await this.sink.forgetNeighborsExcept(new Set(snap.neighbors.map((n) => n.address)));
      return this.registry.metrics();
    };
    const next = this.last.then(run, run);
    this.last = next;
    return next;
  }
}
