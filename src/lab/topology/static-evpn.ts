// The recipe's "static" mode: program by hand what EVPN would program, with no BGP at all.
// On the OVN site: per remote VTEP one vxlan port on br-int bound (iface-id) to one LSP whose addresses
// are the remote hosts' "MAC IP" plus "unknown" (static-ovn-port.sh). On a kernel site: a flood entry
// and a MAC entry per remote host (static-x-fdb.sh). It proves the data plane before evpnctl exists.
import { addFloodVtep, addRemoteMac } from '../kernel-vtep.js';
import { vxlanPortName } from '../names.js';
import { addVxlanPort } from '../ovs.js';
import type { KernelSite } from './kernel-site.js';
import type { OvnSite } from './ovn-site.js';
import type { HostPlan } from './plan.js';

/** The logical switch port evpnctl uses for (VNI, remote VTEP). */
export function evpnLspName(vni: number, remoteVtep: string): string {
  return `evpn-${vni}-${remoteVtep}`;
}

/** What addStaticOvnVtep created. */
export interface StaticOvnVtep {
  lsp: string;
  port: string;
}

/** Creates the LSP and the bound vxlan port on br-int for a remote VTEP. */
export async function addStaticOvnVtep(y: OvnSite, vni: number, remoteVtep: string, remoteHosts: readonly HostPlan[]): Promise<StaticOvnVtep> {
  const lsp = evpnLspName(vni, remoteVtep);
  const port = vxlanPortName(vni, remoteVtep);
  const addresses = [...remoteHosts.map((h) => `${h.mac} ${h.ip}`), 'unknown'];
  await y.ovn.nbctl('--may-exist', 'lsp-add', y.logicalSwitch, lsp, '--', 'lsp-set-addresses', lsp, ...addresses);
  await addVxlanPort(y.ovs, { bridge: 'br-int', port, remoteIp: remoteVtep, vni, localIp: y.vtepIp, ifaceId: lsp });
  return { lsp, port };
}

/** Floods BUM to a remote VTEP and points the remote hosts' MACs at it, on a kernel site. */
export async function addStaticKernelVtep(site: KernelSite, remoteVtep: string, remoteHosts: readonly HostPlan[]): Promise<void> {
  await addFloodVtep(site.vtep, remoteVtep);
  for (const h of remoteHosts) await addRemoteMac(site.vtep, h.mac, remoteVtep);
}

/** Programs a full mesh between one OVN site and any number of kernel sites, for one VNI. */
export async function installStaticEvpn(y: OvnSite, kernelSites: readonly KernelSite[], vni: number): Promise<StaticOvnVtep[]> {
  const created: StaticOvnVtep[] = [];
  for (const k of kernelSites) {
    created.push(await addStaticOvnVtep(y, vni, k.vtepIp, k.plan.hosts));
    await addStaticKernelVtep(k, y.vtepIp, y.plan.hosts);
    for (const other of kernelSites) if (other !== k) await addStaticKernelVtep(k, other.vtepIp, other.plan.hosts);
  }
  return created;
}
