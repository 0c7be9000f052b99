// Writes PathAttributes in the canonical order: MP_REACH/MP_UNREACH first (RFC 7606 §5.1, and what
// FRR sends), then by ascending type code (RFC 4271 §5 suggests it), raw attributes slotted in by type.
import type { PathAttributes, RawAttribute } from '../types.js';
import type { CodecContext } from '../context.js';
import type { Writer } from '../writer.js';
import { ATTR } from './attribute.js';
import { encodeOrigin } from './origin.js';
import { encodeAsPath } from './as-path.js';
import { encodeNextHop } from './next-hop.js';
import { encodeMed } from './med.js';
import { encodeLocalPref } from './local-pref.js';
import { encodeAtomicAggregate } from './atomic-aggregate.js';
import { encodeOriginatorId } from './originator-id.js';
import { encodeClusterList } from './cluster-list.js';
import { encodeExtCommunities } from './ext-communities.js';
import { encodePmsiTunnel } from './pmsi-tunnel.js';
import { encodeMpReach } from './mp-reach.js';
import { encodeMpUnreach } from './mp-unreach.js';
import { encodeRawAttribute } from './raw.js';

/** Writes every attribute present; the Total Path Attribute Length is the caller's. */
export function encodePathAttributes(w: Writer, a: PathAttributes, ctx: CodecContext): void {
  if (a.mpReach) encodeMpReach(w, a.mpReach);
  if (a.mpUnreach) encodeMpUnreach(w, a.mpUnreach);
  // Raw attributes keep their arrival order (the contract of `other`); each is written before the first
  // known attribute of a higher type code that follows it, so a sorted list comes out sorted.
  const raw: readonly RawAttribute[] = a.other;
  let i = 0;
  const rawBefore = (type: number): void => {
    while (i < raw.length && raw[i]!.type < type) encodeRawAttribute(w, raw[i++]!);
  };
  if (a.origin !== undefined) { rawBefore(ATTR.ORIGIN); encodeOrigin(w, a.origin); }
  if (a.asPath !== undefined) { rawBefore(ATTR.AS_PATH); encodeAsPath(w, a.asPath, ctx); }
  if (a.nextHop !== undefined) { rawBefore(ATTR.NEXT_HOP); encodeNextHop(w, a.nextHop); }
  if (a.med !== undefined) { rawBefore(ATTR.MED); encodeMed(w, a.med); }
  if (a.localPref !== undefined) { rawBefore(ATTR.LOCAL_PREF); encodeLocalPref(w, a.localPref); }
  if (a.atomicAggregate) { rawBefore(ATTR.ATOMIC_AGGREGATE); encodeAtomicAggregate(w); }
  if (a.originatorId !== undefined) { rawBefore(ATTR.ORIGINATOR_ID); encodeOriginatorId(w, a.originatorId); }
  if (a.clusterList !== undefined) { rawBefore(ATTR.CLUSTER_LIST); encodeClusterList(w, a.clusterList); }
  if (a.extCommunities !== undefined) { rawBefore(ATTR.EXT_COMMUNITIES); encodeExtCommunities(w, a.extCommunities); }
  if (a.pmsiTunnel !== undefined) { rawBefore(ATTR.PMSI_TUNNEL); encodePmsiTunnel(w, a.pmsiTunnel); }
  rawBefore(256);
}
