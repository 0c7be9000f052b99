// Importing best-path changes into the EVIs by route target (never by RD). The changes one UPDATE
// causes come as a run whose paths share their attributes objects, so they import into the same
// VNIs: the RT work (facts, VNIs, the RT → key index) is done once per run, not once per route.
import type { AttrInfo, AttrInfoCache } from '../rib/attr-info.js';
import type { BestChange } from '../rib/loc-rib.js';
import type { RtImportIndex } from '../rib/rt-import.js';
import type { Evi } from './evi.js';

const NONE: readonly number[] = Object.freeze([]);

/** What importing needs from the engine. */
export interface ImportContext {
  readonly attrs: AttrInfoCache;
  readonly imports: RtImportIndex;
  /** The EVI of a VNI, marked as touched by the current call; undefined when no network has the VNI. */
  touchEvi(vni: number): Evi | undefined;
}

/** Imports each change into the EVIs of the VNIs its previous and current paths' RTs import into. */
export function importChanges(changes: readonly BestChange[], ctx: ImportContext): void {
  for (let start = 0, end = 0; start < changes.length; start = end) {
    end = runEnd(changes, start);
    const { previous, current } = changes[start] as BestChange;
    const prevInfo = previous && ctx.attrs.get(previous.attributes);
    const curInfo = current && ctx.attrs.get(current.attributes);
    ctx.imports.trackRun(changes, start, end, prevInfo, curInfo);
    const before = vnisFor(ctx, prevInfo);
    const after = vnisFor(ctx, curInfo);
    // A VNI on both sides sees the change; one only before sees a withdrawal, one only after an announcement.
    for (const vni of before) ctx.touchEvi(vni)?.applyRoutes(changes, start, end, true, after.includes(vni));
    for (const vni of after) if (!before.includes(vni)) ctx.touchEvi(vni)?.applyRoutes(changes, start, end, false, true);
  }
}

/** The VNIs a path imports into: by RT, and only when it is for VXLAN (RFC 8365 §5.1.3, see AttrInfo.vxlanEncap). */
const vnisFor = (ctx: ImportContext, info: AttrInfo | undefined): readonly number[] =>
  (info === undefined || !info.vxlanEncap ? NONE : ctx.imports.vnisOf(info));

/** Where the run of changes from `start` ends: the changes whose previous and current paths have the same attributes objects. */
function runEnd(changes: readonly BestChange[], start: number): number {
  const { previous, current } = changes[start] as BestChange;
  const before = previous?.attributes;
  const after = current?.attributes;
  let end = start + 1;
  while (end < changes.length) {
    const c = changes[end] as BestChange;
    if (c.previous?.attributes !== before || c.current?.attributes !== after) break;
    end++;
  }
  return end;
}
