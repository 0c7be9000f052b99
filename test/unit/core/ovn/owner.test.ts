import { describe, expect, it } from 'vitest';
import { DesiredModel } from '../../../../src/core/ovn/desired-model.js';
import { planChanges, type DiffInput } from '../../../../src/core/ovn/diff.js';
import { txStep, type TxStep } from '../../../../src/core/ovn/txn.js';
import { txText } from '../../../support/tx-text.js';
import { OvnExec } from '../../../../src/core/ovn/exec.js';
import { emptyState, type LspState } from '../../../../src/core/ovn/managed-state.js';
import { noForeign, ownerIds, ownershipOf, separateForeign, type Owner } from '../../../../src/core/ovn/owner.js';
import { PortNames } from '../../../../src/core/ovn/port-names.js';
import { FakeRunner, ok } from '../../../support/fake-runner.js';

const A = '192.168.100.1';
const LS = '11111111-2222-3333-4444-555555555555';
const G1: Owner = { chassis: 'gw1', group: 'g' };
const SOLO: Owner = { chassis: 'gw1', group: null };

describe('ownership', () => {
  it('gives grouped objects to the group, ungrouped ones to their chassis, and ownerless ones to whoever adopts them', () => {
    expect(ownershipOf({ 'evpnctl-chassis': 'gw2', 'evpnctl-group': 'g' }, G1)).toBe('ours');
    expect(ownershipOf({ 'evpnctl-chassis': 'gw1', 'evpnctl-group': 'other' }, G1)).toBe('foreign');
    expect(ownershipOf({ 'evpnctl-chassis': 'gw1' }, G1)).toBe('ours');
    expect(ownershipOf({ 'evpnctl-chassis': 'gw2' }, SOLO)).toBe('foreign');
    expect(ownershipOf({ 'evpnctl-chassis': 'gw2', 'evpnctl-group': 'g' }, SOLO)).toBe('foreign');
    expect(ownershipOf({}, SOLO)).toBe('ownerless');
    expect(ownershipOf({ 'evpnctl-chassis': 'gw2' }, null)).toBe('ours');
    expect(ownerIds(G1)).toEqual({ 'evpnctl-chassis': 'gw1', 'evpnctl-group': 'g' });
    expect(ownerIds(SOLO)).toEqual({ 'evpnctl-chassis': 'gw1' });
  });

  it('takes foreign objects out of a read, strays included, and keeps their names', () => {
    const lsp = (name: string, ids: Record<string, string>): LspState => ({ uuid: `u-${name}`, name, switchUuid: LS, type: '', addresses: new Set(), ids });
    const s = emptyState();
    s.lsps.set(`10|${A}`, [lsp('evpn-10-192.168.100.1', { 'evpnctl-chassis': 'gw2' })]);
    s.lsps.set(`11|${A}`, [lsp('evpn-11-192.168.100.1', {})]);
    s.strayLsps = [lsp('junk', { 'evpnctl-chassis': 'gw2' }), lsp('junk2', { 'evpnctl-chassis': 'gw1' })];
    const { state, foreign } = separateForeign(s, SOLO);
    expect([...state.lsps.keys()]).toEqual([`11|${A}`]);
    expect(state.strayLsps.map((l) => l.name)).toEqual(['junk2']);
    expect([...foreign.lsps].sort()).toEqual(['evpn-10-192.168.100.1', 'junk']);
    expect(separateForeign(s, null).state).toBe(s);
  });
});

function input(owner: Owner | null): DiffInput {
  const model = new DesiredModel();
  model.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], '192.168.100.2');
  model.apply({ type: 'vtep-added', vni: 10, vtep: A });
  const state = emptyState();
  state.switches.uuidByName.set('ls0', LS);
  state.switches.nameByUuid.set(LS, 'ls0');
  return { model, state, names: new PortNames(), bridge: 'br-int', owner, foreign: noForeign() };
}
const text = (steps: readonly TxStep[]) => txText(steps, { [LS]: 'LS', [OLD]: 'LSP' });
const OLD = '0dd00000-0000-4000-8000-000000000001';

describe('planChanges with an owner', () => {
  it('stamps the owner on every object and, in a group, pins the EVPN LSP to our chassis', () => {
    const plan = planChanges(input(G1), 'all');
    const nb = text(plan.nb);
    expect(nb).toContain('["evpnctl-chassis","gw1"],["evpnctl-group","g"]');
    expect(nb).toContain('"options":["map",[["requested-chassis","gw1"]]]');
    expect(nb.match(/evpnctl-group/g)).toHaveLength(3); // LSP, ACL, Port_Group
    expect(text(plan.ovs).match(/evpnctl-chassis/g)).toHaveLength(2); // Interface and Port
  });

  it('without a group, stamps the chassis only and sets no requested-chassis', () => {
    const nb = text(planChanges(input(SOLO), 'all').nb);
    expect(nb).toContain('["evpnctl-chassis","gw1"]');
    expect(nb).not.toContain('evpnctl-group');
    expect(nb).not.toContain('requested-chassis');
  });

  it('moves an adopted LSP to us: new owner ids and requested-chassis; a stale requested-chassis goes when not grouped', () => {
    const inp = input(G1);
    inp.state.lsps.set(`10|${A}`, [{ uuid: OLD, name: 'evpn-10-192.168.100.1', switchUuid: LS, type: '', addresses: new Set(['unknown']),
      ids: { 'evpnctl-managed': 'true', 'evpnctl-vni': '10', 'evpnctl-vtep': A, 'evpnctl-key': '10', 'evpnctl-chassis': 'gw2', 'evpnctl-group': 'g' },
      options: { 'requested-chassis': 'gw2' } }]);
    expect(text(planChanges(inp, 'all').nb)).toContain('mutate Logical_Switch_Port where=[["_uuid","==",LSP]] mutations=[["external_ids","delete",["set",['
      + '"evpnctl-chassis","evpnctl-group","evpnctl-key","evpnctl-managed","evpnctl-vni","evpnctl-vtep"]]],["external_ids","insert",["map",[["evpnctl-chassis","gw1"],');
    const solo = input(SOLO);
    solo.state.lsps.set(`10|${A}`, [{ uuid: OLD, name: 'evpn-10-192.168.100.1', switchUuid: LS, type: '', addresses: new Set(['unknown']),
      ids: { 'evpnctl-managed': 'true', 'evpnctl-vni': '10', 'evpnctl-vtep': A, 'evpnctl-key': '10', 'evpnctl-chassis': 'gw1' },
      options: { 'requested-chassis': 'gw2' } }]);
    expect(text(planChanges(solo, 'all').nb)).toContain('mutate Logical_Switch_Port where=[["_uuid","==",LSP]] mutations=[["options","delete",["set",["requested-chassis"]]]]');
  });

  it('leaves names of other owners alone and reports the conflict', () => {
    const inp = input(SOLO);
    inp.foreign = { ports: new Set(), lsps: new Set(['evpn-10-192.168.100.1']), pgs: new Set(['evpn_vni_10']) };
    const plan = planChanges(inp, 'all');
    expect(plan.ovs).toEqual([]);
    expect(plan.nb).toEqual([]);
    expect(plan.conflicts).toEqual([
      'VNI 10 VTEP 192.168.100.1: LSP evpn-10-192.168.100.1 belongs to another chassis or HA group; not programmed',
      'VNI 10: Port_Group evpn_vni_10 belongs to another chassis or HA group; not programmed',
    ]);
  });
});

describe('OvnExec with an NB fence', () => {
  it('puts the fence first in every NB write transaction, never in reads or OVS writes, and spawns nothing when the fence refuses', async () => {
    const runner = new FakeRunner((_file, args) => ok(JSON.stringify(JSON.parse(args.at(-1) ?? '[]').slice(1).map(() => ({})))));
    let allowed = true;
    const fence = { op: 'wait', table: 'NB_Global', where: [], columns: [], until: '==', rows: [{}], timeout: 0 };
    const exec = new OvnExec({ runner, nbDb: 'unix:/nb', maxTxnBytes: 200, nbFence: () => {
      if (!allowed) throw new Error('standby: not writing');
      return { op: fence, expects: 'the token' };
    } });
    const insert = (name: string) => txStep([{ op: 'insert', table: 'Logical_Switch', row: { name } }]);
    await exec.transact('OVN_Northbound', [insert('a'.repeat(120)), insert('b'.repeat(120))]);
    expect(runner.calls).toHaveLength(2);
    for (const c of runner.calls) expect(JSON.parse(c.args.at(-1) ?? '')).toMatchObject(['OVN_Northbound', fence, { op: 'insert' }]);
    await exec.query('OVN_Northbound', [{ op: 'select', table: 'Logical_Switch', where: [] }]);
    expect(runner.calls[2]?.args.at(-1)).not.toContain('NB_Global');
    await exec.transact('Open_vSwitch', [txStep([{ op: 'insert', table: 'Bridge', row: { name: 'x' } }])]);
    expect(runner.calls[3]?.args.at(-1)).not.toContain('NB_Global');
    allowed = false;
    await expect(exec.transact('OVN_Northbound', [insert('c')])).rejects.toThrow(/standby: not writing/);
    expect(runner.calls).toHaveLength(4);
  });
});
