import { describe, expect, it } from 'vitest';
import { DesiredModel } from '../../../../src/core/ovn/desired-model.js';
import { planChanges, type DiffInput } from '../../../../src/core/ovn/diff.js';
import { emptyState, type ManagedState } from '../../../../src/core/ovn/managed-state.js';
import { PortNames } from '../../../../src/core/ovn/port-names.js';
import type { TxStep } from '../../../../src/core/ovn/txn.js';
import { txText } from '../../../support/tx-text.js';

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

const text = (steps: readonly TxStep[], named: Record<string, string> = {}) => txText(steps, { [LS]: 'LS', ...named });
const PG = '0dd00000-0000-4000-8000-000000000003';
const OLD = '0dd00000-0000-4000-8000-000000000001';
const ORPHAN = '0dd00000-0000-4000-8000-000000000002';
const STRAY = 'aaaaaaaa-0000-0000-0000-000000000000';
const IDS10 = '["evpnctl-key","10"],["evpnctl-managed","true"],["evpnctl-vni","10"],["evpnctl-vtep","192.168.100.1"]';

describe('planChanges', () => {
  it('creates port, LSP, group and ACL from nothing', () => {
    const plan = planChanges(input(), 'all');
    expect(text(plan.ovs)).toBe([
      `insert Interface @1 row={"name":"v00000ac0a86401","type":"vxlan","options":["map",[["dst_port","4789"],["key","10"],["local_ip","192.168.100.2"],["remote_ip","192.168.100.1"]]],"external_ids":["map",[${IDS10},["iface-id","evpn-10-192.168.100.1"]]]}`,
      `insert Port @2 row={"name":"v00000ac0a86401","interfaces":@1,"external_ids":["map",[${IDS10}]]}`,
      'mutate Bridge where=[["name","==","br-int"]] mutations=[["ports","insert",["set",[@2]]]]',
    ].join('\n'));
    expect(text(plan.nb)).toBe([
      `insert Logical_Switch_Port @1 row={"name":"evpn-10-192.168.100.1","type":"","addresses":["set",["02:00:00:00:00:01 10.0.0.1","unknown"]],"external_ids":["map",[${IDS10}]],"options":["map",[]]}`,
      'insert ACL @2 row={"direction":"to-lport","priority":32000,"match":"inport == @evpn_vni_10 && outport == @evpn_vni_10 && flags.loopback == 0","action":"drop","external_ids":["map",[["evpnctl-managed","true"],["evpnctl-vni","10"]]]}',
      'insert Port_Group @3 row={"name":"evpn_vni_10","acls":@2,"ports":["set",[@1]],"external_ids":["map",[["evpnctl-managed","true"],["evpnctl-vni","10"]]]}',
      'mutate Logical_Switch where=[["_uuid","==",LS]] mutations=[["ports","insert",["set",[@1]]]]',
    ].join('\n'));
    expect(plan.missingSwitches.size).toBe(0);
  });

  it('plans nothing once committed, and only the address delta for a MAC change', () => {
    const inp = input();
    planChanges(inp, 'all').commit();
    expect(planChanges(inp, 'all')).toMatchObject({ ovs: [], nb: [] });
    inp.model.takeDirty();
    inp.model.apply({ type: 'mac-added', vni: 10, mac: '02:00:00:00:00:01', ips: ['10.0.0.9'], vtep: A, seq: 1, sticky: false });
    const plan = planChanges(inp, inp.model.takeDirty());
    expect(plan.ovs).toEqual([]);
    // By the LSP's uuid (a hash lookup in the server), never by name (a scan of every LSP).
    const lsp = inp.state.lsps.get(`10|${A}`)?.[0]?.uuid ?? '';
    expect(text(plan.nb, { [lsp]: 'LSP' })).toBe([
      'mutate Logical_Switch_Port where=[["_uuid","==",LSP]] mutations=[["addresses","delete",["set",["02:00:00:00:00:01 10.0.0.1"]]]]',
      'mutate Logical_Switch_Port where=[["_uuid","==",LSP]] mutations=[["addresses","insert",["set",["02:00:00:00:00:01 10.0.0.9"]]]]',
    ].join('\n'));
  });

  it('deletes orphans, duplicates and strays, and fixes a port on the wrong bridge', () => {
    const inp = input();
    planChanges(inp, 'all').commit();
    const s = inp.state;
    const port = s.ports.get(`10|${A}`)?.[0];
    if (port === undefined) throw new Error('expected the committed port');
    s.ports.set(`10|${A}`, [{ ...port, bridge: 'br-other' }, { ...port, name: 'vold', uuid: OLD }]);
    s.lsps.set('10|10.9.9.9', [{ uuid: ORPHAN, name: 'evpn-10-10.9.9.9', switchUuid: LS, type: '', addresses: new Set(), ids: {} }]);
    s.strayPgs.push({ uuid: STRAY, name: 'evpn_vni_x', ports: new Set(), acls: [], ids: {} });
    const plan = planChanges(inp, 'all');
    const ovs = text(plan.ovs, { [port.uuid]: 'P', [OLD]: 'OLD' }).split('\n');
    expect(ovs.slice(0, 2)).toEqual([expect.stringMatching(/^insert Interface @1 row=\{"name":"v00000ac0a86401"/), expect.stringMatching(/^insert Port @2 row=\{"name":"v00000ac0a86401","interfaces":@1/)]);
    // Deletes are dropped references (the rows go with them): the duplicate and the port on the wrong bridge, which is recreated.
    expect(ovs.slice(2)).toEqual([
      'mutate Bridge where=[["name","==","br-int"]] mutations=[["ports","delete",["set",[OLD]]]]',
      'mutate Bridge where=[["name","==","br-other"]] mutations=[["ports","delete",["set",[P]]]]',
      'mutate Bridge where=[["name","==","br-int"]] mutations=[["ports","insert",["set",[@2]]]]',
    ]);
    expect(text(plan.nb, { [ORPHAN]: 'ORPHAN', [STRAY]: 'STRAY' })).toBe(
      'delete Port_Group where=[["_uuid","==",STRAY]]\nmutate Logical_Switch where=[["_uuid","==",LS]] mutations=[["ports","delete",["set",[ORPHAN]]]]');
  });

  it('replaces a wrong ACL and resets foreign group members', () => {
    const inp = input();
    planChanges(inp, 'all').commit();
    const pg = inp.state.pgs.get(10)?.[0];
    if (pg === undefined) throw new Error('expected the committed group');
    inp.state.pgs.set(10, [{ ...pg, uuid: PG, ports: new Set(['evpn-10-192.168.100.1', `uuid:${OLD}`]), acls: [{ ...pg.acls[0]!, uuid: ORPHAN, priority: 1 }] }]);
    const lsp = inp.state.lsps.get(`10|${A}`)?.[0]?.uuid ?? '';
    expect(text(planChanges(inp, 'all').nb, { [PG]: 'PG', [lsp]: 'LSP', [ORPHAN]: 'OLDACL' })).toBe([
      'update Port_Group where=[["_uuid","==",PG]] row={"ports":["set",[LSP]]}',
      'mutate Port_Group where=[["_uuid","==",PG]] mutations=[["acls","delete",["set",[OLDACL]]]]',
      'insert ACL @1 row={"direction":"to-lport","priority":32000,"match":"inport == @evpn_vni_10 && outport == @evpn_vni_10 && flags.loopback == 0","action":"drop","external_ids":["map",[["evpnctl-managed","true"],["evpnctl-vni","10"]]]}',
      'mutate Port_Group where=[["_uuid","==",PG]] mutations=[["acls","insert",["set",[@1]]]]',
    ].join('\n'));
  });

  it('recreates an LSP found on another switch and re-adds it to the group (a new row)', () => {
    const inp = input();
    planChanges(inp, 'all').commit();
    const lsp = inp.state.lsps.get(`10|${A}`)?.[0];
    if (lsp === undefined) throw new Error('expected the committed LSP');
    inp.state.lsps.set(`10|${A}`, [{ ...lsp, switchUuid: OLD }]);
    const pg = inp.state.pgs.get(10)?.[0]?.uuid ?? '';
    const nb = text(planChanges(inp, 'all').nb, { [lsp.uuid]: 'OLDLSP', [OLD]: 'OTHER', [pg]: 'PG' }).split('\n');
    expect(nb[0]).toMatch(/^insert Logical_Switch_Port @1 row=\{"name":"evpn-10-192.168.100.1"/);
    expect(nb.slice(1)).toEqual([
      'update Port_Group where=[["_uuid","==",PG]] row={"ports":["set",[@1]]}',
      'mutate Logical_Switch where=[["_uuid","==",OTHER]] mutations=[["ports","delete",["set",[OLDLSP]]]]',
      'mutate Logical_Switch where=[["_uuid","==",LS]] mutations=[["ports","insert",["set",[@1]]]]',
    ]);
  });

  it('reports a missing switch, still creates the OVS port, and keeps the group empty', () => {
    const inp = input();
    inp.state.switches.uuidByName.clear();
    inp.state.switches.nameByUuid.clear();
    const plan = planChanges(inp, 'all');
    expect(plan.missingSwitches).toEqual(new Map([[10, 'ls0']]));
    expect(plan.ovs).toHaveLength(1);
    expect(text(plan.nb)).not.toMatch(/Logical_Switch_Port/);
    expect(text(plan.nb)).toMatch(/insert Port_Group @\d+ row=\{"name":"evpn_vni_10","acls":@\d+,"ports":\["set",\[\]\]/);
  });

  it('removes everything when no network is left', () => {
    const inp = input();
    planChanges(inp, 'all').commit();
    inp.model.setNetworks([], null);
    const plan = planChanges(inp, 'all');
    const port = inp.state.ports.get(`10|${A}`)?.[0]?.uuid ?? '';
    const lsp = inp.state.lsps.get(`10|${A}`)?.[0]?.uuid ?? '';
    const pg = inp.state.pgs.get(10)?.[0]?.uuid ?? '';
    expect(text(plan.ovs, { [port]: 'P' })).toBe('mutate Bridge where=[["name","==","br-int"]] mutations=[["ports","delete",["set",[P]]]]');
    expect(text(plan.nb, { [lsp]: 'LSP', [pg]: 'PG' })).toBe(
      'delete Port_Group where=[["_uuid","==",PG]]\nmutate Logical_Switch where=[["_uuid","==",LS]] mutations=[["ports","delete",["set",[LSP]]]]');
  });

  it('gives a label key its own port, LSP and ids, and adopts and completes objects made before keys existed', () => {
    const inp = input();
    inp.model.apply({ type: 'vtep-added', vni: 10, vtep: A, key: 20 });
    inp.model.apply({ type: 'mac-added', vni: 10, mac: '02:00:00:00:00:20', ips: [], vtep: A, key: 20, seq: 0, sticky: false });
    // What an older evpnctl left: the same port and LSP, without evpnctl-key.
    const oldIds = { 'evpnctl-managed': 'true', 'evpnctl-vni': '10', 'evpnctl-vtep': A };
    inp.state.ports.set(`10|${A}`, [{
      uuid: OLD, ifaceUuid: PG, name: 'v00000ac0a86401', bridge: 'br-int', type: 'vxlan', options: { dst_port: '4789', key: '10', local_ip: '192.168.100.2', remote_ip: A },
      ifaceIds: { 'iface-id': `evpn-10-${A}`, ...oldIds }, portIds: oldIds,
    }]);
    inp.state.lsps.set(`10|${A}`, [{ uuid: ORPHAN, name: `evpn-10-${A}`, switchUuid: LS, type: '', addresses: new Set(['02:00:00:00:00:01 10.0.0.1', 'unknown']), ids: oldIds }]);
    const plan = planChanges(inp, 'all');
    const vs = text(plan.ovs, { [OLD]: 'P', [PG]: 'I' });
    expect(vs).not.toMatch(/"ports","delete"/); // adopted, not replaced
    const setIds = (ids: string) => `["external_ids","delete",["set",[${ids}]]],["external_ids","insert",["map",`;
    expect(vs).toContain(`mutate Port where=[["_uuid","==",P]] mutations=[${setIds('"evpnctl-key","evpnctl-managed","evpnctl-vni","evpnctl-vtep"')}[${IDS10}]]]]`);
    expect(vs).toMatch(/insert Interface @\d+ row=\{"name":"k[0-9a-f]{14}","type":"vxlan"/);
    expect(vs).toContain(`"options":["map",[["dst_port","4789"],["key","20"],["local_ip","192.168.100.2"],["remote_ip","${A}"]]]`);
    expect(vs).toContain(`["iface-id","evpn-10-${A}-k20"]`);
    const nb = text(plan.nb, { [ORPHAN]: 'LSP' });
    expect(nb).not.toMatch(/"delete",\["set",\[LSP/);
    expect(nb).toContain(`mutate Logical_Switch_Port where=[["_uuid","==",LSP]] mutations=[${setIds('"evpnctl-key","evpnctl-managed","evpnctl-vni","evpnctl-vtep"')}[${IDS10}]]]]`);
    expect(nb).toMatch(new RegExp(`insert Logical_Switch_Port (@\\d+) row=\\{"name":"evpn-10-${A}-k20".*"external_ids":\\["map",\\[\\["evpnctl-key","20"\\]`));
    expect(nb).toMatch(/insert Port_Group @\d+ row=\{"name":"evpn_vni_10","acls":@\d+,"ports":\["set",\[LSP,@\d+\]\]/);
    plan.commit();
    expect(planChanges(inp, 'all')).toMatchObject({ ovs: [], nb: [] });
  });

  it('puts pairs outside the flood list in a no-flood group whose ACL drops multicast and broadcast to them', () => {
    const inp = input();
    inp.model.apply({ type: 'vtep-added', vni: 10, vtep: '192.168.100.5', flood: false });
    inp.model.apply({ type: 'mac-added', vni: 10, mac: '02:00:00:00:00:05', ips: ['10.0.0.5'], vtep: '192.168.100.5', seq: 0, sticky: false });
    const plan = planChanges(inp, 'all');
    const nb = text(plan.nb).split('\n');
    // LSPs @1 (…100.1) and @2 (…100.5, no "unknown": it takes no BUM), then each group with its ACL.
    expect(nb[1]).toMatch(/^insert Logical_Switch_Port @2 row=\{"name":"evpn-10-192.168.100.5","type":"","addresses":\["set",\["02:00:00:00:00:05 10.0.0.5"\]\]/);
    expect(nb).toContain('insert Port_Group @4 row={"name":"evpn_vni_10","acls":@3,"ports":["set",[@1,@2]],"external_ids":["map",[["evpnctl-managed","true"],["evpnctl-vni","10"]]]}');
    expect(nb).toContain('insert ACL @5 row={"direction":"to-lport","priority":32000,"match":"outport == @evpn_noflood_10 && eth.mcast","action":"drop",'
      + '"external_ids":["map",[["evpnctl-managed","true"],["evpnctl-role","no-flood"],["evpnctl-vni","10"]]]}');
    expect(nb).toContain('insert Port_Group @6 row={"name":"evpn_noflood_10","acls":@5,"ports":["set",[@2]],'
      + '"external_ids":["map",[["evpnctl-managed","true"],["evpnctl-role","no-flood"],["evpnctl-vni","10"]]]}');
    plan.commit();
    expect(planChanges(inp, 'all')).toMatchObject({ ovs: [], nb: [] });
    // Its type 3 arrives: it joins the flood list, gets unknown, and the no-flood group goes.
    inp.model.apply({ type: 'vtep-added', vni: 10, vtep: '192.168.100.5' });
    const lsp5 = inp.state.lsps.get('10|192.168.100.5')?.[0]?.uuid ?? '';
    const nf = inp.state.pgs.get(10)?.[1]?.uuid ?? '';
    const next = text(planChanges(inp, inp.model.takeDirty()).nb, { [lsp5]: 'LSP5', [nf]: 'NF' });
    expect(next).toContain('mutate Logical_Switch_Port where=[["_uuid","==",LSP5]] mutations=[["addresses","insert",["set",["unknown"]]]]');
    expect(next).toContain('delete Port_Group where=[["_uuid","==",NF]]');
  });

  it('never mixes families: an IPv6 remote gets our IPv6 VTEP as local_ip, or no port when we have none', () => {
    const inp = input();
    inp.model.apply({ type: 'vtep-added', vni: 10, vtep: 'fd00::1' });
    inp.model.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], { ipv4: '192.168.100.2', ipv6: 'fd00::2' });
    let vs = text(planChanges(inp, 'all').ovs);
    expect(vs).toContain('"options":["map",[["dst_port","4789"],["key","10"],["local_ip","192.168.100.2"],["remote_ip","192.168.100.1"]]]');
    expect(vs).toContain('"options":["map",[["dst_port","4789"],["key","10"],["local_ip","fd00::2"],["remote_ip","fd00::1"]]]');
    inp.model.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], '192.168.100.2');
    vs = text(planChanges(inp, 'all').ovs);
    expect(vs).not.toContain('fd00::1');
    expect(vs).toContain('["local_ip","192.168.100.2"],["remote_ip","192.168.100.1"]');
  });
});
