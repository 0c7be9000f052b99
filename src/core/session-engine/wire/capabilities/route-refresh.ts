// Route Refresh (RFC 2918 §3) and Enhanced Route Refresh (RFC 7313 §3) capabilities: both empty.
import { CAP, expectCapLength } from './capability.js';

/** Checks the empty value of a route-refresh capability. */
export function decodeRouteRefreshCap(_b: Uint8Array, _off: number, len: number): { code: 2 } {
  expectCapLength('route refresh', len, 0);
  return { code: CAP.ROUTE_REFRESH };
}

/** Checks the empty value of an enhanced-route-refresh capability. */
export function decodeEnhancedRouteRefreshCap(_b: Uint8Array, _off: number, len: number): { code: 70 } {
  expectCapLength('enhanced route refresh', len, 0);
  return { code: CAP.ENHANCED_ROUTE_REFRESH };
}
