import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { PromSink } from '../../../../src/core/metrics/prom-sink.js';
import { NOOP_SINK } from '../../../../src/core/metrics/sink.js';

/** The samples of the registry's text output, without comments. */
async function samples(registry: Registry): Promise<string[]> {
  return (await registry.metrics()).split('\n').filter((l) => l !== '' && !l.startsWith('#'));
}

describe('PromSink', () => {
  it('starts with zeroed OVN series so rate() and alerts see 0 before the first batch', async () => {
    const registry = new Registry();
    new PromSink(registry);
    const s = await samples(registry);
    expect(s).toContain('evpnctl_ovn_batches_total{result="ok"} 0');
    expect(s).toContain('evpnctl_ovn_batches_total{result="error"} 0');
    expect(s).toContain('evpnctl_ovn_errors_total{kind="batch"} 0');
    expect(s).toContain('evpnctl_ovn_batch_duration_seconds_count 0');
  });

  it('counts each event under its own labels', async () => {
    const registry = new Registry();
    const sink = new PromSink(registry);
    sink.bgpMessage('172.17.0.2', 'in', 'update');
    sink.bgpMessage('172.17.0.2', 'in', 'update');
    sink.bgpMessage('172.17.0.2', 'out', 'notification');
    sink.bgpMessage('172.17.0.2', 'in', 'keepalive'); // in the pulled total only
    sink.route('172.17.0.2', 'in', 2, 'announce');
    sink.route('172.17.0.2', 'in', 3, 'withdraw');
    sink.route('172.17.0.2', 'in', 2, 'withdraw', 50); // a run of 50 routes of one type in one UPDATE
    sink.ovnBatch(0.02, true);
    sink.ovnBatch(3, false);
    sink.ovnError('monitor');
    sink.controlRequest('network.add', 'exists');
    sink.restRequest('POST', '/vtep/networks', 409);
    const s = await samples(registry);
    expect(s).toEqual(expect.arrayContaining([
      'evpnctl_bgp_neighbor_updates_total{neighbor="172.17.0.2",direction="in"} 2',
      'evpnctl_bgp_neighbor_notifications_total{neighbor="172.17.0.2",direction="out"} 1',
      'evpnctl_bgp_neighbor_route_updates_total{neighbor="172.17.0.2",direction="in",route_type="2",action="announce"} 1',
      'evpnctl_bgp_neighbor_route_updates_total{neighbor="172.17.0.2",direction="in",route_type="2",action="withdraw"} 50',
      'evpnctl_bgp_neighbor_route_updates_total{neighbor="172.17.0.2",direction="in",route_type="3",action="withdraw"} 1',
      'evpnctl_ovn_batches_total{result="ok"} 1',
      'evpnctl_ovn_batches_total{result="error"} 1',
      'evpnctl_ovn_batch_duration_seconds_bucket{le="0.025"} 1',
      'evpnctl_ovn_batch_duration_seconds_bucket{le="5"} 2',
      'evpnctl_ovn_batch_duration_seconds_sum 3.02',
      'evpnctl_ovn_errors_total{kind="batch"} 1',
      'evpnctl_ovn_errors_total{kind="monitor"} 1',
      'evpnctl_control_requests_total{type="network.add",code="exists"} 1',
      'evpnctl_rest_requests_total{method="POST",route="/vtep/networks",code="409"} 1',
    ]));
    expect(s.some((l) => l.includes('keepalive'))).toBe(false);
  });

  it('forgets the series of neighbors that are gone', async () => {
    const registry = new Registry();
    const sink = new PromSink(registry);
    sink.bgpMessage('10.0.0.1', 'in', 'update');
    sink.bgpMessage('10.0.0.2', 'in', 'update');
    sink.route('10.0.0.2', 'out', 2, 'announce');
    await sink.forgetNeighborsExcept(new Set(['10.0.0.1']));
    const text = await registry.metrics();
    expect(text).toContain('neighbor="10.0.0.1"');
    expect(text).not.toContain('neighbor="10.0.0.2"');
  });

  it('keeps two registries apart (no global default registry)', async () => {
    const a = new Registry();
    const b = new Registry();
    new PromSink(a).controlRequest('status', 'ok');
    new PromSink(b);
    expect(await a.metrics()).toContain('evpnctl_control_requests_total{type="status",code="ok"} 1');
    expect(await b.metrics()).not.toContain('type="status"');
  });

  it('has a no-op sink that accepts every event', () => {
    expect(() => {
      NOOP_SINK.bgpMessage('x', 'in', 'open');
      NOOP_SINK.route('x', 'out', 5, 'rejected');
      NOOP_SINK.ovnBatch(1, true);
      NOOP_SINK.ovnError('x');
      NOOP_SINK.controlRequest('status', 'ok');
      NOOP_SINK.restRequest('GET', '/', 200);
    }).not.toThrow();
  });
});
