// Waiting for EVPN to converge in the demo lab, seen from both ends: evpnctl's sessions Established
// (`evpnctl neighbor list`), each FRR site's hosts programmed into OVN (the EVPN LSP of its VTEP carries
// "MAC IP"), and site Y's VMs and flood entry installed in each FRR site's kernel FDB. The pieces take
// any OVN site, so the OVN <-> OVN demo waits the same way for each cloud to learn the other.
import type { NeighborView } from '../core/model/views.js';
import type { FrrInstance } from '../lab/frr.js';
import { floodVteps } from '../lab/kernel-vtep.js';
import type { StepReporter } from '../lab/steps.js';
import type { KernelSite } from '../lab/topology/kernel-site.js';
import type { OvnSite } from '../lab/topology/ovn-site.js';
import { waitUntil } from '../lab/wait.js';
import type { EvpnctlCli } from './evpnctl-cli.js';
import type { DemoLab } from './demo-lab.js';
import { lspOf, readEvpnObjects } from './site-y-state.js';

/** Polls `evpnctl neighbor list` until every neighbor (or those named) is Established. */
export async function waitEstablished(cli: EvpnctlCli, timeoutMs = 60_000, addresses?: readonly string[]): Promise<NeighborView[]> {
  let last: NeighborView[] = [];
  await waitUntil('evpnctl neighbor list: every session Established', async () => {
    last = await cli.json<NeighborView[]>(['neighbor', 'list']);
    const wanted = last.filter((n) => addresses === undefined || addresses.includes(n.address));
    return { ok: wanted.length > 0 && wanted.every((n) => n.state === 'established'), seen: last.map((n) => `${n.address} ${n.state} ${n.lastError ?? ''}`) };
  }, { timeoutMs, intervalMs: 200 });
  return last;
}

/** A remote VTEP and the hosts behind it, as an OVN site should come to know them. */
export interface RemoteVtep {
  role: string;
  vtepIp: string;
  hosts: readonly { mac: string; ip: string }[];
}

/** Waits until the LSP of a remote VTEP on an OVN site carries "MAC IP" of each of its hosts. */
export async function waitVtepInOvn(y: OvnSite, vni: number, remote: RemoteVtep, timeoutMs = 30_000): Promise<void> {
  await waitUntil(`site ${remote.role}'s hosts in OVN (LSP of VTEP ${remote.vtepIp} on ${y.netns})`, async () => {
    const lsp = lspOf(await readEvpnObjects(y), vni, remote.vtepIp);
    const want = remote.hosts.map((h) => `${h.mac} ${h.ip}`);
    return { ok: lsp !== undefined && want.every((w) => lsp.addresses.includes(w)), seen: lsp?.addresses ?? 'no LSP yet' };
  }, { timeoutMs, intervalMs: 100 });
}

/** Waits until the LSP of a kernel site's VTEP on Y carries "MAC IP" of each of its hosts. */
export function waitSiteInOvn(demo: DemoLab, site: KernelSite, timeoutMs = 30_000): Promise<void> {
  return waitVtepInOvn(demo.lab.y, demo.lab.vni, { role: site.plan.role, vtepIp: site.vtepIp, hosts: site.hosts }, timeoutMs);
}

/** Waits until a kernel site's FRR installed the VMs of the OVN sites and a flood entry towards each. */
export async function waitOvnSitesInFrr(frr: FrrInstance | undefined, site: KernelSite, ovnSites: readonly OvnSite[], vni: number, timeoutMs = 30_000): Promise<void> {
  await waitUntil(`site ${site.plan.role}'s FRR to install the VMs and flood entries of ${ovnSites.map((y) => y.plan.role.toUpperCase()).join(', ')}`, async () => {
    const macs = frr ? await frr.evpnMacs(vni) : {};
    const flood = await floodVteps(site.vtep);
    const missing = ovnSites.flatMap((y) => y.vms.filter((vm) => macs[vm.mac]?.type !== 'remote' || macs[vm.mac]?.remoteVtep !== y.vtepIp).map((vm) => vm.mac));
    const noFlood = ovnSites.filter((y) => !flood.includes(y.vtepIp)).map((y) => y.vtepIp);
    return { ok: missing.length === 0 && noFlood.length === 0, seen: { missing, flood } };
  }, { timeoutMs, intervalMs: 100 });
}

/** Waits until a kernel site's FRR installed site Y's VMs and the flood entry towards Y. */
export function waitOvnInSite(demo: DemoLab, site: KernelSite, timeoutMs = 30_000): Promise<void> {
  return waitOvnSitesInFrr(demo.lab.frr[site.plan.role], site, [demo.lab.y], demo.lab.vni, timeoutMs);
}

/** The demo's convergence, as reported steps. */
export async function waitEvpnConverged(steps: StepReporter, demo: DemoLab): Promise<void> {
  await steps.step('BGP sessions Established (evpnctl neighbor list)', () => waitEstablished(demo.cli),
    (ns) => ns.map((n) => `${n.address} ${n.state}, caps ${n.capabilities.join(',')}`).join('; '));
  for (const site of demo.kernelSites) {
    await steps.step(`site ${site.plan.role}'s hosts reach OVN (EVPN LSP + vxlan port for ${site.vtepIp})`, () => waitSiteInOvn(demo, site));
    await steps.step(`site ${site.plan.role}'s FRR installs vm1's MAC and the flood entry towards ${demo.lab.y.vtepIp}`, () => waitOvnInSite(demo, site));
  }
}
