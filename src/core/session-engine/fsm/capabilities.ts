// Capability negotiation (RFC 5492): a feature is on when both sides announced it.
import type { Capability } from '../wire/types.js';
import { AFI_L2VPN, SAFI_EVPN } from '../wire/types.js';
import { CAP } from '../wire/capabilities/capability.js';
import { GR_FORWARDING_STATE, GR_RESTART_STATE, type GracefulRestartCap } from '../wire/capabilities/graceful-restart.js';
import type { NegotiatedCapabilities } from './types.js';

const has = (caps: readonly Capability[], code: number): boolean => caps.some((c) => c.code === code);

/** True when the list announces multiprotocol L2VPN/EVPN. */
export const announcesEvpn = (caps: readonly Capability[]): boolean =>
  caps.some((c) => c.code === CAP.MULTIPROTOCOL && 'afi' in c && c.afi === AFI_L2VPN && c.safi === SAFI_EVPN);

/** The peer's 4-octet AS, if it announced one (RFC 6793 §3). */
export function fourOctetAsOf(caps: readonly Capability[]): number | null {
  for (const c of caps) if (c.code === CAP.FOUR_OCTET_AS && 'asn' in c) return c.asn;
  return null;
}

const grOf = (caps: readonly Capability[]): GracefulRestartCap | undefined =>
  caps.find((c): c is GracefulRestartCap => c.code === CAP.GRACEFUL_RESTART && 'families' in c);

/** What both sides support; route refresh also counts Cisco's pre-standard code 128. */
export function negotiate(local: readonly Capability[], peer: readonly Capability[]): NegotiatedCapabilities {
  const mpEvpn = announcesEvpn(local) && announcesEvpn(peer);
  const routeRefresh = has(local, CAP.ROUTE_REFRESH) && (has(peer, CAP.ROUTE_REFRESH) || has(peer, CAP.CISCO_ROUTE_REFRESH));
  const enhancedRouteRefresh = has(local, CAP.ENHANCED_ROUTE_REFRESH) && has(peer, CAP.ENHANCED_ROUTE_REFRESH);
  const fourOctetAs = fourOctetAsOf(local) !== null && fourOctetAsOf(peer) !== null;
  const peerGr = grOf(peer);
  const gracefulRestart = grOf(local) && peerGr
    ? {
      restartTime: peerGr.restartTime,
      restarting: (peerGr.restartFlags & GR_RESTART_STATE) !== 0,
      evpnForwardingPreserved: peerGr.families.some((f) => f.afi === AFI_L2VPN && f.safi === SAFI_EVPN && (f.flags & GR_FORWARDING_STATE) !== 0),
    }
    : null;
  const names: string[] = [];
  if (mpEvpn) names.push('mp-evpn');
  if (routeRefresh) names.push('route-refresh');
  if (enhancedRouteRefresh) names.push('enhanced-route-refresh');
  if (fourOctetAs) names.push('4-octet-as');
  if (gracefulRestart) names.push('graceful-restart');
  return { mpEvpn, routeRefresh, enhancedRouteRefresh, fourOctetAs, gracefulRestart, names };
}
