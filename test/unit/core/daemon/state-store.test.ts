import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StateFileError, StateStore } from '../../../../src/core/daemon/state-store.js';
import type { DesiredState } from '../../../../src/core/model/config.js';

const sample: DesiredState = {
  speaker: { asn: 65000, routerId: '192.168.10.20', listenPort: 179 },
  neighbors: [{ address: '192.168.10.10', remoteAs: 65000, port: 179, passive: false, holdTime: 90 }],
  networks: [{ vni: 10, logicalSwitch: 'ls0', importRts: [], exportRts: ['65000:10'], floodUnknown: true, index: 1 }],
  clients: [{ vni: 10, mac: '02:ac:10:ff:00:22', port: 'vm1', ip: '10.0.0.22' }],
};

describe('StateStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evpnctl-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('starts empty and round-trips the desired state', () => {
    const store = StateStore.open(dir);
    expect(store.load()).toEqual({ neighbors: [], networks: [], clients: [] });
    store.save(sample);
    expect(StateStore.open(dir).load()).toEqual(sample);
    expect(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).version).toBe(1);
    expect(readdirSync(dir)).toEqual(['state.json']); // no temp files left behind
  });

  it.each([
    ['corrupt JSON', '{"version":1,"neighbors":[', /expected JSON, got a parse error/],
    ['unknown version', JSON.stringify({ version: 7, neighbors: [], networks: [], clients: [] }), /expected format version 1, got 7/],
    ['no version', JSON.stringify({ neighbors: [] }), /expected format version 1, got null/],
    ['schema violation', JSON.stringify({ version: 1, neighbors: [{ address: 'x' }], networks: [], clients: [] }), /neighbors\/0/],
  ])('refuses a %s file and leaves it untouched', (_name, content, msg) => {
    const path = join(dir, 'state.json');
    writeFileSync(path, content);
    expect(() => StateStore.open(dir)).toThrow(StateFileError);
    expect(() => StateStore.open(dir)).toThrow(msg);
    expect(readFileSync(path, 'utf8')).toBe(content);
  });

  it('creates the file only through save or defaults, never partially', () => {
    const store = StateStore.open(dir);
    expect(existsSync(join(dir, 'state.json'))).toBe(true);
    store.save({ ...sample, clients: [] });
    expect(StateStore.open(dir).load().clients).toEqual([]);
  });
});

// Issue 14 (6, 8): a state file edited by hand must not start a daemon with shadowed twins or prototype names.
describe('StateStore refuses at open', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evpnctl-state-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const write = (state: object) => writeFileSync(join(dir, 'state.json'), JSON.stringify({ version: 1, ...state }));
  const refused = (re: RegExp) => {
    const before = readFileSync(join(dir, 'state.json'), 'utf8');
    expect(() => StateStore.open(dir)).toThrow(StateFileError);
    expect(() => StateStore.open(dir)).toThrow(re);
    expect(readFileSync(join(dir, 'state.json'), 'utf8')).toBe(before);
  };

  it('duplicate neighbors, networks (by VNI or switch) and clients, naming the twin', () => {
    const n = sample.neighbors[0];
    const net = sample.networks[0];
    const c = sample.clients[0];
    write({ ...sample, neighbors: [n, { ...n, remoteAs: 65001 }] });
    refused(/expected each neighbor once, got 192\.168\.10\.10 twice/);
    write({ ...sample, networks: [net, { ...net, logicalSwitch: 'ls1', index: 2 }] });
    refused(/expected each network with VNI once, got 10 twice/);
    write({ ...sample, networks: [net, { ...net, vni: 11, index: 2 }] });
    refused(/expected each network on logical switch once, got ls0 twice/);
    write({ ...sample, clients: [c, { ...c, port: 'vm2' }] });
    refused(/expected each client once, got 02:ac:10:ff:00:22 in VNI 10 twice/);
  });

  it.each(['__proto__', 'constructor', 'prototype'])('%s as a key anywhere', (name) => {
    writeFileSync(join(dir, 'state.json'), `{"version":1,"neighbors":[{"address":"10.0.0.1","remoteAs":1,"port":179,"passive":false,"holdTime":90,"${name}":{"x":1}}],"networks":[],"clients":[]}`);
    refused(new RegExp(`expected plain field names, got "${name}" at neighbors\\[0\\]`));
  });
});
