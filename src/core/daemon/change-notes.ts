// What an in-place change does to sessions and routes, in words for the operator: printed by
// `speaker set`, `neighbor set` and `network set` (and returned as `notes` under --json). Pure functions
// of the old and new configuration; the BGP side does what they say (bgp-service.ts applyNeighbors,
// applyNetworks, replaceEngine).
import { exportRtsOf, importMatchesOf, rdOf, speakerVteps, type DesiredState, type NeighborConfig, type NetworkConfig, type SpeakerConfig } from '../model/config.js';
import { sessionResetNeeded } from '../route-engine/bgp-service/desired.js';

/** An Established peer as the notes need it. */
export interface PeerSummary {
  address: string;
  routeRefresh: boolean;
}

/** True when the speaker's identity changes: every session and route goes (bgp-service.ts replaceEngine). */
export function speakerIdentityChanged(a: SpeakerConfig, b: SpeakerConfig): boolean {
  const va = speakerVteps(a);
  const vb = speakerVteps(b);
  return a.asn !== b.asn || a.routerId !== b.routerId || va.ipv4 !== vb.ipv4 || va.ipv6 !== vb.ipv6;
}

export function speakerChangeNotes(old: SpeakerConfig, next: SpeakerConfig, s: DesiredState): string[] {
  const notes: string[] = [];
  if (speakerIdentityChanged(old, next)) {
    notes.push(`AS/router id/VTEP changed: ${s.neighbors.length} session(s) reset with Cease / Other Configuration Change (RFC 4486); `
      + `${s.networks.length} network(s), ${s.neighbors.length} neighbor(s) and ${s.clients.length} client(s) kept, routes re-originated`);
  }
  if (old.listenAddress !== next.listenAddress || old.listenPort !== next.listenPort) {
    notes.push(`listener moved to ${next.listenAddress ?? '[::]'}:${next.listenPort}; established sessions stay`);
  }
  if (notes.length === 0) notes.push('no change');
  return notes;
}

/** `negotiatedHold`: the Established session's hold time, null when the session is not up. */
export function neighborChangeNotes(old: NeighborConfig, next: NeighborConfig, negotiatedHold: number | null, reset: boolean): string[] {
  const notes: string[] = [];
  if (sessionResetNeeded(old, next)) {
    notes.push('remote AS, local address or port changed: session reset with Cease / Other Configuration Change (RFC 4486)');
    return notes;
  }
  if (old.holdTime !== next.holdTime && negotiatedHold !== null && !reset) {
    notes.push(`hold time ${next.holdTime} s applies from the next session: RFC 4271 §4.2 negotiates it in OPEN, so the session keeps its `
      + `${negotiatedHold} s; \`evpnctl neighbor reset ${next.address}\` (or --reset) applies it now`);
  } else if (old.holdTime !== next.holdTime) {
    notes.push(`hold time ${next.holdTime} s proposed in the next OPEN`);
  }
  if (old.passive !== next.passive) notes.push(next.passive ? 'passive: no more dials; the session stays' : 'active: dials at the next connect-retry; the session stays');
  if (old.ebgpMultihop !== next.ebgpMultihop) notes.push('eBGP multihop recorded (Node cannot set the IP TTL, so nothing changes on the wire)');
  if (notes.length === 0 && !reset) notes.push('no change');
  return notes;
}

const same = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

export function networkChangeNotes(old: NetworkConfig, next: NetworkConfig, speaker: SpeakerConfig, peers: readonly PeerSummary[]): string[] {
  const notes: string[] = [];
  const [oldRd, newRd] = [rdOf(old, speaker), rdOf(next, speaker)];
  const who = `${peers.length} established peer(s)`;
  if (oldRd !== newRd) notes.push(`RD ${oldRd} -> ${newRd}: routes under ${oldRd} withdrawn and announced under ${newRd} to ${who} (no session reset)`);
  if (!same(exportRtsOf(old, speaker), exportRtsOf(next, speaker))) {
    notes.push(`export RTs ${exportRtsOf(next, speaker).join(', ')}: routes re-announced to ${who} (no session reset)`);
  }
  if (!same(importMatchesOf(old), importMatchesOf(next))) {
    const refresh = peers.filter((p) => p.routeRefresh).length;
    notes.push(`import ${importMatchesOf(next).join(', ')}: ROUTE-REFRESH (RFC 2918) sent to ${refresh} of ${who}; OVN ports of MACs still imported are left as they are`);
  }
  if (old.floodUnknown !== next.floodUnknown) notes.push(`flood-unknown ${next.floodUnknown ? 'on' : 'off'}: "unknown" ${next.floodUnknown ? 'added to' : 'removed from'} the EVPN ports' addresses`);
  if (notes.length === 0) notes.push('no change');
  return notes;
}
