// The factory on the attribute type code: which decoder fills which PathAttributes field, and the
// Optional/Transitive flags each known attribute must carry (RFC 4271 §5, RFC 4456, RFC 4760, RFC 4360, RFC 6514).
import type { PathAttributes } from '../types.js';
import type { CodecContext } from '../context.js';
import { ATTR, OPTIONAL_NON_TRANSITIVE, OPTIONAL_TRANSITIVE, WELL_KNOWN } from './attribute.js';
import { decodeOrigin } from './origin.js';
import { decodeAsPath } from './as-path.js';
import { decodeNextHop } from './next-hop.js';
import { decodeMed } from './med.js';
import { decodeLocalPref } from './local-pref.js';
import { decodeAtomicAggregate } from './atomic-aggregate.js';
import { decodeOriginatorId } from './originator-id.js';
import { decodeClusterList } from './cluster-list.js';
import { decodeExtCommunities } from './ext-communities.js';
import { decodePmsiTunnel } from './pmsi-tunnel.js';
import { decodeMpReach } from './mp-reach.js';
import { decodeMpUnreach } from './mp-unreach.js';

/** Optional+Transitive bits (0xc0 mask) of each known type, or -1 when the type is not known. */
export function expectedFlags(type: number): number {
  switch (type) {
    case ATTR.ORIGIN: case ATTR.AS_PATH: case ATTR.NEXT_HOP: case ATTR.LOCAL_PREF: case ATTR.ATOMIC_AGGREGATE:
      return WELL_KNOWN;
    case ATTR.MED: case ATTR.ORIGINATOR_ID: case ATTR.CLUSTER_LIST: case ATTR.MP_REACH_NLRI: case ATTR.MP_UNREACH_NLRI:
      return OPTIONAL_NON_TRANSITIVE;
    case ATTR.AGGREGATOR: case ATTR.COMMUNITIES: case ATTR.EXT_COMMUNITIES: case ATTR.AS4_PATH: case ATTR.AS4_AGGREGATOR:
    case ATTR.PMSI_TUNNEL: case ATTR.LARGE_COMMUNITY:
      return OPTIONAL_TRANSITIVE;
    default:
      return -1;
  }
}

/** Decodes a known, interpreted attribute into its field. */
export function decodeKnownAttribute(a: PathAttributes, type: number, b: Uint8Array, off: number, len: number, ctx: CodecContext): void {
  switch (type) {
    case ATTR.ORIGIN: a.origin = decodeOrigin(b, off, len); return;
    case ATTR.AS_PATH: a.asPath = decodeAsPath(b, off, len, ctx); return;
    case ATTR.NEXT_HOP: a.nextHop = decodeNextHop(b, off, len); return;
    case ATTR.MED: a.med = decodeMed(b, off, len); return;
    case ATTR.LOCAL_PREF: a.localPref = decodeLocalPref(b, off, len); return;
    case ATTR.ATOMIC_AGGREGATE: a.atomicAggregate = decodeAtomicAggregate(b, off, len); return;
    case ATTR.ORIGINATOR_ID: a.originatorId = decodeOriginatorId(b, off, len); return;
    case ATTR.CLUSTER_LIST: a.clusterList = decodeClusterList(b, off, len); return;
    case ATTR.EXT_COMMUNITIES: a.extCommunities = decodeExtCommunities(b, off, len); return;
    case ATTR.PMSI_TUNNEL: a.pmsiTunnel = decodePmsiTunnel(b, off, len); return;
    case ATTR.MP_REACH_NLRI: a.mpReach = decodeMpReach(b, off, len); return;
    case ATTR.MP_UNREACH_NLRI: a.mpUnreach = decodeMpUnreach(b, off, len); return;
  }
}
