// Where a MAC is: behind us, behind one remote VTEP, or nowhere. Pure: given the imported MAC/IP routes
// of one MAC (best path per route key, any RD) and the local entry, applies RFC 7432 §15 and merges the
// MAC-only and MAC+IP routes from the winning VTEP into one IP set.
import type { AttrInfoCache } from '../rib/attr-info.js';
import { compareIp } from '../rib/ip-order.js';
import { compareClaimParts } from '../rib/mac-mobility.js';
import type { Path } from '../rib/path.js';
import { labelKey } from './events.js';
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
  /** The VXLAN key of a remote placement: the winning route's label (RFC 8365 §5.1.3); 0 otherwise. */
  readonly key: number;
}

/** No IPs: one shared frozen array rather than an empty array per MAC. */
export const NO_IPS: readonly string[] = Object.freeze([]);

/** Nowhere. */
export const NOWHERE: Placement = Object.freeze({ at: null, ips: NO_IPS, seq: 0, sticky: false, key: 0 });

/** The VTEP of the strongest remote claim (RFC 7432 §15.1/§15.2), its sequence and sticky flag; null when none. */
interface RemoteClaim {
  readonly vtep: string;
  readonly key: number;
  readonly seq: number;
  readonly sticky: boolean;
}

/** The VXLAN key of a MAC/IP path in an EVI of this VNI. */
const keyOf = (p: Path, vni: number): number => (p.nlri.type === 2 ? labelKey(p.nlri.label1, vni) : vni);

/** The strongest remote claim, path by path (a VTEP's best path stands for it), restricted to `only` when set. */
function bestRemote(remote: readonly Path[], attrs: AttrInfoCache, only: string | null, vni: number): RemoteClaim | null {
  let vtep: string | null = null;
  let key = vni;
  let seq = 0;
  let sticky = false;
  for (const p of remote) {
    if (only !== null && p.nextHop !== only) continue;
    const info = attrs.get(p.attributes);
    if (vtep === null || compareClaimParts(info.sticky, info.seq, p.nextHop, sticky, seq, vtep) < 0) {
      vtep = p.nextHop;
      key = keyOf(p, vni);
      seq = info.seq;
      sticky = info.sticky;
    }
  }
  return vtep === null ? null : { vtep, key, seq, sticky };
}

/**
 * The placement of a remote (VTEP, key): its routes for this MAC merged (MAC-only + every MAC+IP). IP lists
 * are built at their exact size (a push()-grown array reserves 17 slots) and sorted only when > 1.
 */
function remotePlacement(remote: readonly Path[], attrs: AttrInfoCache, claim: RemoteClaim, vni: number): Placement {
  const vtep = claim.vtep;
  let ips: readonly string[] = NO_IPS;
  let seq = 0;
  let sticky = false;
  for (const p of remote) {
    const nlri = p.nlri;
    if (p.nextHop !== vtep || nlri.type !== 2 || keyOf(p, vni) !== claim.key) continue;
    const info = attrs.get(p.attributes);
    if (nlri.ip !== null && !ips.includes(nlri.ip)) ips = ips.length === 0 ? [nlri.ip] : ips.concat(nlri.ip);
    if (info.seq > seq) seq = info.seq;
    sticky ||= info.sticky;
  }
  return { at: vtep, ips: ips.length > 1 ? [...ips].sort(compareIp) : ips, seq, sticky, key: claim.key };
}

const localPlacement = (l: LocalMac): Placement => ({ at: LOCAL, ips: l.ips, seq: l.seq, sticky: l.sticky, key: 0 });

/**
 * Places a MAC of the EVI of `vni`. `pinned` (a frozen duplicate's location) limits the choice to that location.
 * Our own claim competes with the remote ones under the same rules, our VTEP IP breaking ties (§15.1).
 */
export function placeMac(
  remote: readonly Path[],
  local: LocalMac | null,
  ownVtep: string,
  attrs: AttrInfoCache,
  pinned: string | null,
  vni: number,
): Placement {
  if (pinned === LOCAL) return local === null ? NOWHERE : localPlacement(local);
  const best = bestRemote(remote, attrs, pinned, vni);
  if (local !== null && pinned === null) {
    if (best === null || compareClaimParts(local.sticky, local.seq, ownVtep, best.sticky, best.seq, best.vtep) < 0) return localPlacement(local);
  }
  return best === null ? NOWHERE : remotePlacement(remote, attrs, best, vni);
}
