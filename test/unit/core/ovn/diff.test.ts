import { describe, expect, it } from 'vitest';
import { chainArgs } from '../../../../src/core/ovn/chain.js';
import { DesiredModel } from '../../../../src/core/ovn/desired-model.js';
import { planChanges, type DiffInput } from '../../../../src/core/ovn/diff.js';
import { emptyState, type ManagedState } from '../../../../src/core/ovn/managed-state.js';
import { PortNames } from '../../../../src/core/ovn/port-names.js';

const A = '192.168.100.1';
const LS = '11111111-2222-3333-4444-555555555555';

function input(): DiffInput {
  const model = new DesiredModel();
  model.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], '192.168.100.2');
  model.apply({ type: 'vtep-added', vni: 10, vtep: A });
  model.apply({ type: 'mac-added', vni: 10, mac: '02:00:00:00:00:01', ips: ['10.0.0.1'], vtep: A, seq: 0, sticky: false });
  const state: ManagedState = emptyState();
  state.switches.uuidByName.set('ls0', LS);
  state.switches.nameByUuid.set(LS, 'ls0');
  return { model, state, names: new PortNames(), bridge: 'br-int' };
}

const text = (steps: Parameters<typeof chainArgs>[0]) => chainArgs(steps).join(' ');

describe('planChanges', () => {
  it('creates port, LSP, group and ACL from nothing', () => {
    const plan = planChanges(input(), 'all');
    expect(text(plan.vsctl)).toBe(
      '-- --may-exist add-port br-int v00000ac0a86401 '
      + '-- set Interface v00000ac0a86401 external_ids:"evpnctl-key"="10" external_ids:"evpnctl-managed"="true" external_ids:"evpnctl-vni"="10" external_ids:"evpnctl-vtep"="192.168.100.1" '
      + 'external_ids:"iface-id"="evpn-10-192.168.100.1" type=vxlan options={"dst_port"="4789", "key"="10", "local_ip"="192.168.100.2", "remote_ip"="192.168.100.1"} '
      + '-- set Port v00000ac0a86401 external_ids:"evpnctl-key"="10" external_ids:"evpnctl-managed"="true" external_ids:"evpnctl-vni"="10" external_ids:"evpnctl-vtep"="192.168.100.1"');
    expect(text(plan.nbctl)).toBe(
      `-- --may-exist lsp-add ${LS} evpn-10-192.168.100.1 `
      + '-- set Logical_Switch_Port evpn-10-192.168.100.1 external_ids:"evpnctl-key"="10" external_ids:"evpnctl-managed"="true" external_ids:"evpnctl-vni"="10" external_ids:"evpnctl-vtep"="192.168.100.1" type="" '
      + '-- clear Logical_Switch_Port evpn-10-192.168.100.1 addresses '
      + '-- add Logical_Switch_Port evpn-10-192.168.100.1 addresses "02:00:00:00:00:01 10.0.0.1" "unknown" '
      + '-- --id=@acl10 create ACL direction=to-lport priority=32000 match="inport == @evpn_vni_10 && outport == @evpn_vni_10 && flags.loopback == 0" action=drop external_ids:"evpnctl-managed"="true" external_ids:"evpnctl-vni"="10" '
      + '-- create Port_Group name="evpn_vni_10" acls=@acl10 external_ids:"evpnctl-managed"="true" external_ids:"evpnctl-vni"="10" '
      + '-- pg-set-ports evpn_vni_10 evpn-10-192.168.100.1');
    expect(plan.missingSwitches.size).toBe(0);
  });

  it('plans nothing once committed, and only the address delta for a MAC change', () => {
    const inp = input();
    planChanges(inp, 'all').commit();
    expect(planChanges(inp, 'all')).toMatchObject({ vsctl: [], nbctl: [] });
    inp.model.takeDirty();
    inp.model.apply({ type: 'mac-added', vni: 10, mac: '02:00:00:00:00:01', ips: ['10.0.0.9'], vtep: A, seq: 1, sticky: false });
    const plan = planChanges(inp, inp.model.takeDirty());
    expect(plan.vsctl).toEqual([]);
    expect(text(plan.nbctl)).toBe('-- remove Logical_Switch_Port evpn-10-192.168.100.1 addresses "02:00:00:00:00:01 10.0.0.1" '
      + '-- add Logical_Switch_Port evpn-10-192.168.100.1 addresses "02:00:00:00:00:01 10.0.0.9"');
  });

  it('deletes orphans, duplicates and strays, and fixes a port on the wrong bridge', () => {
    const inp = input();
    planChanges(inp, 'all').commit();
    const s = inp.state;
    const port = s.ports.get(`10|${A}`)?.[0];
    if (port === undefined) throw new Error('expected the committed port');
    s.ports.set(`10|${A}`, [{ ...port, bridge: 'br-other' }, { ...port, name: 'vold' }]);
    s.lsps.set('10|10.9.9.9', [{ name: 'evpn-10-10.9.9.9', switchUuid: LS, type: '', addresses: new Set(), ids: {} }]);
    s.strayPgs.push({ uuid: 'aaaaaaaa-0000-0000-0000-000000000000', name: 'evpn_vni_x', ports: new Set(), acls: [], ids: {} });
    const plan = planChanges(inp, 'all');
    expect(text(plan.vsctl)).toMatch(/^-- --if-exists del-port vold -- --if-exists del-port v00000ac0a86401 -- --may-exist add-port br-int v00000ac0a86401/);
    expect(text(plan.nbctl)).toBe('-- --if-exists lsp-del evpn-10-10.9.9.9 -- --if-exists destroy Port_Group aaaaaaaa-0000-0000-0000-000000000000');
  });

  it('replaces a wrong ACL and resets foreign group members', () => {
    const inp = input();
    planChanges(inp, 'all').commit();
    const pg = inp.state.pgs.get(10)?.[0];
    if (pg === undefined) throw new Error('expected the committed group');
    inp.state.pgs.set(10, [{ ...pg, uuid: 'u', ports: new Set(['evpn-10-192.168.100.1', 'uuid:f']), acls: [{ ...pg.acls[0]!, uuid: 'acl-old', priority: 1 }] }]);
    expect(text(planChanges(inp, 'all').nbctl)).toBe(
      '-- pg-set-ports evpn_vni_10 evpn-10-192.168.100.1 -- remove Port_Group evpn_vni_10 acls acl-old '
      + '-- --id=@acl10 create ACL direction=to-lport priority=32000 match="inport == @evpn_vni_10 && outport == @evpn_vni_10 && flags.loopback == 0" action=drop external_ids:"evpnctl-managed"="true" external_ids:"evpnctl-vni"="10" '
      + '-- add Port_Group evpn_vni_10 acls @acl10');
  });

  it('recreates an LSP found on another switch and re-adds it to the group (a new row)', () => {
    const inp = input();
    planChanges(inp, 'all').commit();
    const lsp = inp.state.lsps.get(`10|${A}`)?.[0];
    if (lsp === undefined) throw new Error('expected the committed LSP');
    inp.state.lsps.set(`10|${A}`, [{ ...lsp, switchUuid: 'other-switch' }]);
    const nb = text(planChanges(inp, 'all').nbctl);
    expect(nb).toMatch(new RegExp(`^-- --if-exists lsp-del evpn-10-192.168.100.1 -- --may-exist lsp-add ${LS} evpn-10-192.168.100.1 `));
    expect(nb).toMatch(/-- pg-set-ports evpn_vni_10 evpn-10-192.168.100.1$/);
  });

  it('reports a missing switch, still creates the OVS port, and keeps the group empty', () => {
    const inp = input();
    inp.state.switches.uuidByName.clear();
    inp.state.switches.nameByUuid.clear();
    const plan = planChanges(inp, 'all');
    expect(plan.missingSwitches).toEqual(new Map([[10, 'ls0']]));
    expect(plan.vsctl).toHaveLength(1);
    expect(text(plan.nbctl)).not.toMatch(/lsp-add|pg-set-ports/);
  });

  it('removes everything when no network is left', () => {
    const inp = input();
    planChanges(inp, 'all').commit();
    inp.model.setNetworks([], null);
    const plan = planChanges(inp, 'all');
    expect(text(plan.vsctl)).toBe('-- --if-exists del-port v00000ac0a86401');
    expect(text(plan.nbctl)).toBe('-- --if-exists lsp-del evpn-10-192.168.100.1 -- --if-exists destroy Port_Group evpn_vni_10');
  });

  it('gives a label key its own port, LSP and ids, and adopts and completes objects made before keys existed', () => {
    const inp = input();
    inp.model.apply({ type: 'vtep-added', vni: 10, vtep: A, key: 20 });
    inp.model.apply({ type: 'mac-added', vni: 10, mac: '02:00:00:00:00:20', ips: [], vtep: A, key: 20, seq: 0, sticky: false });
    // What an older evpnctl left: the same port and LSP, without evpnctl-key.
    const oldIds = { 'evpnctl-managed': 'true', 'evpnctl-vni': '10', 'evpnctl-vtep': A };
    inp.state.ports.set(`10|${A}`, [{
      name: 'v00000ac0a86401', bridge: 'br-int', type: 'vxlan', options: { dst_port: '4789', key: '10', local_ip: '192.168.100.2', remote_ip: A },
      ifaceIds: { 'iface-id': `evpn-10-${A}`, ...oldIds }, portIds: oldIds,
    }]);
    inp.state.lsps.set(`10|${A}`, [{ name: `evpn-10-${A}`, switchUuid: LS, type: '', addresses: new Set(['02:00:00:00:00:01 10.0.0.1', 'unknown']), ids: oldIds }]);
    const plan = planChanges(inp, 'all');
    const vs = text(plan.vsctl);
    expect(vs).not.toMatch(/del-port/); // adopted, not replaced
    expect(vs).toMatch(/set Port v00000ac0a86401 external_ids:"evpnctl-key"="10"/);
    const k20 = /add-port br-int (k[0-9a-f]{14}) /.exec(vs)?.[1];
    expect(k20).toBeDefined();
    expect(vs).toContain(`options={"dst_port"="4789", "key"="20", "local_ip"="192.168.100.2", "remote_ip"="${A}"}`);
    expect(vs).toContain(`external_ids:"iface-id"="evpn-10-${A}-k20"`);
    const nb = text(plan.nbctl);
    expect(nb).not.toMatch(/lsp-del/);
    expect(nb).toContain(`-- set Logical_Switch_Port evpn-10-${A} external_ids:"evpnctl-key"="10"`);
    expect(nb).toContain(`-- --may-exist lsp-add ${LS} evpn-10-${A}-k20 -- set Logical_Switch_Port evpn-10-${A}-k20 external_ids:"evpnctl-key"="20"`);
    expect(nb).toContain(`-- pg-set-ports evpn_vni_10 evpn-10-${A} evpn-10-${A}-k20`);
    plan.commit();
    expect(planChanges(inp, 'all')).toMatchObject({ vsctl: [], nbctl: [] });
  });

  it('puts pairs outside the flood list in a no-flood group whose ACL drops multicast and broadcast to them', () => {
    const inp = input();
    inp.model.apply({ type: 'vtep-added', vni: 10, vtep: '192.168.100.5', flood: false });
    inp.model.apply({ type: 'mac-added', vni: 10, mac: '02:00:00:00:00:05', ips: ['10.0.0.5'], vtep: '192.168.100.5', seq: 0, sticky: false });
    const plan = planChanges(inp, 'all');
    const nb = text(plan.nbctl);
    expect(nb).toContain('-- add Logical_Switch_Port evpn-10-192.168.100.5 addresses "02:00:00:00:00:05 10.0.0.5" '); // no "unknown"
    expect(nb).toContain('-- --id=@aclnf10 create ACL direction=to-lport priority=32000 match="outport == @evpn_noflood_10 && eth.mcast" action=drop '
      + 'external_ids:"evpnctl-managed"="true" external_ids:"evpnctl-role"="no-flood" external_ids:"evpnctl-vni"="10" '
      + '-- create Port_Group name="evpn_noflood_10" acls=@aclnf10 external_ids:"evpnctl-managed"="true" external_ids:"evpnctl-role"="no-flood" external_ids:"evpnctl-vni"="10" '
      + '-- pg-set-ports evpn_noflood_10 evpn-10-192.168.100.5');
    expect(nb).toContain('-- pg-set-ports evpn_vni_10 evpn-10-192.168.100.1 evpn-10-192.168.100.5');
    plan.commit();
    expect(planChanges(inp, 'all')).toMatchObject({ vsctl: [], nbctl: [] });
    // Its type 3 arrives: it joins the flood list, gets unknown, and the no-flood group goes.
    inp.model.apply({ type: 'vtep-added', vni: 10, vtep: '192.168.100.5' });
    const next = text(planChanges(inp, inp.model.takeDirty()).nbctl);
    expect(next).toContain('-- add Logical_Switch_Port evpn-10-192.168.100.5 addresses "unknown"');
    expect(next).toContain('-- --if-exists destroy Port_Group evpn_noflood_10');
  });

  it('never mixes families: an IPv6 remote gets our IPv6 VTEP as local_ip, or no port when we have none', () => {
    const inp = input();
    inp.model.apply({ type: 'vtep-added', vni: 10, vtep: 'fd00::1' });
    inp.model.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], { ipv4: '192.168.100.2', ipv6: 'fd00::2' });
    let vs = text(planChanges(inp, 'all').vsctl);
    expect(vs).toContain('options={"dst_port"="4789", "key"="10", "local_ip"="192.168.100.2", "remote_ip"="192.168.100.1"}');
    expect(vs).toContain('options={"dst_port"="4789", "key"="10", "local_ip"="fd00::2", "remote_ip"="fd00::1"}');
    inp.model.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], '192.168.100.2');
    vs = text(planChanges(inp, 'all').vsctl);
    expect(vs).not.toContain('fd00::1');
    expect(vs).toContain('"local_ip"="192.168.100.2", "remote_ip"="192.168.100.1"');
  });
});
