// Moving a host between kernel sites, as a VM migration looks to EVPN (RFC 7432 §15): the host appears
// behind the new VTEP while the old VTEP still advertises it, so the new site's FRR sees a local MAC that
// was remote and advertises it with a higher MAC Mobility sequence; then the old attachment goes away.
// The host keeps its netns, MAC and IP; only the veth changes sites.
import type { Host } from '../hosts.js';
import { configureLink, createVeth, ip } from '../netns.js';
import { learnHost, type KernelSite } from './kernel-site.js';

/** Options of a move. */
export interface MoveHostOptions {
  /** Runs after the new site has learned the MAC and before the old attachment is removed (e.g. wait for its route). */
  afterAttach?: () => Promise<void>;
}

/** Moves host from one kernel site's bridge to another's; returns when the host is up behind `to`. */
export async function moveHost(host: Host, from: KernelSite, to: KernelSite, o: MoveHostOptions = {}): Promise<void> {
  const port = `${host.name}-p`;
  const staging = 'eth-move';
  // The new link is created while the old one still exists, so the new end waits under another name.
  await createVeth({ netns: host.netns, name: staging }, { netns: to.netns, name: port });
  await configureLink({ netns: to.netns, name: port }, { master: to.vtep.bridge, txOff: true, up: true });
  await learnHost(to, host);
  await o.afterAttach?.();
  // Deleting the old site's end removes the host's old eth0 too (a veth pair goes as one).
  await ip(from.netns, 'link', 'del', port);
  await ip(host.netns, 'link', 'set', staging, 'name', host.iface);
  await configureLink({ netns: host.netns, name: host.iface }, {
    mac: host.mac, mtu: host.mtu, addresses: [`${host.ip}/${host.prefixLen}`], txOff: true, up: true,
  });
}
