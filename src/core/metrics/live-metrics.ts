// Metrics read from the core API at scrape time: what the daemon knows now (sessions, MAC counts,
// routes, subsystem health). Each refresh replaces every series, so deleted neighbors and VNIs vanish.
import { Counter, Gauge, type Registry } from 'prom-client';
import type { CoreApi } from '../api/core-api.js';
import type { BgpState, NeighborView, NetworkView, RouteView, StatusView } from '../model/views.js';

const BGP_STATES: readonly BgpState[] = ['idle', 'connect', 'active', 'opensent', 'openconfirm', 'established'];
const SUBSYSTEM_STATES: readonly StatusView['bgp']['state'][] = ['ok', 'degraded', 'disabled', 'starting'];

/** One consistent read of the core API, taken once per scrape. */
export interface LiveSnapshot {
  status: StatusView;
  neighbors: NeighborView[];
  networks: NetworkView[];
  routes: RouteView[];
}

/** Reads everything a scrape needs in one go. */
export async function takeSnapshot(api: CoreApi): Promise<LiveSnapshot> {
  const [status, neighbors, networks, routes] = await Promise.all([api.status(), api.neighborList(), api.networkList(), api.routeList()]);
  return { status, neighbors, networks, routes };
}

/** The gauges and pulled counters, set from a LiveSnapshot. */
export class LiveMetrics {
  private readonly info: Gauge<'version' | 'protocol_version'>;
  private readonly subsystem: Gauge<'subsystem' | 'state'>;
  private readonly up: Gauge<'neighbor'>;
  private readonly state: Gauge<'neighbor' | 'state'>;
  private readonly uptime: Gauge<'neighbor'>;
  private readonly messages: Counter<'neighbor' | 'direction'>;
  private readonly prefixes: Gauge<'neighbor' | 'kind'>;
  private readonly ribRoutes: Gauge<'source' | 'route_type'>;
  private readonly localMacs: Gauge<'vni'>;
  private readonly remoteMacs: Gauge<'vni'>;
  private readonly remoteVteps: Gauge<'vni'>;
  private readonly duplicateMacs: Gauge<'vni'>;
  private readonly haActive: Gauge<'group'>;
  private readonly haTakeovers: Counter<'group'>;

  constructor(registry: Registry) {
    const registers = [registry];
    this.info = new Gauge({ name: 'evpnctl_build_info', help: 'Always 1; labels name the daemon version and control protocol version.', labelNames: ['version', 'protocol_version'], registers });
    this.subsystem = new Gauge({ name: 'evpnctl_subsystem_state', help: 'Health of the BGP and OVN subsystems: 1 for the current state, 0 for the others.', labelNames: ['subsystem', 'state'], registers });
    this.up = new Gauge({ name: 'evpnctl_bgp_neighbor_up', help: '1 when the BGP session with the neighbor is Established, else 0.', labelNames: ['neighbor'], registers });
    this.state = new Gauge({ name: 'evpnctl_bgp_neighbor_state', help: 'BGP FSM state of the session (RFC 4271 §8): 1 for the current state, 0 for the others.', labelNames: ['neighbor', 'state'], registers });
    this.uptime = new Gauge({ name: 'evpnctl_bgp_neighbor_uptime_seconds', help: 'Time the session has been Established; 0 when it is not.', labelNames: ['neighbor'], registers });
    this.messages = new Counter({ name: 'evpnctl_bgp_neighbor_messages_total', help: 'BGP messages of every type received (in) from or sent (out) to the neighbor.', labelNames: ['neighbor', 'direction'], registers });
    this.prefixes = new Gauge({ name: 'evpnctl_bgp_neighbor_routes', help: 'EVPN routes now received from, accepted from, or advertised to the neighbor.', labelNames: ['neighbor', 'kind'], registers });
    this.ribRoutes = new Gauge({ name: 'evpnctl_bgp_rib_routes', help: 'EVPN routes in the RIB, by source (local or the neighbor address) and route type.', labelNames: ['source', 'route_type'], registers });
    this.localMacs = new Gauge({ name: 'evpnctl_evpn_local_macs', help: 'Local MACs advertised in the VNI (configured and found on the OVN logical switch).', labelNames: ['vni'], registers });
    this.remoteMacs = new Gauge({ name: 'evpnctl_evpn_remote_macs', help: 'Remote MACs learned in the VNI through BGP.', labelNames: ['vni'], registers });
    this.duplicateMacs = new Gauge({ name: 'evpnctl_evpn_duplicate_macs', help: 'MACs frozen by duplicate detection (RFC 7432 §15.1) in the VNI; `evpnctl mac clear-duplicate` lifts one.', labelNames: ['vni'], registers });
    this.haActive = new Gauge({ name: 'evpnctl_ha_active', help: '1 when this daemon is the active writer of its HA group, 0 when standby (no series without a group).', labelNames: ['group'], registers });
    this.haTakeovers = new Counter({ name: 'evpnctl_ha_takeovers_total', help: 'Times this daemon became the active writer of its HA group.', labelNames: ['group'], registers });
    this.remoteVteps = new Gauge({ name: 'evpnctl_evpn_remote_vteps', help: 'Remote VTEPs the VNI floods to and tunnels towards.', labelNames: ['vni'], registers });
  }

  /** Replaces every series with the values of `s`. Synchronous, so a scrape never sees half an update. */
  update(s: LiveSnapshot): void {
    for (const m of [this.info, this.subsystem, this.up, this.state, this.uptime, this.messages, this.prefixes, this.ribRoutes, this.localMacs, this.remoteMacs, this.remoteVteps, this.duplicateMacs, this.haActive, this.haTakeovers]) m.reset();
    const ha = s.status.ha;
    if (ha.role !== 'none' && ha.group !== null) {
      this.haActive.set({ group: ha.group }, ha.role === 'active' ? 1 : 0);
      this.haTakeovers.inc({ group: ha.group }, ha.takeovers);
    }
    this.info.set({ version: s.status.version, protocol_version: String(s.status.protocolVersion) }, 1);
    for (const [name, sub] of [['bgp', s.status.bgp], ['ovn', s.status.ovn]] as const) {
      for (const st of SUBSYSTEM_STATES) this.subsystem.set({ subsystem: name, state: st }, sub.state === st ? 1 : 0);
    }
    for (const n of s.neighbors) {
      const neighbor = n.address;
      this.up.set({ neighbor }, n.state === 'established' ? 1 : 0);
      for (const st of BGP_STATES) this.state.set({ neighbor, state: st }, n.state === st ? 1 : 0);
      this.uptime.set({ neighbor }, n.uptime ?? 0);
      this.messages.inc({ neighbor, direction: 'in' }, n.messages.received);
      this.messages.inc({ neighbor, direction: 'out' }, n.messages.sent);
      for (const kind of ['received', 'accepted', 'advertised'] as const) this.prefixes.set({ neighbor, kind }, n.prefixes[kind]);
    }
    for (const r of s.routes) this.ribRoutes.inc({ source: r.from, route_type: String(r.type) });
    for (const n of s.networks) {
      const vni = String(n.vni);
      this.localMacs.set({ vni }, n.localMacs);
      this.remoteMacs.set({ vni }, n.remoteMacs);
      this.remoteVteps.set({ vni }, n.remoteVteps.length);
      this.duplicateMacs.set({ vni }, n.duplicateMacs?.length ?? 0);
    }
  }
}
