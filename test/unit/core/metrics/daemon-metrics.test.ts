// The whole exposition, rendered from the real core API with a scripted BGP/OVN runtime.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DaemonMetrics } from '../../../../src/core/metrics/daemon-metrics.js';
import { VERSION } from '../../../../src/core/version.js';
import { openCoreApi } from '../../../support/core-api.js';

const lines = (text: string) => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

describe('DaemonMetrics', () => {
  let core: ReturnType<typeof openCoreApi>;
  beforeEach(async () => {
    core = openCoreApi();
    await core.api.speakerAdd({ asn: 65000, routerId: '192.168.10.20' });
    await core.api.neighborAdd({ address: '192.168.10.10', remoteAs: 65000 });
    await core.api.neighborAdd({ address: '192.168.10.11', remoteAs: 65001 });
    await core.api.networkAdd({ vni: 10, logicalSwitch: 'ls10' });
  });
  afterEach(() => core.dispose());

  it('shows live session, VNI and RIB values read at scrape time', async () => {
    const m = new DaemonMetrics();
    core.runtime.states.set('192.168.10.10', 'established');
    core.runtime.states.set('192.168.10.11', 'active');
    core.runtime.networks.set(10, { localMacs: 3, remoteMacs: 5, remoteVteps: ['192.168.10.10', '192.168.10.12'], duplicateMacs: [{ mac: '02:00:00:00:00:01', location: '192.168.10.12' }] });
    const route = { rd: '192.168.10.10:2', esi: null, etag: 0, mac: null, ip: null, vni: 10, label: 10, nextHop: '192.168.10.10', originatorIp: null, rts: [], seq: 0, sticky: false, best: true, used: true, stale: false, reflected: false, group: null, prefix: null };
    core.runtime.rib.push({ ...route, type: 2, from: '192.168.10.10' }, { ...route, type: 2, from: '192.168.10.10' }, { ...route, type: 3, from: 'local' });
    const s = lines(await m.render(core.api));
    expect(s).toEqual(expect.arrayContaining([
      'evpnctl_bgp_neighbor_up{neighbor="192.168.10.10"} 1',
      'evpnctl_bgp_neighbor_up{neighbor="192.168.10.11"} 0',
      'evpnctl_bgp_neighbor_state{neighbor="192.168.10.11",state="active"} 1',
      'evpnctl_bgp_neighbor_state{neighbor="192.168.10.11",state="established"} 0',
      'evpnctl_bgp_neighbor_uptime_seconds{neighbor="192.168.10.10"} 42',
      'evpnctl_bgp_neighbor_uptime_seconds{neighbor="192.168.10.11"} 0',
      'evpnctl_bgp_neighbor_messages_total{neighbor="192.168.10.10",direction="in"} 9',
      'evpnctl_bgp_neighbor_messages_total{neighbor="192.168.10.10",direction="out"} 7',
      'evpnctl_bgp_neighbor_routes{neighbor="192.168.10.10",kind="accepted"} 2',
      'evpnctl_bgp_rib_routes{source="192.168.10.10",route_type="2"} 2',
      'evpnctl_bgp_rib_routes{source="local",route_type="3"} 1',
      'evpnctl_evpn_local_macs{vni="10"} 3',
      'evpnctl_evpn_remote_macs{vni="10"} 5',
      'evpnctl_evpn_remote_vteps{vni="10"} 2',
      'evpnctl_evpn_duplicate_macs{vni="10"} 1',
      'evpnctl_subsystem_state{subsystem="bgp",state="disabled"} 1',
      `evpnctl_build_info{version="${VERSION}",protocol_version="1"} 1`,
    ]));
    expect(s.some((l) => l.startsWith('evpnctl_process_cpu_seconds_total '))).toBe(true);
    expect(s.some((l) => l.startsWith('evpnctl_nodejs_active_handles_total'))).toBe(false);
  });

  it('drops deleted neighbors and VNIs at the next scrape', async () => {
    const m = new DaemonMetrics();
    m.sink.bgpMessage('192.168.10.11', 'in', 'update');
    expect(await m.render(core.api)).toContain('neighbor="192.168.10.11"');
    await core.api.neighborDel('192.168.10.11');
    await core.api.networkDel(10);
    const text = await m.render(core.api);
    expect(text).not.toContain('neighbor="192.168.10.11"');
    expect(text).not.toContain('vni="10"');
    expect(text).toContain('evpnctl_bgp_neighbor_up{neighbor="192.168.10.10"} 0');
  });

  it('serves concurrent scrapes one at a time, each complete', async () => {
    const m = new DaemonMetrics();
    const texts = await Promise.all([m.render(core.api), m.render(core.api), m.render(core.api)]);
    for (const t of texts) expect(t).toContain('evpnctl_evpn_local_macs{vni="10"} 0');
    expect(m.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('shows the HA role and takeovers of a grouped daemon, and no HA series without a group', async () => {
    const m = new DaemonMetrics();
    expect(lines(await m.render(core.api)).filter((l) => l.startsWith('evpnctl_ha_'))).toEqual([]);
    core.runtime.ha = { role: 'active', group: 'gw', chassis: 'gw-a', holder: 'gw-a', epoch: 3, lastChange: { role: 'active', reason: 'lock acquired', age: 1 }, takeovers: 2, lock: null };
    expect(lines(await m.render(core.api))).toEqual(expect.arrayContaining(['evpnctl_ha_active{group="gw"} 1', 'evpnctl_ha_takeovers_total{group="gw"} 2']));
    core.runtime.ha = { ...core.runtime.ha, role: 'standby' };
    expect(lines(await m.render(core.api))).toEqual(expect.arrayContaining(['evpnctl_ha_active{group="gw"} 0']));
  });
});
