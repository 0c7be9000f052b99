import { describe, expect, it } from 'vitest';
import { claimOps, currentToken, fenceCommand, fenceKey, fenceValue, lockName, parseFenceValue, parseHaGroup, restampOps, sameMember, tokensOf } from '../../../../src/core/ovn/ha-fence.js';

describe('HA fencing tokens', () => {
  it('names the lock and the key after the group and epoch', () => {
    expect(lockName('gw-a')).toBe('evpnctl_ha_gw_da');
    expect(lockName('gw_da')).toBe('evpnctl_ha_gw_uda');
    // RFC 7047 §3.1 <id>, which is all ovsdb-server takes as a lock name.
    for (const g of ['a', 'gw-a', 'gw_a', '9-_-x']) expect(lockName(g)).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
    expect(fenceKey('gw-a', 7)).toBe('evpnctl-fence.gw-a.7');
  });

  it('takes group names of letters, digits, _ and -', () => {
    expect(parseHaGroup('gw-1_a')).toBe('gw-1_a');
    expect(() => parseHaGroup('gw.1')).toThrow(/invalid HA group "gw.1": expected 1 to 64 letters, digits, '_' or '-'/);
    expect(() => parseHaGroup('')).toThrow(/invalid HA group/);
  });

  it('finds only well-formed tokens of its own group, the highest epoch being current', () => {
    const ids = {
      'evpnctl-fence.a.2': 'c2', 'evpnctl-fence.a.10': 'c10', 'evpnctl-fence.a-1.3': 'other-group',
      'evpnctl-fence.a.x': 'junk', 'evpnctl-fence.a.1.2': 'junk', foo: 'bar',
    };
    expect(tokensOf('a', ids).map((t) => t.epoch)).toEqual([2, 10]);
    expect(currentToken('a', ids)).toEqual({ group: 'a', epoch: 10, chassis: 'c10' });
    expect(currentToken('a-1', ids)).toEqual({ group: 'a-1', epoch: 3, chassis: 'other-group' });
    expect(currentToken('b', ids)).toBeNull();
  });

  it('fences an ovn-nbctl batch with a get of its key (quoted: the key holds dots)', () => {
    expect(fenceCommand({ group: 'a', epoch: 3, chassis: 'c' })).toEqual(['get', 'NB_Global', '.', 'external_ids:"evpnctl-fence.a.3"']);
  });

  it('claims epoch 1 by inserting NB_Global when there is none, asserting the lock first', () => {
    const { ops, token } = claimOps('a', 'c1', null);
    expect(token).toEqual({ group: 'a', epoch: 1, chassis: 'c1' });
    expect(ops[0]).toEqual({ op: 'assert', lock: 'evpnctl_ha_a' });
    expect(ops[1]).toMatchObject({ op: 'wait', table: 'NB_Global', until: '==', rows: [], timeout: 0 });
    expect(ops[2]).toEqual({ op: 'insert', table: 'NB_Global', row: { external_ids: ['map', [['evpnctl-fence.a.1', 'c1']]] } });
  });

  it('claims the next epoch, replacing the old tokens, only if external_ids are still what was read', () => {
    const ids = { 'evpnctl-fence.a.4': 'c0', z: '1', b: '2' };
    const { ops, token } = claimOps('a', 'c1', { uuid: 'u-1', externalIds: ids });
    expect(token.epoch).toBe(5);
    const where = [['_uuid', '==', ['uuid', 'u-1']]];
    expect(ops).toEqual([
      { op: 'assert', lock: 'evpnctl_ha_a' },
      { op: 'wait', table: 'NB_Global', where, columns: ['external_ids'], until: '==', timeout: 0,
        rows: [{ external_ids: ['map', [['b', '2'], ['evpnctl-fence.a.4', 'c0'], ['z', '1']]] }] },
      { op: 'mutate', table: 'NB_Global', where, mutations: [
        ['external_ids', 'delete', ['set', ['evpnctl-fence.a.4']]],
        ['external_ids', 'insert', ['map', [['evpnctl-fence.a.5', 'c1']]]],
      ] },
    ]);
  });

  it('writes the holder\'s BGP identity with the token, and reads it back', () => {
    const member = { routerId: '192.168.100.2', vteps: ['192.168.100.2', 'fd00::2'] };
    expect(fenceValue('gw1', member)).toBe('gw1 router-id=192.168.100.2 vtep=192.168.100.2,fd00::2');
    const { ops, token } = claimOps('a', 'gw1', null, member);
    expect(token).toEqual({ group: 'a', epoch: 1, chassis: 'gw1', member });
    expect(ops[2]).toEqual({ op: 'insert', table: 'NB_Global', row: { external_ids: ['map', [['evpnctl-fence.a.1', 'gw1 router-id=192.168.100.2 vtep=192.168.100.2,fd00::2']]] } });
    expect(currentToken('a', { 'evpnctl-fence.a.1': fenceValue('gw1', member) })).toEqual(token);
  });

  it('still reads a plain chassis value, and nothing half-formed', () => {
    expect(parseFenceValue('gw1')).toEqual({ chassis: 'gw1' });
    expect(parseFenceValue('gw1 router-id=10.0.0.1 vtep=fd00:0::2')).toEqual({ chassis: 'gw1', member: { routerId: '10.0.0.1', vteps: ['fd00::2'] } });
    for (const bad of ['', ' gw1', 'gw1 ', 'gw1 router-id=10.0.0.1', 'gw1 vtep=10.0.0.1 router-id=10.0.0.1', 'gw1 router-id=fd00::1 vtep=10.0.0.1',
      'gw1 router-id=10.0.0.1 vtep=10.0.0.300', 'gw1 router-id=10.0.0.1 vtep=', 'gw1 router-id=10.0.0.1 vtep=10.0.0.1 x=1',
      'gw1 router-id=10.0.0.1 vtep=10.0.0.1,10.0.0.2,10.0.0.3', 'gw\u00e91']) {
      expect(parseFenceValue(bad), bad).toBeNull();
    }
  });

  it('ignores a token with a malformed value, yet a claim still goes above its epoch and replaces it', () => {
    const ids = { 'evpnctl-fence.a.3': 'c3', 'evpnctl-fence.a.4': 'c4 junk' };
    expect(currentToken('a', ids)).toEqual({ group: 'a', epoch: 3, chassis: 'c3' });
    const { ops, token } = claimOps('a', 'c1', { uuid: 'u-1', externalIds: ids });
    expect(token.epoch).toBe(5);
    expect(ops[2]).toMatchObject({ mutations: [['external_ids', 'delete', ['set', ['evpnctl-fence.a.3', 'evpnctl-fence.a.4']]], expect.anything()] });
  });

  it('rewrites the value of a held token in place (same key: the fence holds), asserting the lock', () => {
    const member = { routerId: '10.0.0.1', vteps: ['10.0.0.1'] };
    expect(restampOps({ group: 'a', epoch: 4, chassis: 'gw1' }, member)).toEqual([
      { op: 'assert', lock: 'evpnctl_ha_a' },
      { op: 'mutate', table: 'NB_Global', where: [], mutations: [
        ['external_ids', 'delete', ['set', ['evpnctl-fence.a.4']]],
        ['external_ids', 'insert', ['map', [['evpnctl-fence.a.4', 'gw1 router-id=10.0.0.1 vtep=10.0.0.1']]]],
      ] },
    ]);
    expect(sameMember(member, { routerId: '10.0.0.1', vteps: ['10.0.0.1'] })).toBe(true);
    expect(sameMember(member, { routerId: '10.0.0.1', vteps: ['10.0.0.2'] })).toBe(false);
    expect(sameMember(undefined, member)).toBe(false);
    expect(sameMember(undefined, undefined)).toBe(true);
  });
});
