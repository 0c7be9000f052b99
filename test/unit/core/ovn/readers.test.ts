// The JSON readers of vsctl.ts and nbctl.ts on output shaped exactly as ovs-vsctl 3.1 / ovn-nbctl 23.03
// print it for readPortsSteps()/readNbSteps() (one table per command).
import { describe, expect, it } from 'vitest';
import { chainArgs } from '../../../../src/core/ovn/chain.js';
import { parseNbRead, readNbSteps } from '../../../../src/core/ovn/nbctl.js';
import { parsePortsRead, readPortsSteps } from '../../../../src/core/ovn/vsctl.js';

const u = (n: number) => ['uuid', `00000000-0000-0000-0000-${String(n).padStart(12, '0')}`];
const id = (n: number) => u(n)[1];
const mark = ['map', [['evpnctl-managed', 'true'], ['evpnctl-vni', '10'], ['evpnctl-vtep', '192.168.100.1']]];
const line = (headings: string[], data: unknown[][]) => `${JSON.stringify({ data, headings })}\n`;

describe('readPortsSteps / parsePortsRead', () => {
  it('reads bridges, marked ports and interfaces, with find on the mark', () => {
    expect(chainArgs(readPortsSteps())).toEqual([
      '--', '--columns=_uuid,name,ports', 'list', 'Bridge',
      '--', '--columns=_uuid,name,external_ids', 'find', 'Port', 'external_ids:"evpnctl-managed"="true"',
      '--', '--columns=name,type,options,external_ids', 'find', 'Interface', 'external_ids:"evpnctl-managed"="true"',
    ]);
  });

  it('groups ports by pair and sets strays apart', () => {
    const out = line(['_uuid', 'name', 'ports'], [[u(1), 'br-int', ['set', [u(2), u(3)]]]])
      + line(['_uuid', 'name', 'external_ids'], [[u(2), 'v00000ac0a86401', mark], [u(3), 'junk', ['map', [['evpnctl-managed', 'true']]]]])
      + line(['name', 'type', 'options', 'external_ids'], [['v00000ac0a86401', 'vxlan', ['map', [['key', '10'], ['remote_ip', '192.168.100.1']]], ['map', [['iface-id', 'evpn-10-192.168.100.1']]]]]);
    const r = parsePortsRead(out);
    expect(r.byPair.get('10|192.168.100.1')).toEqual([{
      name: 'v00000ac0a86401', bridge: 'br-int', type: 'vxlan', options: { key: '10', remote_ip: '192.168.100.1' },
      ifaceIds: { 'iface-id': 'evpn-10-192.168.100.1' }, portIds: { 'evpnctl-managed': 'true', 'evpnctl-vni': '10', 'evpnctl-vtep': '192.168.100.1' },
    }]);
    expect(r.strays.map((p) => p.name)).toEqual(['junk']);
  });
});

describe('readNbSteps / parseNbRead', () => {
  it('reads switches, LSPs, groups and ACLs, resolving group members to names', () => {
    expect(readNbSteps()).toHaveLength(4);
    const out = line(['_uuid', 'name', 'ports'], [[u(1), 'ls0', ['set', [u(2), u(9)]]], [u(5), 'ls1', ['set', []]]])
      + line(['_uuid', 'name', 'type', 'addresses', 'external_ids'], [[u(2), 'evpn-10-192.168.100.1', '', ['set', ['02:00:00:00:00:01 10.0.0.1', 'unknown']], mark]])
      + line(['_uuid', 'name', 'ports', 'acls', 'external_ids'], [[u(3), 'evpn_vni_10', ['set', [u(2), u(9)]], ['set', [u(4), u(8)]], ['map', [['evpnctl-managed', 'true'], ['evpnctl-vni', '10']]]]])
      + line(['_uuid', 'direction', 'priority', 'match', 'action', 'external_ids'], [[u(4), 'to-lport', 32000, 'inport == @evpn_vni_10 && outport == @evpn_vni_10', 'drop', ['map', [['evpnctl-managed', 'true']]]]]);
    const r = parseNbRead(out);
    expect(r.switches.uuidByName.get('ls1')).toBe(id(5));
    expect(r.lsps.get('10|192.168.100.1')?.[0]).toMatchObject({ switchUuid: id(1), addresses: new Set(['02:00:00:00:00:01 10.0.0.1', 'unknown']) });
    const pg = r.pgs.get(10)?.[0];
    expect(pg?.ports).toEqual(new Set(['evpn-10-192.168.100.1', `uuid:${id(9)}`]));
    expect(pg?.acls.map((a) => [a.uuid, a.priority])).toEqual([[id(4), 32000], [id(8), -1]]);
  });
});
