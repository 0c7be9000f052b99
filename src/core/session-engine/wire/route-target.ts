// Route targets, RFC 4360 §4 (2-octet AS, IPv4) and RFC 5668 §2 (4-octet AS): an extended community
// of subtype 0x02 whose type octet says which administrator form follows. Text forms match rd.ts.
import type { RouteTarget } from './types.js';
import { formatIpv4, ipv4Bytes } from './text/addr.js';
import { parseAdminAssigned } from './rd.js';
import type { Writer } from './writer.js';
import { be16, be32 } from './bytes.js';

/** Extended community subtype of a route target. */
export const RT_SUBTYPE = 0x02;

/** Decodes the 6 value octets after type/subtype; `type` is the low 6 bits of the type octet. */
export function decodeRt(type: number, b: Uint8Array, off: number): RouteTarget | null {
  switch (type) {
    case 0:
      return { type: 0, asn: be16(b, off), assigned: be32(b, off + 2) };
    case 1:
      return { type: 1, ip: formatIpv4(b, off), assigned: be16(b, off + 4) };
    case 2:
      return { type: 2, asn: be32(b, off), assigned: be16(b, off + 4) };
    default:
      return null;
  }
}

/** Writes the 6 value octets of an RT (the caller writes type and subtype). */
export function encodeRtValue(w: Writer, rt: RouteTarget): void {
  if (rt.type === 0) w.u16(rt.asn).u32(rt.assigned);
  else if (rt.type === 1) w.bytes(ipv4Bytes(rt.ip)).u16(rt.assigned);
  else w.u32(rt.asn).u16(rt.assigned);
}

/** "65000:10", "192.168.100.1:5". */
export function formatRt(rt: RouteTarget): string {
  if (rt.type === 1) return `${rt.ip}:${rt.assigned}`;
  // A type-2 (4-octet AS) value whose AS fits in 2 octets keeps FRR's `L` so the text parses back to type 2.
  return rt.type === 2 && rt.asn <= 0xffff ? `${rt.asn}L:${rt.assigned}` : `${rt.asn}:${rt.assigned}`;
}

/** Parses "65000:10" (type 0), "192.168.100.1:5" (type 1), "4200000000:10" or "65000L:10" (type 2). */
export function parseRt(text: string, field = 'RT'): RouteTarget {
  const v = parseAdminAssigned(text, field);
  if (v.ip !== undefined) return { type: 1, ip: v.ip, assigned: v.assigned };
  return v.long || v.asn > 0xffff ? { type: 2, asn: v.asn, assigned: v.assigned } : { type: 0, asn: v.asn, assigned: v.assigned };
}

/** The route target FRR derives for a VNI: `<AS & 0xFFFF>:<VNI>`, type 0 (RFC 8365 §5.1.2.1). */
export const autoRouteTarget = (asn: number, vni: number): RouteTarget => ({ type: 0, asn: asn & 0xffff, assigned: vni });

/**
 * The import key of an RT's local administrator with any global administrator: `*:<n>`. FRR imports a
 * route into a VNI whose import RT is automatic when any RT of the route (2-octet AS, 4-octet AS or IPv4
 * form) has the VNI as its local administrator, whatever the AS: eBGP peers derive their RTs from their
 * own AS (bgp_evpn.c, mask_ecom_global_admin). Configured RTs still match exactly.
 */
export const wildcardRtKey = (assigned: number): string => `*:${assigned}`;

/** Type bits of an RFC 8365 §5.1.2.1 automatic RT for VXLAN (A = 0, Type = 1, D-ID = 0): FRR's `autort rfc8365-compatible`. */
export const RFC8365_VXLAN_AUTO_RT = 0x10000000;
