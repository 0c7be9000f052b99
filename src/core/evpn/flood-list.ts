// The flood list of one VNI: the remote VTEPs that imported type-2/type-3 best paths point at, counted
// per VTEP, and the net change of the current batch (one engine call). One record per VTEP carries both
// its count and its state before the batch, so a route costs one Map lookup, not four.
import type { EvpnEvent } from './events.js';

interface VtepCount {
  readonly vtep: string;
  /** Imported best paths pointing at the VTEP; 0 means not in the list. */
  routes: number;
  /** Touched in the current batch, and then whether it was in the list before it. */
  inBatch: boolean;
  before: boolean;
}

/** Remote VTEPs by number of routes, with the batch's joins and leaves. */
export class FloodList {
  private readonly byVtep = new Map<string, VtepCount>();
  /** The VTEPs touched in the current batch, in first-touch order (the order of their events). */
  private readonly batch: VtepCount[] = [];
  /** The last VTEP counted: the routes of one UPDATE all point at the same one. */
  private last: VtepCount | null = null;

  /** One more (+1) or one less (-1) imported route points at the VTEP. */
  count(vtep: string, delta: 1 | -1): void {
    let c = this.last !== null && this.last.vtep === vtep ? this.last : this.byVtep.get(vtep);
    if (c === undefined) {
      c = { vtep, routes: 0, inBatch: false, before: false };
      this.byVtep.set(vtep, c);
    }
    if (!c.inBatch) {
      c.inBatch = true;
      c.before = c.routes > 0;
      this.batch.push(c);
    }
    c.routes = Math.max(0, c.routes + delta);
    this.last = c;
  }

  /** True when the VTEP is in the list. */
  has(vtep: string): boolean {
    return (this.byVtep.get(vtep)?.routes ?? 0) > 0;
  }

  /** The VTEPs in the list. */
  vteps(): string[] {
    const out: string[] = [];
    for (const c of this.byVtep.values()) if (c.routes > 0) out.push(c.vtep);
    return out;
  }

  /** vtep-added for each VTEP that joined during the batch: they go before the batch's MAC events. */
  pushJoined(vni: number, out: EvpnEvent[]): void {
    for (const c of this.batch) if (!c.before && c.routes > 0) out.push({ type: 'vtep-added', vni, vtep: c.vtep });
  }

  /** vtep-removed for each VTEP that left during the batch (after the MAC events), and ends the batch. */
  pushLeftAndEnd(vni: number, out: EvpnEvent[]): void {
    for (const c of this.batch) {
      if (c.before && c.routes === 0) out.push({ type: 'vtep-removed', vni, vtep: c.vtep });
      c.inBatch = false;
      if (c.routes === 0) this.byVtep.delete(c.vtep);
    }
    this.batch.length = 0;
    this.last = null;
  }

  /** Forgets everything (the network is being removed). */
  clear(): void {
    this.byVtep.clear();
    this.batch.length = 0;
    this.last = null;
  }
}
