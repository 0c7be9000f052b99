// Our own routes, per network: one type-3 and, per local MAC we own, a MAC-only type-2 plus one MAC+IP
// type-2 per IP. Every route is immutable; a change makes a new object and reports its key, so each
// peer's Adj-RIB-Out learns exactly which keys to diff.
//
// Why MAC-only alongside MAC+IP (as FRR does): the MAC-only route carries the MAC's reachability on
// its own, so an IP that ages out or changes withdraws only its MAC+IP route and never makes the MAC
// flap at the remote end; and peers that build their MAC table only from MAC-only routes still learn it.
import type { OutRoute } from '../rib/adj-rib-out.js';
import { routeKey } from '../rib/keys.js';
import type { EvpnNlri } from '../../session-engine/wire/types.js';
import type { LocalAdvert } from './evi.js';
import { imetNlri, macNlri, macTemplate, type NetworkOrigin, type RouteTemplate } from './originate.js';

/** One route we originate. */
export interface LocalRoute extends OutRoute {
  readonly nlri: EvpnNlri;
  readonly vni: number;
  readonly template: RouteTemplate;
}

interface NetworkRoutes {
  readonly origin: NetworkOrigin;
  readonly byMac: Map<string, LocalRoute[]>;
  readonly imet: LocalRoute;
}

const sameTemplate = (a: RouteTemplate, b: RouteTemplate): boolean =>
  a === b || (a.network === b.network && a.kind === b.kind && a.seq === b.seq && a.sticky === b.sticky);

/** Route key → our route, with a per-network, per-MAC index. */
export class OriginTable {
  private readonly routes = new Map<string, LocalRoute>();
  private readonly networks = new Map<number, NetworkRoutes>();

  /** `changed` is told every key whose route appeared, changed or went away. */
  constructor(private readonly changed: (key: string) => void) {}

  /** Number of routes we originate. */
  get size(): number {
    return this.routes.size;
  }

  /** Our route for a key. */
  get(key: string): LocalRoute | undefined {
    return this.routes.get(key);
  }

  /** Every route we originate. */
  values(): IterableIterator<LocalRoute> {
    return this.routes.values();
  }

  /** A network appears: its type-3 route is originated at once (RFC 7432 §11.1). */
  addNetwork(origin: NetworkOrigin): void {
    const nlri = imetNlri(origin);
    const imet: LocalRoute = { key: routeKey(nlri), nlri, vni: origin.vni, template: origin.imet };
    this.networks.set(origin.vni, { origin, byMac: new Map(), imet });
    this.put(imet);
  }

  /** A network goes: all its routes are withdrawn. */
  removeNetwork(vni: number): void {
    const net = this.networks.get(vni);
    if (net === undefined) return;
    for (const list of net.byMac.values()) for (const r of list) this.drop(r.key);
    this.drop(net.imet.key);
    this.networks.delete(vni);
  }

  /** The advertisement of one local MAC (null: withdraw). Unchanged routes keep their object. */
  setMac(vni: number, mac: string, advert: LocalAdvert | null): void {
    const net = this.networks.get(vni);
    if (net === undefined) return;
    const old = net.byMac.get(mac) ?? [];
    if (advert === null) {
      for (const r of old) this.drop(r.key);
      net.byMac.delete(mac);
      return;
    }
    const template = macTemplate(net.origin, advert.seq, advert.sticky);
    const next: LocalRoute[] = [];
    for (const ip of [null, ...advert.ips]) {
      const nlri = macNlri(net.origin, mac, ip);
      const key = routeKey(nlri);
      const prev = old.find((r) => r.key === key);
      if (prev !== undefined && sameTemplate(prev.template, template)) {
        next.push(prev);
      } else {
        const route: LocalRoute = { key, nlri, vni, template };
        this.put(route);
        next.push(route);
      }
    }
    for (const r of old) if (!next.some((n) => n.key === r.key)) this.drop(r.key);
    net.byMac.set(mac, next);
  }

  private put(route: LocalRoute): void {
    this.routes.set(route.key, route);
    this.changed(route.key);
  }

  private drop(key: string): void {
    if (this.routes.delete(key)) this.changed(key);
  }
}
