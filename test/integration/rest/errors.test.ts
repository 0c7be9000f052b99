// Acceptance: bad REST requests get the documented status and a JSON body {"error", "status"} naming
// what was wrong; the daemon keeps running and the state file is unchanged. Auth is on (token file).
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDaemon, requireBuild } from '../../support/evpnctl.js';
import { curl, freePort, type CurlReply } from '../../support/http.js';

const TOKEN = 'f3b1c0ffee5eed0ddba11cafe0123456';
const AUTH = ['-H', `Authorization: Bearer ${TOKEN}`];

/** Sends raw bytes to the REST port and returns what came back. */
function rawHttp(host: string, port: number, payload: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const c = connect(port, host);
    let out = '';
    c.on('connect', () => c.write(payload));
    c.on('data', (d) => (out += d.toString()));
    c.on('error', reject);
    c.on('close', () => resolve(out));
  });
}

describe('REST API: bad requests', () => {
  let port = 0;
  let d: TestDaemon;
  let base = '';
  let hash = '';
  const stateHash = () => createHash('sha256').update(readFileSync(join(d.stateDir, 'state.json'))).digest('hex');
  const call = (method: string, path: string, extra: string[] = []): Promise<CurlReply> => curl(['-X', method, ...AUTH, ...extra, `${base}${path}`]);

  beforeAll(async () => {
    requireBuild();
    port = await freePort();
    d = new TestDaemon();
    d.extraArgs.push('--rest-listen', `${d.ip}:${port}`);
    base = `http://${d.ip}:${port}`;
    writeFileSync(join(d.dir, 'token'), `${TOKEN}\n`, { mode: 0o600 });
    d.extraArgs.push('--rest-token-file', join(d.dir, 'token'));
    await d.start();
    for (const [path, body] of [
      ['/vtep/speakers', '{"dpid": 1, "as_number": 65000, "router_id": "172.17.0.1"}'],
      ['/vtep/neighbors', '{"address": "172.17.0.2", "remote_as": 65000}'],
      ['/vtep/networks', '{"vni": 10, "logical_switch": "ls10"}'],
      ['/vtep/networks/10/clients', '{"port": "s1-eth1", "mac": "aa:bb:cc:00:00:11", "ip": "10.0.0.11"}'],
    ] as const) {
      const r = await call('POST', path, ['-d', body]);
      expect(r.status, r.text).toBe(200);
    }
    hash = stateHash();
  });
  afterAll(() => d?.dispose());

  const big = Buffer.alloc(2 * 1024 * 1024, 'a');
  // name, method, path, curl options, status, message
  const cases: [string, string, string, string[], number, RegExp][] = [
    ['bad JSON', 'POST', '/vtep/networks', ['-d', '{"vni": 10,'], 400, /^invalid JSON in the request body: /],
    ['a JSON array', 'POST', '/vtep/networks', ['-d', '[{"vni": 11}]'], 400, /^invalid request body: expected a JSON object, got an array$/],
    ['a form body', 'POST', '/vtep/neighbors', ['-d', 'address=172.17.0.3&remote_as=65000'], 400, /^invalid JSON in the request body/],
    ['not UTF-8', 'POST', '/vtep/networks', ['--data-binary', '@-'], 400, /expected UTF-8 encoded JSON/],
    ['wrong type: address', 'POST', '/vtep/neighbors', ['-d', '{"address": 17, "remote_as": 65000}'], 400, /^invalid address 17: expected an IPv4 or IPv6 address/],
    ['wrong type: remote_as', 'POST', '/vtep/neighbors', ['-d', '{"address": "172.17.0.3", "remote_as": true}'], 400, /^invalid remote_as true: expected an integer from 1 to 4294967295$/],
    ['wrong type: as_number', 'POST', '/vtep/speakers', ['-d', '{"as_number": "lots", "router_id": "172.17.0.9"}'], 400, /^invalid as_number "lots"/],
    ['missing remote_as', 'POST', '/vtep/neighbors', ['-d', '{"address": "172.17.0.3"}'], 400, /^remote_as not specified$/],
    ['missing everything', 'POST', '/vtep/speakers', [], 400, /^as_number not specified$/],
    ['missing logical switch', 'POST', '/vtep/networks', ['-d', '{"vni": 11}'], 400, /^logical_switch not specified/],
    ['missing port', 'POST', '/vtep/networks/10/clients', ['-d', '{"mac": "aa:bb:cc:00:00:12"}'], 400, /^port not specified$/],
    ['unknown field', 'POST', '/vtep/networks', ['-d', '{"vni": 11, "logical_switch": "ls11", "colour": "red"}'], 400, /^unknown field "colour" in the network: expected some of vni, network_id, logical_switch/],
    ['VNI 16777216', 'POST', '/vtep/networks', ['-d', '{"vni": 16777216, "logical_switch": "ls11"}'], 400, /^invalid vni 16777216: expected an integer from 1 to 16777215$/],
    ['VNI 0 in the path', 'GET', '/vtep/networks/0', [], 400, /^invalid vni "0": expected an integer from 1 to 16777215$/],
    ['VNI of path and body differ', 'POST', '/vtep/networks/10/clients', ['-d', '{"vni": 11, "port": "p", "mac": "aa:bb:cc:00:00:12"}'], 400, /^invalid vni 11: expected the VNI of the path \(10\)/],
    ['bad MAC in the path', 'DELETE', '/vtep/networks/10/clients/aa:bb:cc', [], 400, /^invalid MAC address "aa:bb:cc"/],
    ['bad address in the path', 'GET', '/vtep/neighbors/not-an-ip', [], 400, /^invalid neighbor address "not-an-ip"/],
    ['bad percent-encoding', 'GET', '/vtep/neighbors/%zz', [], 400, /expected valid percent-encoding/],
    ['unknown path', 'GET', '/vtep/routes', [], 404, /^no such resource: \/vtep\/routes; expected one of \/vtep\/speakers/],
    ['the root', 'GET', '/', [], 404, /^no such resource: \//],
    ['too deep', 'DELETE', '/vtep/networks/10/clients/aa:bb:cc:00:00:11/x', [], 404, /^no such resource/],
    ['unknown VNI', 'GET', '/vtep/networks/99', [], 404, /^No such VNI: 99$/],
    ['unknown VNI for a client', 'POST', '/vtep/networks/99/clients', ['-d', '{"port": "p", "mac": "aa:bb:cc:00:00:12"}'], 404, /^No such VNI: 99$/],
    ['unknown neighbor', 'GET', '/vtep/neighbors/172.17.0.99', [], 404, /^No such neighbor: 172\.17\.0\.99$/],
    ['unknown neighbor delete', 'DELETE', '/vtep/speaker/neighbors/172.17.0.99', [], 404, /^No such neighbor: 172\.17\.0\.99$/],
    ['unknown client', 'DELETE', '/vtep/networks/10/clients/aa:bb:cc:dd:ee:99', [], 404, /^No such client: aa:bb:cc:dd:ee:99$/],
    ['duplicate speaker', 'POST', '/vtep/speakers', ['-d', '{"dpid": 1, "as_number": 65000, "router_id": "172.17.0.1"}'], 409, /a BGP speaker already exists/],
    ['duplicate neighbor', 'POST', '/vtep/neighbors', ['-d', '{"address": "172.17.0.2", "remote_as": 65000}'], 409, /neighbor 172\.17\.0\.2 already exists/],
    ['duplicate network', 'POST', '/vtep/networks', ['-d', '{"vni": 10, "logical_switch": "ls10"}'], 409, /network with VNI 10 already exists/],
    ['switch mapped twice', 'POST', '/vtep/networks', ['-d', '{"vni": "0x0b", "logical_switch": "ls10"}'], 409, /logical switch ls10 is already mapped to VNI 10/],
    ['duplicate client', 'POST', '/vtep/networks/10/clients', ['-d', '{"port": "s1-eth1", "mac": "aa:bb:cc:00:00:11", "ip": "10.0.0.11"}'], 409, /client aa:bb:cc:00:00:11 already exists in VNI 10/],
    ['a body over 1 MiB', 'POST', '/vtep/networks', ['--data-binary', '@-'], 413, /^request body too large: expected at most 1048576 bytes, got 2097152/],
    ['a chunked body over 1 MiB', 'POST', '/vtep/networks', ['-H', 'Transfer-Encoding: chunked', '--data-binary', '@-'], 413, /^request body too large: expected at most 1048576 bytes/],
  ];
  // Issue 14 (6): Object.prototype's names are unknown fields on every route that takes a body, and no
  // path parameter of that name is a valid address, VNI or MAC.
  for (const name of ['__proto__', 'constructor', 'prototype']) {
    const evil = `"${name}": {"as_number": 1, "x": 1}`;
    cases.push(
      [`${name} in a speaker`, 'POST', '/vtep/speakers', ['-d', `{"as_number": 65001, "router_id": "172.17.0.5", ${evil}}`], 400, new RegExp(`^unknown field "${name}" in the speaker`)],
      [`${name} in a neighbor`, 'POST', '/vtep/neighbors', ['-d', `{"address": "172.17.0.3", "remote_as": 65000, ${evil}}`], 400, new RegExp(`^unknown field "${name}" in the neighbor`)],
      [`${name} in a network`, 'POST', '/vtep/networks', ['-d', `{"vni": 11, "logical_switch": "ls11", ${evil}}`], 400, new RegExp(`^unknown field "${name}" in the network`)],
      [`${name} in a client`, 'POST', '/vtep/networks/10/clients', ['-d', `{"port": "p", "mac": "aa:bb:cc:00:00:12", ${evil}}`], 400, new RegExp(`^unknown field "${name}" in the client`)],
      [`${name} as a neighbor`, 'GET', `/vtep/neighbors/${name}`, [], 400, /^invalid neighbor address/],
      [`${name} as a neighbor to delete`, 'DELETE', `/vtep/speaker/neighbors/${name}`, [], 400, /^invalid neighbor address/],
      [`${name} as a VNI`, 'DELETE', `/vtep/networks/${name}`, [], 400, /^invalid vni/],
      [`${name} as a MAC`, 'DELETE', `/vtep/networks/10/clients/${name}`, [], 400, /^invalid MAC address/],
    );
  }
  // Issue 14 (7): addresses that can never be a BGP peer, and our own router id (the daemon would dial itself).
  for (const [address, rule] of [
    ['0.0.0.0', /0\.0\.0\.0\/8/], ['255.255.255.255', /limited broadcast/], ['224.0.0.5', /multicast address of 224\.0\.0\.0\/4/],
    ['::', /unspecified address ::/], ['ff02::5', /multicast address of ff00::\/8/], ['172.17.0.1', /not this speaker's own router id 172\.17\.0\.1/],
  ] as const) {
    cases.push([`neighbor ${address}`, 'POST', '/vtep/neighbors', ['-d', `{"address": "${address}", "remote_as": 65000}`], 400, new RegExp(`^invalid address "${address}": expected .*${rule.source}`)]);
  }
  const inputs: Record<string, Buffer> = {
    'not UTF-8': Buffer.from([0x7b, 0x22, 0x76, 0xff, 0xfe, 0x22, 0x7d]),
    'a body over 1 MiB': big,
    'a chunked body over 1 MiB': big,
  };

  it.each(cases)('%s -> %i', async (name, method, path, extra, status, msg) => {
    const r = await curl(['-X', method, ...AUTH, ...extra, `${base}${path}`], inputs[name]);
    expect(r.status, r.text).toBe(status);
    expect(r.headers['content-type']).toBe('application/json');
    expect(r.json).toEqual({ error: expect.stringMatching(msg), status });
    expect(r.text).not.toMatch(/\n\s+at /); // never a stack trace
    expect(d.alive).toBe(true);
    expect(stateHash()).toBe(hash);
  });

  it.each([
    ['PUT', '/vtep/networks', 'GET, POST'],
    ['PATCH', '/vtep/speakers', 'DELETE, GET, POST'],
    ['GET', '/vtep/networks/10/clients', 'POST'],
    ['POST', '/vtep/neighbors/172.17.0.2', 'DELETE, GET'],
    ['GET', '/vtep/speaker/neighbors/172.17.0.2', 'DELETE'],
  ])('%s %s -> 405 with Allow: %s', async (method, path, allow) => {
    const r = await call(method, path);
    expect(r.status).toBe(405);
    expect(r.headers.allow).toBe(allow);
    expect(r.json).toEqual({ error: `method ${method} not allowed on ${path}: expected ${allow}`, status: 405 });
    expect(stateHash()).toBe(hash);
  });

  it.each([
    ['no token', []],
    ['a wrong token', ['-H', 'Authorization: Bearer wrong-token-wrong-token']],
    ['basic auth', ['-u', `admin:${TOKEN}`]],
    ['the token as a query parameter', []],
  ])('refuses %s with 401, before reading or routing anything', async (name, opts) => {
    const query = name.includes('query') ? `?token=${TOKEN}` : '';
    for (const [method, path] of [['DELETE', '/vtep/speakers'], ['POST', '/vtep/networks'], ['GET', '/nowhere']] as const) {
      const r = await curl(['-X', method, ...opts, '-d', '{"vni": 12, "logical_switch": "ls12"}', `${base}${path}${query}`]);
      expect(r.status).toBe(401);
      expect(r.headers['www-authenticate']).toBe('Bearer realm="evpnctl"');
      expect(r.json).toEqual({ error: expect.stringMatching(/^unauthorized: expected an "Authorization: Bearer <token>" header/), status: 401 });
    }
    expect(stateHash()).toBe(hash);
  });

  it('answers malformed HTTP with a JSON 400 and keeps serving', async () => {
    const reply = await rawHttp(d.ip, port, 'THIS IS NOT HTTP\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toMatchObject({ status: 400, error: expect.stringMatching(/^malformed HTTP request/) });
    expect((await call('GET', '/vtep/speakers')).status).toBe(200);
  });

  it('survived all of it: the daemon answers on both interfaces and the state is unchanged', async () => {
    expect(d.alive).toBe(true);
    expect((await d.cli('status')).exitCode).toBeOneOf([0, 6]); // it answers (6: unhealthy, e.g. the test's databases are unreachable)
    const r = await call('GET', '/vtep/networks/10');
    expect(r.status).toBe(200);
    expect(Object.keys((r.json as Record<string, { EvpnNetwork: { clients: object } }>)['10']?.EvpnNetwork.clients ?? {})).toEqual(['aa:bb:cc:00:00:11']);
    expect(stateHash()).toBe(hash);
  });
});
