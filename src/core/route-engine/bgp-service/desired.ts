// What a desired-state change means for BGP: which speaker identity, which neighbor settings, which
// network changes matter on the wire, and the configured clients as local MACs. Pure functions.
import type { ClientConfig, NeighborConfig, NetworkConfig, SpeakerConfig } from '../../model/config.js';
import { speakerVteps, vtepIpOf } from '../../model/config.js';
import { fsmConfig } from '../../session-engine/fsm/config.js';
import { ourCapabilities } from '../../session-engine/session/graceful-restart.js';
import type { NeighborSettings } from '../../session-engine/session/types.js';

/** True when both describe the same speaker identity (AS, router id, VTEP): the engine can stay. */
export function sameIdentity(a: SpeakerConfig | undefined, b: SpeakerConfig | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.asn === b.asn && a.routerId === b.routerId && vtepIpOf(a) === vtepIpOf(b) && speakerVteps(a).ipv6 === speakerVteps(b).ipv6;
}

/**
 * True when a change needs a new session: the remote AS is checked against the peer's OPEN (RFC 4271 §6.2),
 * and the local address and port are the TCP connection itself. Hold time, passive and multihop are not:
 * they change in place (NeighborSession.reconfigure).
 */
export function sessionResetNeeded(a: NeighborConfig, b: NeighborConfig): boolean {
  return a.remoteAs !== b.remoteAs || a.localAddress !== b.localAddress || a.port !== b.port;
}

/** True when a neighbor's settings are unchanged. */
export function sameNeighbor(a: NeighborConfig, b: NeighborConfig): boolean {
  return a.remoteAs === b.remoteAs && a.localAddress === b.localAddress && a.port === b.port && a.passive === b.passive
    && a.holdTime === b.holdTime && a.ebgpMultihop === b.ebgpMultihop;
}

/** True when a network's import changed: peers are asked for ROUTE-REFRESH (RFC 2918) to import again. */
export function importChanged(a: NetworkConfig, b: NetworkConfig): boolean {
  return !sameList(a.importRts, b.importRts);
}

/** True when a network changed in a way its routes show (RD, RTs): it is then withdrawn and re-originated. */
export function routesChanged(a: NetworkConfig, b: NetworkConfig): boolean {
  return a.rd !== b.rd || a.index !== b.index || !sameList(a.importRts, b.importRts) || !sameList(a.exportRts, b.exportRts);
}

const sameList = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Session-level knobs of the service. */
export interface SessionOptions {
  /** Graceful restart time we announce, seconds (RFC 4724 §3: 12 bits). */
  readonly restartTime: number;
  /** RFC 4271 ConnectRetryTime, seconds. */
  readonly connectRetryTime?: number;
}

/** The session settings of a neighbor; `restarting` sets the GR R bit (we came back from a restart). */
export function neighborSettings(n: NeighborConfig, speaker: SpeakerConfig, o: SessionOptions, restarting: boolean): NeighborSettings {
  const fsm = fsmConfig({
    localAs: speaker.asn, routerId: speaker.routerId, remoteAs: n.remoteAs, holdTime: n.holdTime, passive: n.passive,
    capabilities: ourCapabilities(speaker.asn, o.restartTime, restarting),
    ...(o.connectRetryTime !== undefined && { connectRetryTime: o.connectRetryTime }),
  });
  return {
    address: n.address, port: n.port, fsm,
    ...(n.localAddress !== undefined && { localAddress: n.localAddress }),
    ...(n.ebgpMultihop !== undefined && { ebgpMultihop: n.ebgpMultihop }),
  };
}

/** The configured clients of one VNI as local MACs (mac -> IPs). */
export function configuredMacs(clients: readonly ClientConfig[], vni: number): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const c of clients) {
    if (c.vni !== vni) continue;
    const ips = out.get(c.mac) ?? [];
    if (c.ip !== undefined && !ips.includes(c.ip)) ips.push(c.ip);
    out.set(c.mac, ips);
  }
  return out;
}
