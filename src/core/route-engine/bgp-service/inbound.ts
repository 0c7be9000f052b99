// UPDATEs from a peer into the RouteEngine, with the RFC 7606 outcome the codec decided, and the
// per-route metrics (announce / withdraw / rejected).
import type { RouteEngine } from '../route-engine.js';
import type { EvpnEvent } from '../evpn/events.js';
import type { Logger } from '../../log.js';
import { bounded, hexExcerpt, type RateLimitedLog } from '../../log-limit.js';
import type { MetricsSink, RouteAction, Direction } from '../../metrics/sink.js';
import { isKnownRoute } from '../../session-engine/wire/evpn/index.js';
import { isEndOfRib } from '../../session-engine/wire/end-of-rib.js';
import type { EvpnNlri, EvpnRoute, MpReach, MpUnreach, UpdateMessage } from '../../session-engine/wire/types.js';
import type { ReceivedUpdate } from '../../session-engine/session/types.js';

/** Appends without spreading (batches can be large). */
export function append<T>(into: T[], items: readonly T[]): void {
  for (const x of items) into.push(x);
}

const routesOf = (f: MpReach | MpUnreach | undefined): readonly EvpnRoute[] => f?.evpn ?? [];

/**
 * Counts each EVPN route of a list in the metrics: one call per run of routes of one type (an UPDATE from
 * FRR is one run), not one per route, so a full table costs the sink (label lookups) per UPDATE.
 */
export function countRoutes(metrics: MetricsSink, peer: string, direction: Direction, routes: readonly EvpnRoute[], action: RouteAction): void {
  let type = 0;
  let run = 0;
  for (const r of routes) {
    const t = r.type >= 1 && r.type <= 5 ? r.type : 0;
    if (t === type) {
      run++;
      continue;
    }
    if (type !== 0) metrics.route(peer, direction, type as 1 | 2 | 3 | 4 | 5, action, run);
    type = t;
    run = 1;
  }
  if (type !== 0) metrics.route(peer, direction, type as 1 | 2 | 3 | 4 | 5, action, run);
}

/** Counts the routes an UPDATE sends or brings. */
export function countUpdate(metrics: MetricsSink, peer: string, direction: Direction, u: UpdateMessage): void {
  countRoutes(metrics, peer, direction, routesOf(u.attributes.mpUnreach), 'withdraw');
  countRoutes(metrics, peer, direction, routesOf(u.attributes.mpReach), 'announce');
}

/** An UPDATE's problems for one bounded log line: the list cut short, and the start of the message in hex. */
const problemText = (problems: readonly string[], raw: Uint8Array | undefined): string =>
  `${bounded(`${problems.length} problem(s): ${problems.join('; ')}`)}${raw === undefined ? '' : `; UPDATE ${hexExcerpt(raw)}`}`;

/** Feeds one batch to the engine; the events go to `out`. True when the batch held End-of-RIB (RFC 4724 §2). */
export function ingestBatch(engine: RouteEngine, address: string, batch: readonly ReceivedUpdate[], o: { metrics: MetricsSink; log: Logger; logLimit: RateLimitedLog }, out: EvpnEvent[]): boolean {
  let endOfRib = false;
  for (const { update, action, problems, raw } of batch) {
    const { mpReach, mpUnreach } = update.attributes;
    if (action === 'treat-as-withdraw') {
      // RFC 7606 §2: every route the UPDATE names is withdrawn, announced or not.
      const nlri = [...routesOf(mpReach), ...routesOf(mpUnreach)].filter((r): r is EvpnNlri => isKnownRoute(r));
      o.logLimit.write(o.log, 'warn', `bad UPDATE ${address}`, `bgp: UPDATE from ${address} treated as withdraw (RFC 7606), ${nlri.length} route(s): ${problemText(problems, raw)}`);
      countRoutes(o.metrics, address, 'in', nlri, 'rejected');
      append(out, engine.withdraw(address, nlri));
      continue;
    }
    if (problems.length > 0) o.logLimit.write(o.log, 'warn', `bad UPDATE ${address}`, `bgp: UPDATE from ${address}: attribute discarded (RFC 7606): ${problemText(problems, raw)}`);
    countUpdate(o.metrics, address, 'in', update);
    if (isEndOfRib(update)) endOfRib = true;
    append(out, engine.ingest(address, update));
  }
  return endOfRib;
}
