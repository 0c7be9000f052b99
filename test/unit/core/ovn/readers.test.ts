// The JSON readers of vsctl.ts and nbctl.ts on output shaped exactly as ovs-vsctl 3.1 prints it for
// readPortsSteps() (one table per command) and as ovsdb-server 3.1 answers the selects of readNbOps().
import { describe, expect, it } from 'vitest';
import { chainArgs } from '../../../../src/core/ovn/chain.js';
import { parseNbRead, readNbOps } from '../../../../src/core/ovn/nbctl.js';
import { parsePortsRead, readPortsSteps } from '../../../../src/core/ovn/vsctl.js';

const u = (n: number) => ['uuid', `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`];
const id = (n: number) => u(n)[1];
const mark = ['map', [['evpnctl-managed', 'true'], ['evpnctl-vni', '10'], ['evpnctl-vtep', '192.168.100.1']]];
const line = (headings: string[], data: unknown[][]) => `${JSON.stringify({ data, headings })}\n`;

describe('readPortsSteps / parsePortsRead', () => {
  it('reads bridges, marked ports and interfaces, with find on the mark', () => {
    expect(chainArgs(readPortsSteps())).toEqual([
      '--', '--columns=_uuid,name,ports', 'list', 'Bridge',
      '--', '--columns=_uuid,name,interfaces,external_ids', 'find', 'Port', 'external_ids:"evpnctl-managed"="true"',
      '--', '--columns=_uuid,name,type,options,external_ids', 'find', 'Interface', 'external_ids:"evpnctl-managed"="true"',
    ]);
  });

  it('groups ports by pair and sets strays apart', () => {
    const out = line(['_uuid', 'name', 'ports'], [[u(1), 'br-int', ['set', [u(2), u(3)]]]])
      + line(['_uuid', 'name', 'interfaces', 'external_ids'], [[u(2), 'v00000ac0a86401', u(4), mark], [u(3), 'junk', u(5), ['map', [['evpnctl-managed', 'true']]]]])
      + line(['_uuid', 'name', 'type', 'options', 'external_ids'], [[u(4), 'v00000ac0a86401', 'vxlan', ['map', [['key', '10'], ['remote_ip', '192.168.100.1']]], ['map', [['iface-id', 'evpn-10-192.168.100.1']]]]]);
    const r = parsePortsRead(out);
    expect(r.byPair.get('10|192.168.100.1')).toEqual([{
      name: 'v00000ac0a86401', uuid: id(2), ifaceUuid: id(4), bridge: 'br-int', type: 'vxlan', options: { key: '10', remote_ip: '192.168.100.1' },
      ifaceIds: { 'iface-id': 'evpn-10-192.168.100.1' }, portIds: { 'evpnctl-managed': 'true', 'evpnctl-vni': '10', 'evpnctl-vtep': '192.168.100.1' },
    }]);
    expect(r.strays.map((p) => p.name)).toEqual(['junk']);
  });
});

describe('readNbOps / parseNbRead', () => {
  it('selects switch names and our marked rows only, filtered by the server', () => {
    expect(readNbOps().map((o) => [o.table, JSON.stringify(o.where)])).toEqual([
      ['Logical_Switch', '[]'],
      ...['Logical_Switch_Port', 'Port_Group', 'ACL'].map((t) => [t, '[["external_ids","includes",["map",[["evpnctl-managed","true"]]]]]']),
    ]);
  });

  it('reads switches, LSPs, groups and ACLs, resolving group members to names', () => {
    const r = parseNbRead(
      [{ _uuid: u(1), name: 'ls0', ports: ['set', [u(2), u(9)]] }, { _uuid: u(5), name: 'ls1' }],
      [{ _uuid: u(2), name: 'evpn-10-192.168.100.1', type: '', addresses: ['set', ['02:00:00:00:00:01 10.0.0.1', 'unknown']], external_ids: mark, options: ['map', []] }],
      [{ _uuid: u(3), name: 'evpn_vni_10', ports: ['set', [u(2), u(9)]], acls: ['set', [u(4), u(8)]], external_ids: ['map', [['evpnctl-managed', 'true'], ['evpnctl-vni', '10']]] }],
      [{ _uuid: u(4), direction: 'to-lport', priority: 32000, match: 'inport == @evpn_vni_10 && outport == @evpn_vni_10', action: 'drop', external_ids: ['map', [['evpnctl-managed', 'true']]] }],
    );
    expect(r.switches.uuidByName.get('ls1')).toBe(id(5));
    expect(r.lsps.get('10|192.168.100.1')?.[0]).toMatchObject({ uuid: id(2), switchUuid: id(1), addresses: new Set(['02:00:00:00:00:01 10.0.0.1', 'unknown']) });
    const pg = r.pgs.get(10)?.[0];
    expect(pg?.ports).toEqual(new Set(['evpn-10-192.168.100.1', `uuid:${id(9)}`]));
    expect(pg?.acls.map((a) => [a.uuid, a.priority])).toEqual([[id(4), 32000], [id(8), -1]]);
  });
});
