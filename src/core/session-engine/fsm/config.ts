// Defaults and our OPEN message: what evpnctl announces to every peer.
import type { Capability, OpenMessage } from '../wire/types.js';
import { AFI_L2VPN, SAFI_EVPN } from '../wire/types.js';
import { AS_TRANS } from '../wire/capabilities/four-octet-as.js';
import type { FsmConfig } from './types.js';

export const DEFAULT_CONNECT_RETRY_TIME = 30;
export const DEFAULT_IDLE_HOLD_TIME = 1;
export const DEFAULT_MAX_IDLE_HOLD_TIME = 8;
/** RFC 4271 §10: timers are multiplied by a random factor uniformly distributed in [0.75, 1.0]. */
export const randomJitter = (): number => 0.75 + 0.25 * Math.random();
/** RFC 4271 §8.2.2: while waiting for the peer's OPEN the hold timer runs with "a large value", 4 minutes suggested. */
export const OPEN_HOLD_TIME = 240;

/**
 * The capabilities evpnctl announces: MP L2VPN/EVPN (RFC 4760), route refresh (RFC 2918), enhanced route
 * refresh (RFC 7313), 4-octet AS (RFC 6793) and, when asked, graceful restart for EVPN (RFC 4724).
 */
export function defaultCapabilities(localAs: number, gracefulRestartTime?: number): Capability[] {
  const caps: Capability[] = [
    { code: 1, afi: AFI_L2VPN, safi: SAFI_EVPN },
    { code: 2 },
    { code: 70 },
    { code: 65, asn: localAs },
  ];
  if (gracefulRestartTime !== undefined) {
    caps.push({ code: 64, restartFlags: 0, restartTime: gracefulRestartTime, families: [{ afi: AFI_L2VPN, safi: SAFI_EVPN, flags: 0 }] });
  }
  return caps;
}

/** An FsmConfig with the defaults filled in. */
export function fsmConfig(c: Pick<FsmConfig, 'localAs' | 'routerId' | 'remoteAs'> & Partial<FsmConfig>): FsmConfig {
  return {
    holdTime: 90,
    passive: false,
    connectRetryTime: DEFAULT_CONNECT_RETRY_TIME,
    idleHoldTime: DEFAULT_IDLE_HOLD_TIME,
    maxIdleHoldTime: DEFAULT_MAX_IDLE_HOLD_TIME,
    jitter: randomJitter,
    capabilities: defaultCapabilities(c.localAs),
    ...c,
  };
}

/** Our OPEN: My AS is AS_TRANS when the AS needs 4 octets (RFC 6793 §4.1). */
export const buildOpen = (c: FsmConfig): OpenMessage => ({
  type: 'open',
  version: 4,
  myAs: c.localAs > 0xffff ? AS_TRANS : c.localAs,
  holdTime: c.holdTime,
  routerId: c.routerId,
  capabilities: c.capabilities,
});
