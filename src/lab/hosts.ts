// Hosts and VMs: a netns with one interface (eth0) holding a MAC and an IP, attached by a veth to a
// bridge or an OVS port in another netns.
import { run } from './exec.js';
import { icmpPing, type PingOptions, type PingResult } from './icmp-ping.js';
import { configureLink, createVeth, type LinkEnd } from './netns.js';
import type { LabRun } from './run.js';

/** A host (or VM) in its own netns. */
export interface Host {
  /** Short name, also its netns role (h1, vm1). */
  name: string;
  netns: string;
  iface: string;
  /** IPv4 address without prefix length. */
  ip: string;
  prefixLen: number;
  mac: string;
  mtu: number;
}

/** What a host should look like. */
export interface HostSpec {
  name: string;
  ip: string;
  mac: string;
  prefixLen?: number;
  /** 1450 by default: VXLAN adds 50 bytes over a 1500 underlay (lab-recipe P10). */
  mtu?: number;
  /** Keep IPv6 on (default off: its ND/MLD chatter is flooded as BUM and clutters captures and flood counts). */
  ipv6?: boolean;
}

/** Where the host's veth peer goes, and how it is set up there. */
export interface HostAttachment {
  /** The peer end (e.g. h1-p in site X, vm1-p in site Y). */
  peer: LinkEnd;
  /** A Linux bridge in the peer netns to enslave the peer to (site X); omit for an OVS port (site Y). */
  master?: string;
}

/** Creates the host netns and a veth eth0 <-> peer; TX checksum offload is off on both ends (lab-recipe P2). */
export async function createHost(labRun: LabRun, spec: HostSpec, at: HostAttachment): Promise<Host> {
  const netns = await labRun.addNetns(spec.name);
  if (!spec.ipv6) {
    await run(['sysctl', '-q', '-w', 'net.ipv6.conf.all.disable_ipv6=1', 'net.ipv6.conf.default.disable_ipv6=1'], { netns });
  }
  const host: Host = { name: spec.name, netns, iface: 'eth0', ip: spec.ip, prefixLen: spec.prefixLen ?? 24, mac: spec.mac, mtu: spec.mtu ?? 1450 };
  await createVeth({ netns, name: host.iface }, at.peer);
  await configureLink({ netns, name: host.iface }, {
    mac: host.mac, mtu: host.mtu, addresses: [`${host.ip}/${host.prefixLen}`], txOff: true, up: true,
  });
  await configureLink(at.peer, { ...(at.master ? { master: at.master } : {}), txOff: true, up: true });
  return host;
}

/** Pings an address from a host (ICMP echo; see icmp-ping.ts). */
export function ping(from: Host, target: string, o: PingOptions = {}): Promise<PingResult> {
  return icmpPing(from.netns, target, o);
}
