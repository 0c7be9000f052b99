import { describe, expect, it } from 'vitest';
import { judgeMember, newRows, parseServerDatabase, RemoteRotation } from '../../../../src/core/ovn/leader-remote.js';
import { parseRemote, splitRemotes } from '../../../../src/core/ovn/ovsdb-rpc.js';

describe('leader following', () => {
  const db = (model: string, connected: boolean, leader: boolean) => parseServerDatabase({ name: 'OVN_Northbound', model, connected, leader, index: 3 });

  it('accepts a standalone server, and a clustered member only while connected and leader', () => {
    expect(judgeMember(db('standalone', false, false), true)).toEqual({ ok: true });
    expect(judgeMember(db('clustered', true, true), true)).toEqual({ ok: true });
    expect(judgeMember(db('clustered', true, false), true)).toEqual({ ok: false, why: 'the member is not the cluster leader' });
    expect(judgeMember(db('clustered', false, true), true)).toEqual({ ok: false, why: 'the member is not connected to its cluster' });
    expect(judgeMember(db('clustered', true, false), false)).toEqual({ ok: true });
    expect(judgeMember(undefined, true).ok).toBe(false);
  });

  it('refuses a Database row without name or model', () => {
    expect(() => parseServerDatabase({ name: 'x' })).toThrow(/expected a Database row with string name and model/);
  });

  it('rotates through every remote from a random start and says when all were tried', () => {
    const r = new RemoteRotation(['a', 'b', 'c'], () => 0.5);
    expect([r.next(), r.next()]).toEqual(['b', 'c']);
    expect(r.wrapped).toBe(false);
    expect(r.next()).toBe('a');
    expect(r.wrapped).toBe(true);
    r.reset();
    expect(r.wrapped).toBe(false);
    expect(r.next()).toBe('b');
  });

  it('reads new rows and deletions from a monitor table-update', () => {
    const rows = newRows({ u1: { new: { name: 'x' } }, u2: { old: { name: 'y' } } });
    expect([...rows]).toEqual([['u1', { name: 'x' }], ['u2', null]]);
    expect(newRows(null).size).toBe(0);
  });

  it('parses unix, tcp and ssl remotes and comma-separated lists, refusing anything else', () => {
    expect(parseRemote('unix:/run/nb.sock')).toEqual({ kind: 'unix', path: '/run/nb.sock' });
    expect(parseRemote('tcp:10.0.0.1:6641')).toEqual({ kind: 'tcp', host: '10.0.0.1', port: 6641 });
    expect(parseRemote('ssl:[fd00::1]:6641')).toEqual({ kind: 'ssl', host: 'fd00::1', port: 6641 });
    expect(splitRemotes('tcp:1.1.1.1:6641, tcp:1.1.1.2:6641')).toEqual(['tcp:1.1.1.1:6641', 'tcp:1.1.1.2:6641']);
    expect(() => parseRemote('ptcp:6641')).toThrow(/expected unix:PATH, tcp:IP:PORT or ssl:IP:PORT/);
    expect(() => parseRemote('tcp:1.1.1.1:70000')).toThrow(/expected/);
    expect(() => splitRemotes(' , ')).toThrow(/expected at least one remote/);
  });
});
