// Reading back what the daemon programmed on site Y (the objects it marks evpnctl-managed): LSPs with
// their addresses, and the vxlan interfaces bound to them. Checks and the demo's output use this to show
// the data plane state, next to what `evpnctl` itself reports.
import { mapTexts, parseTables, setTexts, atomText } from '../core/ovn/ovsdb-json.js';
import type { OvnSite } from '../lab/topology/ovn-site.js';

/** One EVPN logical switch port: a remote VTEP of a VNI, with the remote "MAC ip…" entries (+ unknown). */
export interface EvpnLsp {
  name: string;
  addresses: string[];
  vni: number;
  vtep: string;
}

/** One vxlan interface on br-int. */
export interface EvpnVxlanPort {
  name: string;
  remoteIp: string;
  key: string;
  /** The LSP it is bound to (external_ids:iface-id). */
  ifaceId: string;
}

/** The managed objects of site Y. */
export interface EvpnObjects {
  lsps: EvpnLsp[];
  vxlanPorts: EvpnVxlanPort[];
}

const MANAGED = 'external_ids:"evpnctl-managed"="true"';

/** Reads the managed LSPs (NB) and vxlan interfaces (OVS) of site Y. */
export async function readEvpnObjects(y: OvnSite): Promise<EvpnObjects> {
  const nb = await y.ovn.nbctl('--format=json', '--columns=name,addresses,external_ids', 'find', 'Logical_Switch_Port', MANAGED);
  const lsps = (parseTables(nb)[0] ?? []).map((r): EvpnLsp => {
    const ids = mapTexts(r.external_ids);
    return { name: atomText(r.name), addresses: setTexts(r.addresses).sort(), vni: Number(ids['evpnctl-vni']), vtep: ids['evpnctl-vtep'] ?? '' };
  });
  const ovs = await y.ovs.vsctl('--format=json', '--columns=name,options,external_ids', 'find', 'Interface', 'type=vxlan');
  const vxlanPorts = (parseTables(ovs)[0] ?? []).map((r): EvpnVxlanPort => {
    const options = mapTexts(r.options);
    return { name: atomText(r.name), remoteIp: options.remote_ip ?? '', key: options.key ?? '', ifaceId: mapTexts(r.external_ids)['iface-id'] ?? '' };
  });
  return { lsps: lsps.sort((a, b) => a.name.localeCompare(b.name)), vxlanPorts: vxlanPorts.sort((a, b) => a.name.localeCompare(b.name)) };
}

/** The LSP of (vni, vtep), if the daemon programmed it. */
export function lspOf(objects: EvpnObjects, vni: number, vtep: string): EvpnLsp | undefined {
  return objects.lsps.find((l) => l.vni === vni && l.vtep === vtep);
}

/** One line per LSP and port, for people. */
export function describeEvpnObjects(o: EvpnObjects): string[] {
  return [
    ...o.lsps.map((l) => `LSP ${l.name}: ${l.addresses.map((a) => JSON.stringify(a)).join(' ')}`),
    ...o.vxlanPorts.map((p) => `br-int ${p.name}: vxlan remote_ip=${p.remoteIp} key=${p.key} iface-id=${p.ifaceId}`),
  ];
}
