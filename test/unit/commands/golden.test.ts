// Golden files for every table and detail view (bgpctl's `.ok` files): the default view fits 80 columns
// and leaves out blank columns, --wide shows everything. Regenerate with UPDATE_GOLDEN=1 after a
// deliberate change and review the diff.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Output } from '../../../src/commands/output.js';
import * as render from '../../../src/commands/render.js';
import type { ClientView, MacView, NeighborView, NetworkView, RouteView, StatusView } from '../../../src/core/model/views.js';

const DIR = join(import.meta.dirname, 'golden');
const io = { stdout: () => undefined, stderr: () => undefined, env: {}, isTTY: false };
const out = new Output(io, false, false);
const wide = new Output(io, false, false, true);

function golden(name: string, text: string): void {
  const file = join(DIR, `${name}.txt`);
  const body = `${text}\n`;
  if (process.env.UPDATE_GOLDEN === '1') writeFileSync(file, body);
  expect(existsSync(file), `${file} is missing: UPDATE_GOLDEN=1 writes it`).toBe(true);
  expect(body, `${file} (UPDATE_GOLDEN=1 rewrites it)`).toBe(readFileSync(file, 'utf8'));
}

const fits80 = (text: string) => expect(text.split('\n').filter((l) => l.length > 80), 'lines over 80 columns').toEqual([]);

export const route = (o: Partial<RouteView>): RouteView => ({
  type: 2, rd: '192.168.100.1:2', esi: null, etag: 0, mac: '02:ac:10:ff:00:11', ip: null, vni: 10, label: 10, nextHop: '192.168.100.1',
  originatorIp: null, rts: ['65000:10'], seq: 0, sticky: false, best: true, used: true, stale: false, reflected: false, group: null, from: '192.168.100.1',
  prefix: null, ...o,
});

const ROUTES: RouteView[] = [
  route({}),
  route({ ip: '10.0.0.11' }),
  route({ rd: '192.168.100.2:1', mac: '02:ac:10:ff:00:22', nextHop: '192.168.100.2', from: 'local' }),
  route({ rd: '192.168.100.3:2', mac: '02:ac:10:ff:00:33', nextHop: '192.168.100.3', from: '192.168.100.3', seq: 3, used: false, best: true }),
  route({ rd: '192.168.100.4:2', mac: '02:ac:10:ff:00:33', nextHop: '192.168.100.4', from: '192.168.100.4', seq: 4, sticky: true, stale: true }),
  route({ type: 3, mac: null, originatorIp: '192.168.100.1' }),
  route({ type: 3, mac: null, rd: '192.168.100.2:1', originatorIp: '192.168.100.2', nextHop: '192.168.100.2', from: 'local' }),
  route({ type: 3, mac: null, rd: '192.168.100.2:1', originatorIp: '192.168.100.2', nextHop: '192.168.100.2', vni: null, best: false, used: false, reflected: true }),
  route({ rd: '192.168.100.5:2', mac: '02:ac:10:ff:00:22', nextHop: '192.168.100.5', vni: null, best: false, used: false, seq: 1, group: 'gw2' }),
];

const ESI_ROUTES: RouteView[] = [
  route({ type: 1, mac: null, esi: '00:11:22:33:44:55:66:77:88:99', etag: 4294967295, used: false }),
  route({ type: 4, mac: null, esi: '00:11:22:33:44:55:66:77:88:99', originatorIp: '192.168.100.1', used: false, vni: null }),
  route({ type: 5, mac: null, prefix: '10.1.0.0/16', ip: null, used: false, vni: null }),
];

const ZERO = { received: 0, accepted: 0, advertised: 0 };

const neighbor = (o: Partial<NeighborView>): NeighborView => ({
  address: '192.168.100.1', remoteAs: 65000, localAddress: null, port: 179, passive: false, holdTime: 90, ebgpMultihop: null, type: 'ibgp',
  state: 'established', uptime: 3725, prefixes: { received: 3, accepted: 3, advertised: 3 }, capabilities: ['mp-evpn', 'route-refresh', '4-octet-as'],
  negotiatedHoldTime: 90, lastError: null, lastErrorAge: null, messages: { sent: 12, received: 14 },
  lastAttemptError: null, downtime: null, peerRouterId: '192.168.100.1',
  connection: { localAddress: '192.168.100.2', localPort: 41234, remoteAddress: '192.168.100.1', remotePort: 179 },
  routeTypes: { 1: ZERO, 2: { received: 2, accepted: 2, advertised: 2 }, 3: { received: 1, accepted: 1, advertised: 1 }, 4: ZERO, 5: ZERO },
  history: [{ event: 'up', age: 3725, reason: null }], ...o,
});

const NEIGHBORS: NeighborView[] = [
  neighbor({}),
  neighbor({ address: '2001:db8:ffff::10', remoteAs: 4200000001, type: 'ebgp', state: 'active', uptime: null, prefixes: { received: 0, accepted: 0, advertised: 0 },
    negotiatedHoldTime: null, lastError: 'received Cease / Administrative Shutdown', lastErrorAge: 125, lastAttemptError: 'TCP connection failed: ECONNREFUSED',
    downtime: 125, peerRouterId: null, connection: null, routeTypes: { 1: ZERO, 2: ZERO, 3: ZERO, 4: ZERO, 5: ZERO },
    history: [{ event: 'down', age: 125, reason: 'received Cease / Administrative Shutdown' }, { event: 'up', age: 4000, reason: null }] }),
];

const network = (o: Partial<NetworkView>): NetworkView => ({
  vni: 10, logicalSwitch: 'neutron-7d29da33-5d12-4c04-95de-1672709ae946', networkId: '7d29da33-5d12-4c04-95de-1672709ae946', rd: '192.168.100.2:1',
  importRts: [], importMatch: ['*:10', '*:268435466'], exportRts: ['65000:10'], floodUnknown: true, localMacs: 1, remoteMacs: 2,
  remoteVteps: ['192.168.100.1', '192.168.100.3'], floodVteps: ['192.168.100.1'], switchStatus: 'ok', duplicateMacs: [], ...o,
});

const NETWORKS: NetworkView[] = [
  network({}),
  network({ vni: 20, logicalSwitch: 'ls0', networkId: null, rd: '65000:20', importRts: ['65001:20'], importMatch: ['65001:20'], exportRts: ['65000:20', '65000:1020'], floodUnknown: false, localMacs: 0, remoteMacs: 0, remoteVteps: [], floodVteps: [], switchStatus: 'waiting for logical switch', duplicateMacs: [{ mac: '02:ac:10:ff:00:11', location: '192.168.100.1' }] }),
];

const CLIENTS: ClientView[] = [
  { vni: 10, mac: '02:ac:10:ff:00:22', ip: '10.0.0.22', port: '8f93d2ba-527a-44ea-9b4f-3ce2c6067588', source: 'config', nextHop: null },
  { vni: 10, mac: '02:ac:10:ff:00:23', ip: null, port: 'vm2', source: 'ovn', nextHop: null },
  { vni: 10, mac: '02:ac:10:ff:00:11', ip: '10.0.0.11', port: null, source: 'remote', nextHop: '192.168.100.1' },
];

const MACS: MacView[] = [
  { vni: 10, mac: '02:ac:10:ff:00:11', ips: ['10.0.0.11'], where: 'remote', vtep: '192.168.100.1', localSeq: null, remoteSeq: 0, sticky: false, duplicate: false },
  { vni: 10, mac: '02:ac:10:ff:00:22', ips: ['10.0.0.22', 'fd00::22'], where: 'local', vtep: null, localSeq: 2, remoteSeq: 1, sticky: false, duplicate: false },
  { vni: 10, mac: '02:ac:10:ff:00:33', ips: [], where: 'remote', vtep: '192.168.100.3', localSeq: null, remoteSeq: 7, sticky: false, duplicate: true },
  { vni: 20, mac: '02:ac:10:ff:00:44', ips: [], where: 'local', vtep: null, localSeq: 0, remoteSeq: null, sticky: true, duplicate: false },
];

const STATUS: StatusView = {
  version: '0.1.0', protocolVersion: 1, pid: 4242, processes: { supervisor: 4242, sessionEngine: 4243, routeEngine: 4244 }, uptime: 93784, socket: '/run/evpnctl/evpnctl.sock', stateDir: '/var/lib/evpnctl',
  speaker: { asn: 65000, routerId: '192.168.100.2', vtepIp: '192.168.100.2', vtepIp4: '192.168.100.2', vtepIp6: null, listenAddress: null, listenPort: 179 },
  neighbors: { configured: 2, established: 1 }, networks: 2, clients: 1, routes: { local: 4, remote: 6 },
  bgp: { state: 'ok', lastError: null }, ovn: { state: 'degraded', lastError: 'ovs-vsctl: no bridge br-int', problems: ['ovs-vsctl: no bridge br-int', 'vxlan port v0a: could not open network device'] },
  ha: { role: 'none', group: null, chassis: 'gw1', holder: null, epoch: null, lastChange: null, takeovers: 0, lock: null },
};

describe('golden tables (default view fits 80 columns, blank columns left out)', () => {
  const tables: [string, (o: Output) => string][] = [
    ['routes', (o) => render.routes(o, ROUTES)],
    ['routes-esi', (o) => render.routes(o, ESI_ROUTES)],
    ['routes-empty', (o) => render.routes(o, [])],
    ['neighbors', (o) => render.neighbors(o, NEIGHBORS)],
    ['networks', (o) => render.networks(o, NETWORKS)],
    ['clients', (o) => render.clients(o, CLIENTS)],
    ['macs', (o) => render.macs(o, MACS)],
    ['macs-empty', (o) => render.macs(o, [])],
  ];
  for (const [name, draw] of tables) {
    it(name, () => {
      const text = draw(out);
      fits80(text);
      golden(name, text);
      golden(`${name}-wide`, draw(wide));
    });
  }
});

describe('golden detail views', () => {
  it('speaker, neighbor, network, status, route show', () => {
    golden('speaker', render.speaker(out, STATUS.speaker!));
    golden('neighbor', render.neighbor(out, NEIGHBORS[1]!));
    golden('network', render.network(out, NETWORKS[0]!));
    golden('status', render.status(out, STATUS));
    golden('route-show', render.routeDetails(out, ROUTES.slice(3, 5)));
  });
});

describe('table layout', () => {
  it('leaves ESI and ETag out when every route has none, and shows them with --wide', () => {
    const head = render.routes(out, ROUTES).split('\n')[0]!;
    expect(head).not.toMatch(/ESI|ETag/);
    expect(render.routes(wide, ROUTES).split('\n')[0]).toMatch(/RD\s+ESI\s+ETag\s+MAC/);
    expect(render.routes(out, ESI_ROUTES).split('\n')[0]).toMatch(/ESI/);
  });

  it('says which columns it left out to fit, and takes back narrower ones that fit', () => {
    const text = render.routes(out, ROUTES);
    expect(text).toMatch(/^\(--wide shows RD, RTs, From\)$/m);
    expect(text.split('\n')[0]).toMatch(/Next hop\s+Seq$/);
  });

  it('uses the terminal width when there is one', () => {
    const w = new Output({ ...io, isTTY: true, columns: 200 }, false, false);
    expect(render.routes(w, ROUTES).split('\n')[0]).toMatch(/Seq\s+From$/);
  });

  it('measures colored cells by what is printed', () => {
    const color = new Output(io, false, true);
    const lines = render.routes(color, ROUTES.slice(0, 2)).replace(/\x1b\[[0-9;]*m/g, '').split('\n'); // eslint-disable-line no-control-regex
    expect(lines[1]!.indexOf('02:ac')).toBe(lines[0]!.indexOf('MAC'));
  });

  it('renders 100k routes in linear time (cli-table3 took 67 s for 10k)', () => {
    const many: RouteView[] = [];
    for (let i = 0; i < 100_000; i++) many.push(route({ mac: `02:00:00:${((i >> 16) & 0xff).toString(16).padStart(2, '0')}:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`, ip: `10.${(i >> 16) & 0xff}.${(i >> 8) & 0xff}.${i & 0xff}` }));
    const t0 = performance.now();
    const text = render.routes(out, many);
    const ms = performance.now() - t0;
    expect(text.split('\n')).toHaveLength(100_000 + 5); // header, rows, "--wide shows", three legend lines
    expect(ms, `${Math.round(ms)} ms for 100k rows`).toBeLessThan(3000);
  });

  it('renders 10k clients in well under a second (cli-table3 took 12 s)', () => {
    const many: ClientView[] = [];
    for (let i = 0; i < 10_000; i++) many.push({ vni: 10 + (i % 100), mac: `02:00:00:00:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`, ip: `10.0.${(i >> 8) & 0xff}.${i & 0xff}`, port: null, source: 'remote', nextHop: '192.168.100.1' });
    const t0 = performance.now();
    const text = render.clients(out, many);
    const ms = performance.now() - t0;
    expect(text.split('\n')).toHaveLength(10_000 + 1);
    expect(ms, `${Math.round(ms)} ms for 10k rows`).toBeLessThan(1000);
  });
});
