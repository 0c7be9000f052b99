// The human renderings that carry meaning beyond the JSON fields: route status codes and import RTs.
import { describe, expect, it } from 'vitest';
import { Output } from '../../../src/commands/output.js';
import * as render from '../../../src/commands/render.js';
import type { NetworkView, RouteView } from '../../../src/core/model/views.js';

const out = new Output({ stdout: () => undefined, stderr: () => undefined, env: {}, isTTY: false }, false, false);
const wide = new Output({ stdout: () => undefined, stderr: () => undefined, env: {}, isTTY: false }, false, false, true);

const route = (o: Partial<RouteView>): RouteView => ({
  type: 2, rd: '192.168.100.1:2', esi: null, etag: 0, mac: '02:00:00:00:00:01', ip: null, vni: 10, label: 10, nextHop: '192.168.100.1',
  originatorIp: null, rts: ['65001:10'], seq: 0, sticky: false, best: true, used: false, stale: false, reflected: false, group: null, from: '192.168.100.1',
  prefix: null, ...o,
});

const network = (o: Partial<NetworkView>): NetworkView => ({
  vni: 10, logicalSwitch: 'ls0', networkId: null, rd: '192.168.100.2:1', importRts: ['65000:10'], importMatch: ['*:10', '*:268435466'],
  exportRts: ['65000:10'], floodUnknown: true, localMacs: 0, remoteMacs: 0, remoteVteps: [], floodVteps: [], switchStatus: 'ok', duplicateMacs: [], ...o,
});

describe('render', () => {
  it('marks the route OVN uses with u, best with >, and our own routes sent back with r', () => {
    const text = render.routes(wide, [
      route({ seq: 2, used: true, nextHop: '192.168.100.3', rd: '192.168.100.3:2' }),
      route({ seq: 1 }),
      route({ best: false, from: '10.255.0.2' }),
      route({ best: false, vni: null, reflected: true, rd: '192.168.100.2:1', nextHop: '192.168.100.2' }),
    ]);
    const rows = text.split('\n').slice(1, 5);
    expect(rows.map((r) => r.slice(0, 4))).toEqual(['u*> ', ' *> ', ' *  ', 'r   ']);
    expect(rows[3]).toMatch(/192\.168\.100\.1 \(ours, reflected\)$/);
    expect(text).toMatch(/status: u used for OVN/);
  });

  it('shows automatic import RTs as the VNI with any AS, configured ones as exact', () => {
    expect(render.networks(out, [network({})])).toMatch(/\*:10 \(auto\)/);
    expect(render.network(out, network({}))).toMatch(/import RTs:\s+\*:10, \*:268435466 \(automatic: VNI 10 from any AS\)/);
    const exact = network({ importRts: ['65001:10'], importMatch: ['65001:10'] });
    expect(render.network(out, exact)).toMatch(/import RTs:\s+65001:10 \(exact\)/);
    expect(render.networks(out, [exact])).not.toMatch(/auto/);
  });
});
