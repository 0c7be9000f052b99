// A Linux-kernel VTEP inside a netns, as site X of the recipe: a bridge plus a VXLAN device
// (VNI, local IP, dstport 4789, nolearning, bridge-port learning off). FRR/zebra programs its FDB from
// EVPN routes; the static lab programs the same entries by hand. Also reads the FDB as JSON.
import { run } from './exec.js';
import { LabError } from './errors.js';
import { ifName } from './names.js';
import { ip } from './netns.js';

/** The all-zero MAC of the BUM (flood) entry that a type-3 route installs. */
export const BUM_MAC = '00:00:00:00:00:00';

/** A kernel VTEP: bridge + vxlan device for one VNI. */
export interface KernelVtep {
  netns: string;
  vni: number;
  localIp: string;
  bridge: string;
  vxlanDev: string;
}

/** Creates br<VNI> and vxlan<VNI> (lab-recipe 01-netns.sh); names may be overridden. */
export async function createKernelVtep(netns: string, vni: number, localIp: string, names: { bridge?: string; vxlanDev?: string } = {}): Promise<KernelVtep> {
  const bridge = ifName(names.bridge ?? `br${vni}`);
  const vxlanDev = ifName(names.vxlanDev ?? `vxlan${vni}`);
  await ip(netns, 'link', 'add', bridge, 'type', 'bridge');
  await ip(netns, 'link', 'set', bridge, 'addrgenmode', 'none');
  await ip(netns, 'link', 'add', vxlanDev, 'type', 'vxlan', 'id', String(vni), 'local', localIp, 'dstport', '4789', 'nolearning');
  await ip(netns, 'link', 'set', vxlanDev, 'master', bridge);
  await ip(netns, 'link', 'set', vxlanDev, 'type', 'bridge_slave', 'neigh_suppress', 'off', 'learning', 'off');
  await ip(netns, 'link', 'set', bridge, 'up');
  // FRR withdraws the type-3 route while the vxlan device is down (lab-recipe "FRR REQUIREMENTS").
  await ip(netns, 'link', 'set', vxlanDev, 'up');
  return { netns, vni, localIp, bridge, vxlanDev };
}

/** One forwarding database entry, from `bridge -j fdb show`. */
export interface FdbEntry {
  mac: string;
  ifname: string;
  /** Remote VTEP of a vxlan FDB entry. */
  dst?: string;
  master?: string;
  /** "permanent", "static", or absent for dynamic entries. */
  state?: string;
  flags: string[];
}

/** Parses `bridge -j fdb show` output; `dev` fills in ifname, which iproute2 omits when filtering by device. */
export function parseFdb(json: unknown, dev?: string): FdbEntry[] {
  if (!Array.isArray(json)) throw new LabError(`bridge -j fdb show: expected a JSON array, got ${JSON.stringify(json).slice(0, 120)}`);
  return json.map((raw: unknown) => {
    const e = raw as Record<string, unknown>;
    const ifname = typeof e.ifname === 'string' ? e.ifname : dev;
    if (typeof e.mac !== 'string' || ifname === undefined) {
      throw new LabError(`bridge -j fdb show: expected entries with "mac" and "ifname", got ${JSON.stringify(raw).slice(0, 120)}`);
    }
    const entry: FdbEntry = { mac: e.mac, ifname, flags: Array.isArray(e.flags) ? e.flags.map(String) : [] };
    if (typeof e.dst === 'string') entry.dst = e.dst;
    if (typeof e.master === 'string') entry.master = e.master;
    if (typeof e.state === 'string' && e.state !== '') entry.state = e.state;
    return entry;
  });
}

/** The FDB of a netns, optionally of one device. */
export async function fdbShow(netns: string, dev?: string): Promise<FdbEntry[]> {
  const { stdout } = await run(['bridge', '-n', netns, '-j', 'fdb', 'show', ...(dev ? ['dev', dev] : [])]);
  return parseFdb(JSON.parse(stdout.trim() === '' ? '[]' : stdout), dev);
}

/** The remote VTEPs the vxlan device floods BUM traffic to (the 00:00:00:00:00:00 entries). */
export async function floodVteps(vtep: KernelVtep): Promise<string[]> {
  const entries = await fdbShow(vtep.netns, vtep.vxlanDev);
  return entries.filter((e) => e.mac === BUM_MAC && e.dst !== undefined).map((e) => e.dst as string);
}

/** Adds a flood entry towards a remote VTEP, as FRR does for a type-3 with PMSI ingress replication. */
export async function addFloodVtep(vtep: KernelVtep, remoteVtep: string): Promise<void> {
  await run(['bridge', '-n', vtep.netns, 'fdb', 'append', BUM_MAC, 'dev', vtep.vxlanDev, 'dst', remoteVtep, 'self', 'permanent']);
}

/** Points a remote MAC at a VTEP, as FRR does for a type-2: vxlan FDB (`self`, lab-recipe P9) + bridge FDB. */
export async function addRemoteMac(vtep: KernelVtep, mac: string, remoteVtep: string): Promise<void> {
  await run(['bridge', '-n', vtep.netns, 'fdb', 'add', mac, 'dev', vtep.vxlanDev, 'dst', remoteVtep, 'self', 'permanent']);
  await run(['bridge', '-n', vtep.netns, 'fdb', 'add', mac, 'dev', vtep.vxlanDev, 'master', 'static']);
}
