// The core API's views in rest_vtep's JSON shapes: every object keyed by its id and wrapped in its
// class name, e.g. {"10": {"EvpnNetwork": {...}}}. Keys are in the documentation's (alphabetical) order.
import type { ClientView, NeighborView, NetworkView, SpeakerView } from '../model/views.js';

/** EvpnNeighbor: `state` is "up" only when the session is Established. */
export interface RestNeighbor {
  address: string;
  remote_as: number;
  state: 'up' | 'down';
}

/**
 * EvpnClient: `port` is the OVN logical switch port of a local client; for a remote one it is the OpenFlow
 * port number of the VXLAN interface that carries the MAC, as rest_vtep gave (null until OVS assigned it).
 */
export interface RestClient {
  ip: string | null;
  mac: string;
  next_hop: string | null;
  port: string | number | null;
}

/** EvpnNetwork: VLAN-based service, so the Ethernet Tag is always 0 (RFC 8365 §5.1.3). */
export interface RestNetwork {
  clients: Record<string, { EvpnClient: RestClient }>;
  ethernet_tag_id: 0;
  route_dist: string | null;
  vni: number;
}

/** EvpnSpeaker: `dpid` is echoed from the request, null when unknown. */
export interface RestSpeaker {
  as_number: number;
  dpid: number | null;
  neighbors: Record<string, { EvpnNeighbor: RestNeighbor }>;
  router_id: string;
}

/** One neighbor, unwrapped. */
export function restNeighbor(n: NeighborView): RestNeighbor {
  return { address: n.address, remote_as: n.remoteAs, state: n.state === 'established' ? 'up' : 'down' };
}

/** `{"<address>": {"EvpnNeighbor": {...}}}` for each neighbor. */
export function neighborsShape(list: readonly NeighborView[]): Record<string, { EvpnNeighbor: RestNeighbor }> {
  return Object.fromEntries(list.map((n) => [n.address, { EvpnNeighbor: restNeighbor(n) }]));
}

/** `{"<router_id>": {"EvpnSpeaker": {...}}}`. */
export function speakerShape(s: SpeakerView, neighbors: readonly NeighborView[], dpid: number | null): Record<string, { EvpnSpeaker: RestSpeaker }> {
  return { [s.routerId]: { EvpnSpeaker: { as_number: s.asn, dpid, neighbors: neighborsShape(neighbors), router_id: s.routerId } } };
}

/** One client, unwrapped. */
export function restClient(c: ClientView): RestClient {
  return { ip: c.ip, mac: c.mac, next_hop: c.nextHop, port: c.source === 'remote' ? (c.ofport ?? c.port) : c.port };
}

/** `{"<vni>": {"EvpnClient": {...}}}`: the reply of adding or deleting a client. */
export function clientShape(c: ClientView): Record<string, { EvpnClient: RestClient }> {
  return { [String(c.vni)]: { EvpnClient: restClient(c) } };
}

/** Clients keyed by MAC. A MAC both configured and seen in OVN shows once: the first listed (configured) wins. */
function clientsByMac(clients: readonly ClientView[]): Record<string, { EvpnClient: RestClient }> {
  const out: Record<string, { EvpnClient: RestClient }> = {};
  for (const c of clients) out[c.mac] ??= { EvpnClient: restClient(c) };
  return out;
}

/** `{"<vni>": {"EvpnNetwork": {...}}}` with the network's own clients among `clients`. */
export function networkShape(n: NetworkView, clients: readonly ClientView[]): Record<string, { EvpnNetwork: RestNetwork }> {
  const own = clients.filter((c) => c.vni === n.vni);
  return { [String(n.vni)]: { EvpnNetwork: { clients: clientsByMac(own), ethernet_tag_id: 0, route_dist: n.rd, vni: n.vni } } };
}

/** Every network keyed by VNI, each with its clients. */
export function networksShape(networks: readonly NetworkView[], clients: readonly ClientView[]): Record<string, { EvpnNetwork: RestNetwork }> {
  return Object.assign({}, ...networks.map((n) => networkShape(n, clients))) as Record<string, { EvpnNetwork: RestNetwork }>;
}
