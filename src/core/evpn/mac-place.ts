// Where a MAC is: behind us, behind one remote VTEP, or nowhere. Pure: given the imported MAC/IP routes
// of one MAC (best path per route key, any RD) and the local entry, applies RFC 7432 §15 and merges the
// MAC-only and MAC+IP routes from the winning VTEP into one IP set.
import type { AttrInfoCache } from '../bgp/rib/attr-info.js';
import { compareIp } from '../bgp/rib/ip-order.js';
import { compareClaims, type MobilityClaim } from '../bgp/rib/mac-mobility.js';
import type { Path } from '../bgp/rib/path.js';
import type { LocalMac } from './local-mac.js';

/** The location name of our own side. VTEPs are named by their IP, which never equals this. */
export const LOCAL = 'local';

/** A MAC's location and what the winner says about it. */
export interface Placement {
  /** LOCAL, a remote VTEP IP, or null when nowhere. */
  readonly at: string | null;
  readonly ips: readonly string[];
  readonly seq: number;
  readonly sticky: boolean;
}

/** Nowhere. */
export const NOWHERE: Placement = Object.freeze({ at: null, ips: Object.freeze([]) as readonly string[], seq: 0, sticky: false });

/** The strongest remote claim: per VTEP the highest sequence and any sticky flag, then compareClaims. */
function bestRemote(remote: readonly Path[], attrs: AttrInfoCache, only: string | null): MobilityClaim | null {
  let best: MobilityClaim | null = null;
  for (const p of remote) {
    if (only !== null && p.nextHop !== only) continue;
    const info = attrs.get(p.attributes);
    const claim = { seq: info.seq, sticky: info.sticky, vtep: p.nextHop };
    if (best === null || compareClaims(claim, best) < 0) best = claim;
  }
  return best;
}

/** The placement of a remote VTEP: its routes for this MAC merged (MAC-only + every MAC+IP). */
function remotePlacement(remote: readonly Path[], attrs: AttrInfoCache, vtep: string): Placement {
  const ips = new Set<string>();
  let seq = 0;
  let sticky = false;
  for (const p of remote) {
    if (p.nextHop !== vtep || p.nlri.type !== 2) continue;
    const info = attrs.get(p.attributes);
    if (p.nlri.ip !== null) ips.add(p.nlri.ip);
    seq = Math.max(seq, info.seq);
    sticky ||= info.sticky;
  }
  return { at: vtep, ips: [...ips].sort(compareIp), seq, sticky };
}

/**
 * Places a MAC. `pinned` (a frozen duplicate's location) limits the choice to that location.
 * Our own claim competes with the remote ones under the same rules, our VTEP IP breaking ties (§15.1).
 */
export function placeMac(
  remote: readonly Path[],
  local: LocalMac | null,
  ownVtep: string,
  attrs: AttrInfoCache,
  pinned: string | null,
): Placement {
  const localPlacement = (l: LocalMac): Placement => ({ at: LOCAL, ips: l.ips, seq: l.seq, sticky: l.sticky });
  if (pinned === LOCAL) return local === null ? NOWHERE : localPlacement(local);
  const best = bestRemote(remote, attrs, pinned);
  if (local !== null && pinned === null) {
    const mine = { seq: local.seq, sticky: local.sticky, vtep: ownVtep };
    if (best === null || compareClaims(mine, best) < 0) return localPlacement(local);
  }
  return best === null ? NOWHERE : remotePlacement(remote, attrs, best.vtep);
}
