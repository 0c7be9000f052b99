// Graceful restart (RFC 4724) as the session layer needs it: the capability we announce, and what the
// peer's capability means for the routes it leaves behind.
import { AFI_L2VPN, SAFI_EVPN, type Capability, type OpenMessage } from '../wire/types.js';
import { CAP } from '../wire/capabilities/capability.js';
import { GR_FORWARDING_STATE, GR_RESTART_STATE, type GracefulRestartCap } from '../wire/capabilities/graceful-restart.js';
import { defaultCapabilities } from '../fsm/config.js';
import type { DownReason } from '../fsm/types.js';

/** FRR's and GoBGP's default restart time (seconds). */
export const DEFAULT_RESTART_TIME = 120;

/**
 * Our capabilities: MP L2VPN/EVPN, route refresh, enhanced route refresh, 4-octet AS and graceful restart
 * for L2VPN/EVPN. F is always set (RFC 4724 §3): OVN keeps forwarding while the daemon restarts. R is set
 * while we are restarting, so peers do not wait for our End-of-RIB before sending theirs (§4.1).
 */
export function ourCapabilities(asn: number, restartTime: number, restarting: boolean): Capability[] {
  const gr: GracefulRestartCap = {
    code: CAP.GRACEFUL_RESTART,
    restartFlags: restarting ? GR_RESTART_STATE : 0,
    restartTime,
    families: [{ afi: AFI_L2VPN, safi: SAFI_EVPN, flags: GR_FORWARDING_STATE }],
  };
  return [...defaultCapabilities(asn), gr];
}

const grOf = (open: OpenMessage): GracefulRestartCap | undefined =>
  open.capabilities.find((c): c is GracefulRestartCap => c.code === CAP.GRACEFUL_RESTART && 'families' in c);

const evpnFamily = (gr: GracefulRestartCap) => gr.families.find((f) => f.afi === AFI_L2VPN && f.safi === SAFI_EVPN);

/**
 * How long to keep a downed peer's routes as stale, or null to withdraw them now. RFC 4724 §4.2: only when
 * the TCP session ended (not after a NOTIFICATION), only for the families the peer listed in its GR
 * capability, and not with a restart time of 0. A hold-timer expiry counts as an end of the TCP session,
 * as RFC 8538 §4 has it.
 */
export function staleRetention(peerOpen: OpenMessage, reason: DownReason): number | null {
  if (reason !== 'connection-lost' && reason !== 'hold-timer-expired') return null;
  const gr = grOf(peerOpen);
  if (gr === undefined || evpnFamily(gr) === undefined || gr.restartTime === 0) return null;
  return gr.restartTime;
}

/** True when the peer's new OPEN keeps its forwarding state for L2VPN/EVPN (F bit), so stale routes wait for End-of-RIB (§4.2). */
export function keepsForwardingState(peerOpen: OpenMessage): boolean {
  const gr = grOf(peerOpen);
  const fam = gr && evpnFamily(gr);
  return fam !== undefined && (fam.flags & GR_FORWARDING_STATE) !== 0;
}

/** True when the peer announced graceful restart for L2VPN/EVPN at all. */
export const announcesEvpnGr = (peerOpen: OpenMessage): boolean => {
  const gr = grOf(peerOpen);
  return gr !== undefined && evpnFamily(gr) !== undefined;
};
