// What the daemon's subsystems report at the moment something happens. Live values (session state,
// MAC counts) are pulled from the core API at scrape time instead; only what cannot be reconstructed
// later (latencies, per-type message and route counters, errors) comes through this interface.
import type { RouteView } from '../model/views.js';

/** BGP message types (RFC 4271 §4.1, RFC 2918 for ROUTE-REFRESH). */
export type BgpMessageType = 'open' | 'update' | 'notification' | 'keepalive' | 'route-refresh';

/** Whether a message or route came from the peer (`in`) or was sent to it (`out`). */
export type Direction = 'in' | 'out';

/** EVPN route types 1..5 (RFC 7432 §7, RFC 9136). */
export type EvpnRouteType = RouteView['type'];

/** A route announced or withdrawn; `rejected` counts received routes dropped by import policy or RFC 7606. */
export type RouteAction = 'announce' | 'withdraw' | 'rejected';

/** The events the BGP speaker, the OVN programmer and the adapters report. */
export interface MetricsSink {
  /** One BGP message to or from `peer` (the neighbor address). */
  bgpMessage(peer: string, direction: Direction, type: BgpMessageType): void;
  /** `count` (default 1) EVPN routes of one type in an UPDATE to or from `peer`, next to each other in it. */
  route(peer: string, direction: Direction, routeType: EvpnRouteType, action: RouteAction, count?: number): void;
  /** One batch of OVS/OVN commands ran for `seconds`; `ok` false when it failed. */
  ovnBatch(seconds: number, ok: boolean): void;
  /** An OVN/OVS error outside a batch (monitor lost, a lookup failed), by a short stable `kind`. */
  ovnError(kind: string): void;
  /** One control-socket request of `type` answered with result `code`. */
  controlRequest(type: string, code: string): void;
  /** One REST request, by method, route template (e.g. /vtep/networks/{vni}) and HTTP status. */
  restRequest(method: string, route: string, status: number): void;
}

/** A sink that records nothing: used when no --metrics-listen is given. */
export const NOOP_SINK: MetricsSink = Object.freeze({
  bgpMessage() {},
  route() {},
  ovnBatch() {},
  ovnError() {},
  controlRequest() {},
  restRequest() {},
});
