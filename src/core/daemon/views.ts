// Builds the shown objects from desired config plus live runtime state.
import {
  exportRtsOf, importMatchesOf, importRtsOf, rdOf, speakerVteps, vtepIpOf,
  type ClientConfig, type NeighborConfig, type NetworkConfig, type SpeakerConfig,
} from '../model/config.js';
import type { ClientView, NeighborView, NetworkView, SpeakerView } from '../model/views.js';
import type { NeighborRuntime, NetworkRuntime } from '../model/live.js';

/** The speaker as shown. */
export function speakerView(s: SpeakerConfig): SpeakerView {
  const vteps = speakerVteps(s);
  return { asn: s.asn, routerId: s.routerId, vtepIp: vtepIpOf(s), vtepIp4: vteps.ipv4, vtepIp6: vteps.ipv6, listenAddress: s.listenAddress ?? null, listenPort: s.listenPort };
}

/** A neighbor as shown: its config and its session's live state. */
export function neighborView(n: NeighborConfig, speaker: SpeakerConfig | undefined, rt: NeighborRuntime): NeighborView {
  return {
    address: n.address,
    remoteAs: n.remoteAs,
    localAddress: n.localAddress ?? null,
    port: n.port,
    passive: n.passive,
    holdTime: n.holdTime,
    ebgpMultihop: n.ebgpMultihop ?? null,
    type: speaker ? (speaker.asn === n.remoteAs ? 'ibgp' : 'ebgp') : null,
    ...rt,
  };
}

/** A network as shown: the effective RD/RTs and live counts. */
export function networkView(n: NetworkConfig, speaker: SpeakerConfig | undefined, rt: NetworkRuntime): NetworkView {
  return {
    vni: n.vni,
    logicalSwitch: n.logicalSwitch,
    networkId: n.networkId ?? null,
    rd: speaker ? rdOf(n, speaker) : (n.rd ?? null),
    importRts: speaker ? importRtsOf(n, speaker) : n.importRts,
    importMatch: importMatchesOf(n),
    exportRts: speaker ? exportRtsOf(n, speaker) : n.exportRts,
    floodUnknown: n.floodUnknown,
    ...rt,
    switchStatus: rt.switchStatus ?? 'unknown',
    duplicateMacs: rt.duplicateMacs ?? [],
    floodVteps: rt.floodVteps ?? rt.remoteVteps,
  };
}

/** A configured client as shown. */
export function clientView(c: ClientConfig, speaker: SpeakerConfig | undefined): ClientView {
  return { vni: c.vni, mac: c.mac, ip: c.ip ?? null, port: c.port, source: 'config', nextHop: speaker ? vtepIpOf(speaker) : null };
}
