// The MAC mobility order of RFC 7432 §15, shared by the per-route decision (best path among peers)
// and the per-MAC decision of an EVI (which VTEP, or us, owns a MAC).
import { compareIp } from './ip-order.js';

/** One place's claim on a MAC: its sequence number, sticky flag and VTEP IP. */
export interface MobilityClaim {
  readonly seq: number;
  readonly sticky: boolean;
  readonly vtep: string;
}

/**
 * Negative when claim a wins. RFC 7432 §15.2: a sticky (static) MAC never loses to a non-sticky one.
 * §15.1: the higher sequence number wins; on equal numbers the lower VTEP IP wins.
 * Sequence numbers are compared as plain integers (no wrap-around handling).
 */
export const compareClaims = (a: MobilityClaim, b: MobilityClaim): number =>
  compareClaimParts(a.sticky, a.seq, a.vtep, b.sticky, b.seq, b.vtep);

/** compareClaims on the parts of two claims, for loops over paths that should not make a claim object per path. */
export function compareClaimParts(aSticky: boolean, aSeq: number, aVtep: string, bSticky: boolean, bSeq: number, bVtep: string): number {
  if (aSticky !== bSticky) return aSticky ? -1 : 1;
  if (aSeq !== bSeq) return bSeq - aSeq;
  return compareIp(aVtep, bVtep);
}
