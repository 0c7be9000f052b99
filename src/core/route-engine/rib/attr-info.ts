// What the decision process and the import step read from a path's attributes, extracted once per
// attributes object (so once per UPDATE, not once per route) and cached by identity.
import { PMSI_INGRESS_REPLICATION, TUNNEL_TYPE_VXLAN, type PathAttributes } from '../../session-engine/wire/types.js';
import { formatRt, wildcardRtKey } from '../../session-engine/wire/route-target.js';

/** LOCAL_PREF assumed when a path has none (eBGP-learned): FRR's and most stacks' default. */
export const DEFAULT_LOCAL_PREF = 100;

/** The facts the RIB needs from one attributes object. */
export interface AttrInfo {
  /** Route targets as text (`65000:10`), in arrival order, duplicates removed. */
  readonly rts: readonly string[];
  /**
   * What the RT import index looks up: each RT's text (exact match, for configured import RTs) and its
   * local administrator alone as `*:<n>` (any AS, for automatic import RTs: see rt-import.ts).
   */
  readonly importKeys: readonly string[];
  /** MAC Mobility sequence number, 0 when the EC is absent (RFC 7432 §7.7). */
  readonly seq: number;
  /** The MAC Mobility "sticky/static" flag (RFC 7432 §15.2). */
  readonly sticky: boolean;
  readonly localPref: number;
  /** AS_PATH length per RFC 4271 §9.1.2.2 (b): an AS_SET counts 1, confederation segments 0 (RFC 5065 §5.3). */
  readonly asPathLength: number;
  /** First AS of the AS_PATH (the neighbor AS that MED is scoped to), null for a path from inside our AS. */
  readonly neighborAs: number | null;
  readonly origin: number;
  /** MED; a missing MED is the lowest value, 0 (RFC 4271 §9.1.2.2 (c)). */
  readonly med: number;
  readonly originatorId: string | null;
  readonly clusterListLength: number;
  /** True when our own AS appears in the AS_PATH: a loop (RFC 4271 §9.1.2). */
  readonly ownAsInPath: boolean;
  /**
   * False when Encapsulation ECs are present and none names VXLAN (RFC 9012 §4.1 tunnel type 8): such a
   * route is for another data plane (MPLS, NVGRE, ...) and is not imported into a VXLAN EVI. No Encap EC at
   * all is true: RFC 8365 §5.1.3 then assumes the statically configured encapsulation (ours is VXLAN), and
   * FRR imports such routes too.
   */
  readonly vxlanEncap: boolean;
  /**
   * The PMSI Tunnel label when the tunnel type is ingress replication (RFC 6514 §5, type 6), else null.
   * With VXLAN it carries the VNI to send BUM traffic with (RFC 8365 §5.1.3); only a type 3 with it puts
   * its VTEP in the flood list (RFC 8365 §9).
   */
  readonly ingressReplicationLabel: number | null;
  /** The import step's cache: which VNIs these RTs import into, valid for one generation of the RT index. */
  importCache: { generation: number; vnis: readonly number[] } | null;
}

/** Extracts AttrInfo once per attributes object; a WeakMap lets it go when the last path goes. */
export class AttrInfoCache {
  private readonly cache = new WeakMap<PathAttributes, AttrInfo>();
  /** The last lookup: the routes of one UPDATE ask for the same object one after another. */
  private lastAttrs: PathAttributes | null = null;
  private lastInfo: AttrInfo | null = null;

  constructor(private readonly ownAs: number) {}

  /** The facts of one attributes object, computed on first use. */
  get(attrs: PathAttributes): AttrInfo {
    if (attrs === this.lastAttrs && this.lastInfo !== null) return this.lastInfo;
    let info = this.cache.get(attrs);
    if (info === undefined) {
      info = extract(attrs, this.ownAs);
      this.cache.set(attrs, info);
    }
    this.lastAttrs = attrs;
    this.lastInfo = info;
    return info;
  }
}

function extract(attrs: PathAttributes, ownAs: number): AttrInfo {
  const rts: string[] = [];
  const wildcards: string[] = [];
  let seq = 0;
  let sticky = false;
  let mobilitySeen = false;
  let encapSeen = false;
  let vxlanSeen = false;
  for (const ec of attrs.extCommunities ?? []) {
    if (ec.kind === 'route-target') {
      const text = formatRt(ec.rt);
      if (!rts.includes(text)) rts.push(text);
      const any = wildcardRtKey(ec.rt.assigned);
      if (!wildcards.includes(any)) wildcards.push(any);
    } else if (ec.kind === 'encapsulation') {
      encapSeen = true;
      if (ec.tunnelType === TUNNEL_TYPE_VXLAN) vxlanSeen = true;
    } else if (ec.kind === 'mac-mobility' && !mobilitySeen) {
      // RFC 7432 §7.7 expects one; like FRR, the first one counts.
      mobilitySeen = true;
      seq = ec.seq;
      sticky = ec.sticky;
    }
  }
  let asPathLength = 0;
  let neighborAs: number | null = null;
  let ownAsInPath = false;
  for (const seg of attrs.asPath ?? []) {
    if (seg.type === 2) asPathLength += seg.asns.length;
    else if (seg.type === 1) asPathLength += 1;
    if (neighborAs === null && seg.type === 2 && seg.asns.length > 0) neighborAs = seg.asns[0] ?? null;
    if (seg.asns.includes(ownAs)) ownAsInPath = true;
  }
  return {
    rts: rts.slice(), // exact size: the push()-grown array reserves 17 slots
    importKeys: rts.concat(wildcards),
    seq,
    sticky,
    localPref: attrs.localPref ?? DEFAULT_LOCAL_PREF,
    asPathLength,
    neighborAs,
    origin: attrs.origin ?? 2, // missing ORIGIN is malformed (RFC 7606 §7.1); rank it last
    med: attrs.med ?? 0,
    originatorId: attrs.originatorId ?? null,
    clusterListLength: attrs.clusterList?.length ?? 0,
    ownAsInPath,
    vxlanEncap: !encapSeen || vxlanSeen,
    ingressReplicationLabel: attrs.pmsiTunnel?.tunnelType === PMSI_INGRESS_REPLICATION ? attrs.pmsiTunnel.label : null,
    importCache: null,
  };
}
