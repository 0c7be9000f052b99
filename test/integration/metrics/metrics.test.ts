// Acceptance: GET /metrics passes `promtool check metrics`, and its values follow what the daemon does:
// control requests counted by type and result, REST requests by route and status, neighbors and VNIs
// appearing and disappearing with the configuration.
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDaemon, requireBuild } from '../../support/evpnctl.js';
import { curl, freePort } from '../../support/http.js';

describe('Prometheus metrics', () => {
  let d: TestDaemon;
  let metricsUrl = '';
  let restUrl = '';

  const scrape = async (): Promise<string> => {
    const r = await curl([metricsUrl]);
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    return r.text;
  };
  /** The value of the sample `series` (name and labels exactly as exposed), or undefined when absent. */
  const value = (text: string, series: string): number | undefined => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  beforeAll(async () => {
    requireBuild();
    const [mp, rp] = await Promise.all([freePort(), freePort()]);
    d = new TestDaemon();
    d.extraArgs.push('--metrics-listen', `${d.ip}:${mp}`, '--rest-listen', `${d.ip}:${rp}`);
    metricsUrl = `http://${d.ip}:${mp}/metrics`;
    restUrl = `http://${d.ip}:${rp}`;
    await d.start();
  });
  afterAll(() => d?.dispose());

  it('passes promtool check metrics on an empty daemon', async () => {
    const r = await execa('promtool', ['check', 'metrics'], { input: await scrape(), reject: false });
    expect(r.exitCode, `${r.stdout}${r.stderr}`).toBe(0);
  });

  it('counts control requests by type and result code', async () => {
    const ok = 'evpnctl_control_requests_total{type="status",code="ok"}';
    const missing = 'evpnctl_control_requests_total{type="network.show",code="not_found"}';
    const before = await scrape();
    expect((await d.cli('status')).exitCode).toBeOneOf([0, 6]); // it answers (6: unhealthy, e.g. the test's databases are unreachable)
    expect((await d.cli('status')).exitCode).toBeOneOf([0, 6]); // it answers (6: unhealthy, e.g. the test's databases are unreachable)
    expect((await d.cli('network', 'show', '99')).exitCode).toBe(4);
    const after = await scrape();
    expect(value(after, ok)).toBe((value(before, ok) ?? 0) + 2);
    expect(value(after, missing)).toBe((value(before, missing) ?? 0) + 1);
  });

  it('counts REST requests by method, route template and status', async () => {
    expect((await curl(['-X', 'POST', '-d', '{"as_number": 65000, "router_id": "192.168.10.20"}', `${restUrl}/vtep/speakers`])).status).toBe(200);
    expect((await curl([`${restUrl}/vtep/networks/77`])).status).toBe(404);
    expect((await curl([`${restUrl}/nowhere`])).status).toBe(404);
    const text = await scrape();
    expect(value(text, 'evpnctl_rest_requests_total{method="POST",route="/vtep/speakers",code="200"}')).toBe(1);
    expect(value(text, 'evpnctl_rest_requests_total{method="GET",route="/vtep/networks/{vni}",code="404"}')).toBe(1);
    expect(value(text, 'evpnctl_rest_requests_total{method="GET",route="unmatched",code="404"}')).toBe(1);
  });

  it('shows neighbors and VNIs live, and drops them when deleted', async () => {
    expect((await d.cli('neighbor', 'add', '192.168.10.10', '--remote-as', '65000')).exitCode).toBe(0);
    expect((await d.cli('network', 'add', '--vni', '10', '--logical-switch', 'ls10')).exitCode).toBe(0);
    let text = await scrape();
    // No BGP peer here: the session is idle, so not up, and has no uptime or traffic yet.
    expect(value(text, 'evpnctl_bgp_neighbor_up{neighbor="192.168.10.10"}')).toBe(0);
    expect(value(text, 'evpnctl_bgp_neighbor_state{neighbor="192.168.10.10",state="idle"}')).toBe(1);
    expect(value(text, 'evpnctl_bgp_neighbor_uptime_seconds{neighbor="192.168.10.10"}')).toBe(0);
    expect(value(text, 'evpnctl_bgp_neighbor_messages_total{neighbor="192.168.10.10",direction="in"}')).toBe(0);
    expect(value(text, 'evpnctl_bgp_neighbor_routes{neighbor="192.168.10.10",kind="received"}')).toBe(0);
    expect(value(text, 'evpnctl_evpn_local_macs{vni="10"}')).toBe(0);
    expect(value(text, 'evpnctl_evpn_remote_macs{vni="10"}')).toBe(0);
    expect(value(text, 'evpnctl_evpn_remote_vteps{vni="10"}')).toBe(0);
    // The test daemon's OVS/NB databases are paths where nothing listens: once a network exists the OVN
    // programmer tries, fails and retries, and every attempt is observed. Wait for the first one.
    for (let i = 0; i < 50 && !(value(text, 'evpnctl_ovn_batch_duration_seconds_count')! > 0); i++) {
      await new Promise((r) => setTimeout(r, 100));
      text = await scrape();
    }
    const failed = value(text, 'evpnctl_ovn_batches_total{result="error"}') ?? 0;
    expect(value(text, 'evpnctl_ovn_batches_total{result="ok"}')).toBe(0);
    expect(failed).toBeGreaterThan(0);
    expect(value(text, 'evpnctl_ovn_batch_duration_seconds_count')).toBeGreaterThanOrEqual(failed);
    expect(value(text, 'evpnctl_ovn_errors_total{kind="batch"}')).toBeGreaterThan(0);
    expect(value(text, 'evpnctl_process_start_time_seconds')).toBeGreaterThan(0);

    const check = await execa('promtool', ['check', 'metrics'], { input: text, reject: false });
    expect(check.exitCode, `${check.stdout}${check.stderr}`).toBe(0);

    expect((await d.cli('neighbor', 'del', '192.168.10.10')).exitCode).toBe(0);
    expect((await d.cli('network', 'del', '10')).exitCode).toBe(0);
    text = await scrape();
    expect(text).not.toContain('neighbor="192.168.10.10"');
    expect(text).not.toContain('vni="10"');
  });

  it('answers other paths and methods in JSON', async () => {
    const base = metricsUrl.replace(/\/metrics$/, '');
    expect(await curl([`${base}/`])).toMatchObject({ status: 404, json: { status: 404, error: expect.stringMatching(/^no such resource: \/; expected one of \/metrics/) } });
    const post = await curl(['-X', 'POST', metricsUrl]);
    expect(post).toMatchObject({ status: 405, json: { status: 405 } });
    expect(post.headers.allow).toBe('GET');
    expect(d.alive).toBe(true);
  });
});
