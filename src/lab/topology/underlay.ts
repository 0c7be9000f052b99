// The underlay between sites (192.168.100.0/24, or fd00:100::/64 for the IPv6 lab). Two sites get one veth, exactly as the recipe; three or
// more get a Linux bridge in an "underlay" netns with one veth per site. TX checksum offload is off on
// every veth end: OVS (AF_PACKET) reads some of them, and a partial checksum from a kernel VXLAN sender
// crosses veth and bridge untouched until it reaches OVS (lab-recipe P2).
import { LabError } from '../errors.js';
import { configureLink, createVeth, ip } from '../netns.js';
import type { LabRun } from '../run.js';
import { underlayAddrArgs } from './plan.js';

/** A site's attachment to the underlay. */
export interface UnderlayMember {
  netns: string;
  /** Interface name in the site netns (ux0, uy0, ...). */
  iface: string;
  /** Address to put on iface; omit when it goes elsewhere (site Y puts it on br-phy). */
  ip?: string;
  /** An IPv6 address for iface too (BGP over IPv6 transport). */
  ip6?: string;
}

/** What connectUnderlay built. */
export interface Underlay {
  kind: 'veth' | 'bridge';
  /** The underlay netns (bridge kind only). */
  netns?: string;
  bridge?: string;
  members: readonly UnderlayMember[];
}

/** Connects the sites; members[i].iface appears in members[i].netns, up, with its address. */
export async function connectUnderlay(labRun: LabRun, members: readonly UnderlayMember[], mtu = 1500): Promise<Underlay> {
  if (members.length < 2) throw new LabError(`underlay: expected at least 2 sites, got ${members.length}`);
  const [a, b] = members;
  if (members.length === 2 && a && b) {
    await createVeth({ netns: a.netns, name: a.iface }, { netns: b.netns, name: b.iface });
    for (const m of members) await setUp(m, mtu);
    return { kind: 'veth', members };
  }
  const netns = await labRun.addNetns('u');
  const bridge = 'ubr';
  await ip(netns, 'link', 'add', bridge, 'type', 'bridge');
  await ip(netns, 'link', 'set', bridge, 'up');
  for (const [i, m] of members.entries()) {
    const port = `up${i}`;
    await createVeth({ netns: m.netns, name: m.iface }, { netns, name: port });
    await configureLink({ netns, name: port }, { mtu, master: bridge, txOff: true, up: true });
    await setUp(m, mtu);
  }
  return { kind: 'bridge', netns, bridge, members };
}

async function setUp(m: UnderlayMember, mtu: number): Promise<void> {
  await configureLink({ netns: m.netns, name: m.iface }, { mtu, txOff: true });
  // IPv6 with nodad: usable at once, not "tentative" while duplicate address detection runs.
  if (m.ip) {
    const [cidr = '', ...flags] = underlayAddrArgs(m.ip);
    await ip(m.netns, 'addr', 'add', cidr, ...flags, 'dev', m.iface);
  }
  // A second, IPv6 address beside an IPv4 one: BGP over IPv6 transport (the VTEPs stay IPv4).
  if (m.ip6) {
    const [cidr = '', ...flags] = underlayAddrArgs(m.ip6);
    await ip(m.netns, 'addr', 'add', cidr, ...flags, 'dev', m.iface);
  }
  await ip(m.netns, 'link', 'set', m.iface, 'up');
}
