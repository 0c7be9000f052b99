// Acceptance: bad input gets the right exit code and a one-line message; the daemon keeps running and
// the state file is unchanged (issue: foundation).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestDaemon, evpnctl, requireBuild } from '../../support/evpnctl.js';

const NET = '7d29da33-5d12-4c04-95de-1672709ae946';

/** Sends raw bytes to the control socket and returns the parsed reply lines. */
function raw(socket: string, payload: string | Buffer): Promise<Record<string, unknown>[]> {
  return new Promise((resolve, reject) => {
    const c = connect(socket);
    let buf = '';
    c.on('connect', () => {
      c.write(payload);
      c.end();
    });
    c.on('data', (d) => (buf += d.toString()));
    c.on('error', reject);
    c.on('close', () => resolve(buf.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>)));
  });
}

describe('bad input', () => {
  const d = new TestDaemon();
  const stateHash = () => createHash('sha256').update(readFileSync(join(d.stateDir, 'state.json'))).digest('hex');
  let hash = '';

  beforeAll(async () => {
    requireBuild();
    await d.start();
    await d.cli('speaker', 'add', '--as', '65000', '--router-id', '192.168.10.20');
    await d.cli('network', 'add', '--vni', '10', '--network-id', NET);
    hash = stateHash();
  });
  afterAll(() => d.dispose());

  const cases: [string, string[], number, RegExp][] = [
    ['VNI 0', ['network', 'add', '--vni', '0', '--logical-switch', 'ls1'], 2, /--vni <N>.*'0' is invalid\. expected an integer from 1 to 16777215/],
    ['VNI 16777216', ['network', 'add', '--vni', '16777216', '--logical-switch', 'ls1'], 2, /'16777216' is invalid/],
    ['bad MAC', ['client', 'add', '--vni', '10', '--port', 'vm1', '--mac', '02:ac:10:ff:00'], 2, /--mac <MAC>.*expected a MAC address/],
    ['bad IP', ['client', 'add', '--vni', '10', '--port', 'vm1', '--mac', '02:ac:10:ff:00:01', '--ip', '10.0.0.300'], 2, /--ip <IP>.*expected an IPv4 or IPv6 address/],
    ['AS 0', ['neighbor', 'add', '192.168.10.10', '--remote-as', '0'], 2, /--remote-as <N>.*expected an integer from 1 to 4294967295/],
    ['bad router id', ['speaker', 'add', '--as', '65000', '--router-id', '2001:db8::1'], 2, /expected an IPv4 address/],
    ['bad RD', ['network', 'add', '--vni', '11', '--logical-switch', 'ls1', '--rd', 'foo'], 2, /expected ASN:number or IPv4:number/],
    ['bad RT', ['network', 'add', '--vni', '11', '--logical-switch', 'ls1', '--import-rt', '1.2.3.4:99999'], 2, /at most 65535/],
    ['bad UUID', ['network', 'add', '--vni', '11', '--network-id', 'abc'], 2, /expected a UUID/],
    ['both switch forms', ['network', 'add', '--vni', '11', '--network-id', NET, '--logical-switch', 'ls1'], 2, /cannot be used with/],
    ['neither switch form', ['network', 'add', '--vni', '11'], 2, /missing network id or logical switch/],
    ['missing required flag', ['neighbor', 'add', '192.168.10.11'], 2, /required option '--remote-as <N>' not specified/],
    ['unknown command', ['netwrok', 'list'], 2, /unknown command 'netwrok' \(did you mean network\?\)/],
    ['unknown flag', ['network', 'list', '--colour'], 2, /unknown option '--colour'/],
    ['hold time 2', ['neighbor', 'add', '192.168.10.11', '--remote-as', '65000', '--hold-time', '2'], 2, /0 or an integer from 3 to 65535/],
    ['duplicate network', ['network', 'add', '--vni', '10', '--network-id', NET], 5, /network with VNI 10 already exists/],
    ['duplicate speaker', ['speaker', 'add', '--as', '65001', '--router-id', '192.168.10.21'], 5, /a BGP speaker already exists/],
    ['switch mapped twice', ['network', 'add', '--vni', '12', '--network-id', NET], 5, /already mapped to VNI 10/],
    ['unknown VNI show', ['network', 'show', '99'], 4, /no such VNI: 99/],
    ['unknown VNI del', ['network', 'del', '99'], 4, /no such VNI: 99/],
    ['client in unknown VNI', ['client', 'add', '--vni', '99', '--port', 'vm1', '--mac', '02:ac:10:ff:00:01'], 4, /no such VNI: 99/],
    ['unknown neighbor', ['neighbor', 'show', '192.168.10.99'], 4, /no such neighbor: 192.168.10.99/],
    ['unknown client del', ['client', 'del', '--vni', '10', '--mac', '02:ac:10:ff:00:99'], 4, /no such client/],
    ['bad route type', ['route', 'list', '--type', '6'], 2, /expected an integer from 1 to 5/],
    ['bad completion shell', ['completion', 'fish'], 2, /Allowed choices are bash, zsh/],
    // Issue 14 (7): addresses that cannot be a BGP peer, refused before anything is sent, naming the rule.
    ['neighbor 0.0.0.0', ['neighbor', 'add', '0.0.0.0', '--remote-as', '65000'], 2, /ADDRESS.*expected a unicast IPv4 or IPv6 address, not an address of 0\.0\.0\.0\/8/],
    ['neighbor 255.255.255.255', ['neighbor', 'add', '255.255.255.255', '--remote-as', '65000'], 2, /ADDRESS.*not the limited broadcast address 255\.255\.255\.255/],
    ['neighbor 224.0.0.5', ['neighbor', 'add', '224.0.0.5', '--remote-as', '65000'], 2, /ADDRESS.*not a multicast address of 224\.0\.0\.0\/4/],
    ['neighbor ::', ['neighbor', 'add', '::', '--remote-as', '65000'], 2, /ADDRESS.*not the unspecified address ::/],
    ['neighbor ff02::5', ['neighbor', 'add', 'ff02::5', '--remote-as', '65000'], 2, /ADDRESS.*not a multicast address of ff00::\/8/],
    // Only the daemon knows its router id: it refuses it with the same exit code.
    ['neighbor = own router id', ['neighbor', 'add', '192.168.10.20', '--remote-as', '65000'], 2, /^evpnctl: invalid address "192\.168\.10\.20": expected an address of another BGP speaker, not this speaker's own router id 192\.168\.10\.20$/],
  ];

  it.each(cases)('%s', async (_name, args, code, msg) => {
    const r = await d.cli(...args);
    expect(r.exitCode, r.stderr).toBe(code);
    expect(r.stderr.trimEnd().split('\n'), 'one-line message').toHaveLength(1);
    expect(r.stderr).toMatch(msg);
    expect(r.stdout).toBe('');
    expect(d.alive).toBe(true);
    expect(stateHash()).toBe(hash);
  });

  it('reports an unreachable daemon with exit 3', async () => {
    const r = await evpnctl(['--socket', join(d.dir, 'nobody.sock'), 'status']);
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toMatch(/cannot reach the evpnctl daemon at .*nobody\.sock \(no socket there\)/);
  });

  const rawCases: [string, string | Buffer, string, RegExp][] = [
    ['garbage', 'this is not json\n', 'protocol', /expected one JSON object per line/],
    ['truncated JSON', '{"v":1,"id":3,"request":{"type":"sta', 'protocol', /truncated request/],
    ['oversize message', Buffer.alloc(1024 * 1024 + 10, 'a'), 'protocol', /request exceeds 1048576 bytes/],
    ['unknown request type', '{"v":1,"id":4,"request":{"type":"network.explode"}}\n', 'protocol', /unknown request type "network.explode"/],
    ['wrong protocol version', '{"v":2,"id":5,"request":{"type":"status"}}\n', 'protocol', /expected protocol version 1, got 2/],
    ['{cmd, args} message', '{"v":1,"id":6,"cmd":"network.del","args":[10]}\n', 'protocol', /unknown field "cmd" in the envelope: expected v, id and request/],
    ['bad field over the socket', '{"v":1,"id":7,"request":{"type":"network.del","vni":0}}\n', 'invalid', /invalid vni 0/],
    ['bad input over the socket', '{"v":1,"id":8,"request":{"type":"network.add","input":{"vni":11,"logicalSwitch":"a b"}}}\n', 'invalid', /invalid logicalSwitch/],
    // Issue 14 (6): prototype names are unknown fields at every level of a request.
    ...['__proto__', 'constructor', 'prototype'].flatMap((name): [string, string, string, RegExp][] => [
      [`${name} in the envelope`, `{"v":1,"id":9,"request":{"type":"status"},"${name}":{"v":2}}\n`, 'protocol', new RegExp(`unknown field "${name}" in the envelope`)],
      [`${name} in a request`, `{"v":1,"id":9,"request":{"type":"network.del","vni":10,"${name}":{"ifExists":true}}}\n`, 'invalid', new RegExp(`unknown field "${name}" in the network.del request`)],
      [`${name} in a neighbor`, `{"v":1,"id":9,"request":{"type":"neighbor.add","input":{"address":"192.168.10.10","remoteAs":65000,"${name}":{"port":1}}}}\n`, 'invalid', new RegExp(`unknown field "${name}" in the neighbor`)],
      [`${name} in a network`, `{"v":1,"id":9,"request":{"type":"network.add","input":{"vni":11,"logicalSwitch":"ls11","${name}":{}}}}\n`, 'invalid', new RegExp(`unknown field "${name}" in the network`)],
    ]),
  ];

  it.each(rawCases)('raw socket: %s', async (_name, payload, code, msg) => {
    const replies = await raw(d.socket, payload);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ v: 1, kind: 'error', code });
    expect(String(replies[0]?.message)).toMatch(msg);
    expect(d.alive).toBe(true);
    expect((await d.cli('status')).exitCode).toBeOneOf([0, 6]); // it answers (6: unhealthy, e.g. the test's databases are unreachable)
    expect(stateHash()).toBe(hash);
  });

  it('answers several requests on one connection in order, listings ending with an end marker', async () => {
    const replies = await raw(d.socket, '{"v":1,"id":1,"request":{"type":"network.list"}}\n{"v":1,"id":2,"request":{"type":"speaker.show"}}\n');
    expect(replies.map((r) => [r.id, r.kind])).toEqual([[1, 'item'], [1, 'end'], [2, 'result']]);
    expect(replies[1]).toMatchObject({ count: 1, code: 'ok' });
  });
});
