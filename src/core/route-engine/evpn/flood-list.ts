// The remote ends of one VNI: each (VTEP, key) that imported best paths point at, counted, and which
// of them take BUM traffic. A VTEP is in the flood list only while it has a type 3 with a PMSI Tunnel
// of type ingress replication for that key (RFC 8365 §9, RFC 7432 §11); one known only from type 2s
// gets unicast for its MACs and nothing else. Also the net change of the current batch (one engine
// call). One record per (VTEP, key) carries both its counts and its state before the batch, so a route
// costs one Map lookup.
import type { EvpnEvent } from './events.js';

interface EndCount {
  readonly vtep: string;
  readonly key: number;
  /** Imported best paths pointing at the end (type 2s and ingress-replication type 3s); 0: gone. */
  routes: number;
  /** Of those, the ingress-replication type 3s: more than 0 means it is in the flood list. */
  floods: number;
  /** Touched in the current batch, and then whether it existed / flooded before it. */
  inBatch: boolean;
  before: boolean;
  floodBefore: boolean;
}

const endId = (vtep: string, key: number): string => `${vtep}|${key}`;

/** The `key` of an event: absent when it is the EVI's VNI (the usual case, see events.ts). */
export const keyField = (key: number, vni: number): { key?: number } => (key === vni ? {} : { key });

/** Remote (VTEP, key) ends by number of routes, with the batch's joins, flood changes and leaves. */
export class FloodList {
  private readonly byEnd = new Map<string, EndCount>();
  /** The ends touched in the current batch, in first-touch order (the order of their events). */
  private readonly batch: EndCount[] = [];
  /** The last end counted: the routes of one UPDATE all point at the same one. */
  private last: EndCount | null = null;

  /** One more (+1) or one less (-1) imported route points at (vtep, key); flood: it is an IR type 3. */
  count(vtep: string, key: number, delta: 1 | -1, flood: boolean): void {
    let c = this.last !== null && this.last.vtep === vtep && this.last.key === key ? this.last : this.byEnd.get(endId(vtep, key));
    if (c === undefined) {
      c = { vtep, key, routes: 0, floods: 0, inBatch: false, before: false, floodBefore: false };
      this.byEnd.set(endId(vtep, key), c);
    }
    if (!c.inBatch) {
      c.inBatch = true;
      c.before = c.routes > 0;
      c.floodBefore = c.floods > 0;
      this.batch.push(c);
    }
    c.routes = Math.max(0, c.routes + delta);
    if (flood) c.floods = Math.max(0, c.floods + delta);
    this.last = c;
  }

  /** True when some route points at the VTEP (any key). */
  has(vtep: string): boolean {
    for (const c of this.byEnd.values()) if (c.vtep === vtep && c.routes > 0) return true;
    return false;
  }

  /** The remote VTEPs with at least one route, each once (whatever its keys). */
  vteps(): string[] {
    const out = new Set<string>();
    for (const c of this.byEnd.values()) if (c.routes > 0) out.add(c.vtep);
    return [...out];
  }

  /** The VTEPs that take BUM traffic (an IR type 3 for some key). */
  floodVteps(): string[] {
    const out = new Set<string>();
    for (const c of this.byEnd.values()) if (c.floods > 0) out.add(c.vtep);
    return [...out];
  }

  /** Every (VTEP, key) end with at least one route. */
  ends(): { vtep: string; key: number }[] {
    const out: { vtep: string; key: number }[] = [];
    for (const c of this.byEnd.values()) if (c.routes > 0) out.push({ vtep: c.vtep, key: c.key });
    return out;
  }

  /** vtep-added for each end that joined or changed its flood membership: they go before the batch's MAC events. */
  pushJoined(vni: number, out: EvpnEvent[]): void {
    for (const c of this.batch) {
      if (c.routes === 0) continue;
      const flood = c.floods > 0;
      if (!c.before || flood !== c.floodBefore) {
        // Defaults stay implicit (key = VNI, flood = true), so the usual event reads as it always has.
        out.push({ type: 'vtep-added', vni, vtep: c.vtep, ...keyField(c.key, vni), ...(flood ? {} : { flood: false }) });
      }
    }
  }

  /** vtep-removed for each end that left during the batch (after the MAC events), and ends the batch. */
  pushLeftAndEnd(vni: number, out: EvpnEvent[]): void {
    for (const c of this.batch) {
      if (c.before && c.routes === 0) out.push({ type: 'vtep-removed', vni, vtep: c.vtep, ...keyField(c.key, vni) });
      c.inBatch = false;
      if (c.routes === 0) this.byEnd.delete(endId(c.vtep, c.key));
    }
    this.batch.length = 0;
    this.last = null;
  }

  /** Forgets everything (the network is being removed). */
  clear(): void {
    this.byEnd.clear();
    this.batch.length = 0;
    this.last = null;
  }
}
