import { describe, expect, it } from 'vitest';
import { MAX_IFNAME, ifName, isNetnsOfRun, netnsName, newRunId, parseRunId, runDirOf, vxlanPortName } from '../../../src/lab/names.js';

describe('run ids and names', () => {
  it('makes 6-character ids, a letter first, from the random bytes', () => {
    expect(newRunId(() => Uint8Array.from([0, 1, 2, 35, 36, 255]))).toBe('abc9ad');
    for (let i = 0; i < 200; i++) expect(newRunId()).toMatch(/^[a-z][a-z0-9]{5}$/);
  });

  it('rejects run ids that could escape the temp dir or collide with other names', () => {
    for (const bad of ['', '../etc', 'ABCDEF', '1abcde', 'abcdefg', 'abc de']) expect(() => parseRunId(bad)).toThrow(/run id/);
    expect(parseRunId('k3x9ab')).toBe('k3x9ab');
  });

  it('puts the run id in the run dir and in every netns name', () => {
    expect(runDirOf('k3x9ab', '/tmp')).toBe('/tmp/evpnctl-lab-k3x9ab');
    expect(netnsName('k3x9ab', 'x2')).toBe('evl-k3x9ab-x2');
    expect(isNetnsOfRun('evl-k3x9ab-x2', 'k3x9ab')).toBe(true);
    expect(isNetnsOfRun('evl-k3x9ac-x2', 'k3x9ab')).toBe(false);
    expect(() => netnsName('k3x9ab', 'a-very-long-role')).toThrow(/netns role/);
  });

  it('enforces the 15-character interface name limit', () => {
    expect(ifName('a'.repeat(MAX_IFNAME))).toHaveLength(15);
    expect(() => ifName('a'.repeat(16))).toThrow(/interface name/);
    expect(() => ifName('a/b')).toThrow(/interface name/);
    expect(() => ifName('')).toThrow(/interface name/);
  });

  it("names vxlan ports as the recipe (vx<vni>-<vtep hex>) and refuses names over 15 chars", () => {
    expect(vxlanPortName(10, '192.168.100.1')).toBe('vx10-c0a86401');
    expect(() => vxlanPortName(16777215, '192.168.100.1')).toThrow(/interface name/);
  });
});
