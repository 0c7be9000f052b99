// One row of `evpnctl route list` per path: the RouteView shape of src/core/model/views.ts.
import type { RouteView } from '../../model/views.js';
import type { EvpnNlri, PathAttributes } from '../../session-engine/wire/types.js';
import type { AttrInfo } from './attr-info.js';
import { formatRd } from '../../session-engine/wire/rd.js';

/** What a row needs beyond the NLRI and its attributes. */
export interface RowContext {
  readonly info: AttrInfo;
  readonly attributes: PathAttributes;
  readonly nextHop: string;
  readonly vni: number | null;
  readonly best: boolean;
  readonly used: boolean;
  readonly stale: boolean;
  readonly reflected: boolean;
  /** The HA group member's chassis for another member's route, else null. */
  readonly group: string | null;
  /** "local" for our own routes, else the neighbor address. */
  readonly from: string;
}

const isZeroIp = (ip: string): boolean => ip === '0.0.0.0' || ip === '::';

/** The label an NLRI carries (the VNI for VXLAN, RFC 8365 §5.1.3); for type 3 it is in the PMSI attribute. */
function labelOf(nlri: EvpnNlri, attributes: PathAttributes): number | null {
  switch (nlri.type) {
    case 1:
    case 5:
      return nlri.label;
    case 2:
      return nlri.label1;
    case 3:
      return attributes.pmsiTunnel?.label ?? null;
    case 4:
      return null;
  }
}

/** Builds one RouteView row. */
export function routeRow(nlri: EvpnNlri, ctx: RowContext): RouteView {
  return {
    type: nlri.type,
    rd: formatRd(nlri.rd),
    esi: nlri.type === 3 ? null : nlri.esi,
    etag: nlri.type === 4 ? 0 : nlri.etag,
    mac: nlri.type === 2 ? nlri.mac : null,
    ip: nlri.type === 2 ? nlri.ip : nlri.type === 5 && !isZeroIp(nlri.gateway) ? nlri.gateway : null,
    vni: ctx.vni,
    label: labelOf(nlri, ctx.attributes),
    nextHop: ctx.nextHop,
    originatorIp: nlri.type === 3 || nlri.type === 4 ? nlri.originatorIp : null,
    rts: [...ctx.info.rts],
    seq: ctx.info.seq,
    sticky: ctx.info.sticky,
    best: ctx.best,
    used: ctx.used,
    stale: ctx.stale,
    reflected: ctx.reflected,
    group: ctx.group,
    from: ctx.from,
    prefix: nlri.type === 5 ? nlri.prefix : null,
  };
}
