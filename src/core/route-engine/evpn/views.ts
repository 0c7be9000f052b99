// Read-only views of the engine for the CLI and the REST API: `route list`, the neighbor prefix counts,
// the network counts and the remote clients. They scan, which is fine for a listing and never done on ingest.
import { compareIp } from '../rib/ip-order.js';
import { routeRow } from '../rib/route-view.js';
import type { MacFilter, RouteFilter } from '../../api/core-api.js';
import type { ClientView, MacView, NetworkView, PrefixCounts, RouteView } from '../../model/views.js';
import { LOCAL } from './mac-place.js';
import type { Path } from '../rib/path.js';
import type { RouteEngine } from '../route-engine.js';
import type { Evi } from './evi.js';
import { attributesFor } from './originate.js';

interface Row {
  readonly sortKey: string;
  readonly view: RouteView;
}

const byRow = (a: Row, b: Row): number => {
  const va = a.view.vni ?? Number.MAX_SAFE_INTEGER;
  const vb = b.view.vni ?? Number.MAX_SAFE_INTEGER;
  if (va !== vb) return va - vb;
  if (a.sortKey !== b.sortKey) return a.sortKey < b.sortKey ? -1 : 1;
  return a.view.from === b.view.from ? 0 : a.view.from === 'local' ? -1 : compareIp(a.view.from, b.view.from);
};

/** Rows of `evpnctl route list`: every received path (best or not, stale or not) and every route of ours. */
export function routeList(engine: RouteEngine, filter: RouteFilter = {}): RouteView[] {
  const rows: Row[] = [];
  for (const path of engine.routes.allPaths()) {
    if (filter.type !== undefined && path.nlri.type !== filter.type) continue;
    const info = engine.routes.attrs.get(path.attributes);
    const vnis = path.accepted && info.vxlanEncap ? engine.imports.vnisOf(info) : [];
    if (filter.vni !== undefined && !vnis.includes(filter.vni)) continue;
    const vni = filter.vni ?? vnis[0] ?? null;
    const best = path.accepted && engine.routes.best(path.key) === path;
    rows.push({
      sortKey: path.key,
      view: routeRow(path.nlri, {
        info, attributes: path.attributes, nextHop: path.nextHop, vni, best, used: best && vni !== null && isUsed(engine.evi(vni), path),
        stale: path.stale, reflected: path.reflected, from: path.peer.address,
        group: path.group ? (engine.routes.groupMemberOf(path)?.chassis ?? 'unknown') : null,
      }),
    });
  }
  for (const route of engine.origin.values()) {
    if (filter.type !== undefined && route.nlri.type !== filter.type) continue;
    if (filter.vni !== undefined && route.vni !== filter.vni) continue;
    const attributes = attributesFor(route.template, false);
    rows.push({
      sortKey: route.key,
      view: routeRow(route.nlri, {
        info: engine.routes.attrs.get(attributes), attributes, nextHop: route.template.network.vtepIp,
        vni: route.vni, best: true, used: true, stale: false, reflected: false, group: null, from: 'local',
      }),
    });
  }
  const views = rows.sort(byRow).map((r) => r.view);
  return hasViewFilter(filter) ? views.filter((v) => routeMatches(v, filter)) : views;
}

const hasViewFilter = (f: RouteFilter): boolean =>
  f.mac !== undefined || f.ip !== undefined || f.neighbor !== undefined || f.rd !== undefined || f.vtep !== undefined;

/** Whether a route row passes the filters on its shown fields (values already normalized by the parsers). */
export function routeMatches(v: RouteView, f: RouteFilter): boolean {
  if (f.mac !== undefined && v.mac !== f.mac) return false;
  if (f.ip !== undefined && v.ip !== f.ip && v.originatorIp !== f.ip && v.prefix?.split('/')[0] !== f.ip) return false;
  if (f.neighbor !== undefined && v.from !== f.neighbor) return false;
  if (f.rd !== undefined && v.rd !== f.rd) return false;
  if (f.vtep !== undefined && v.nextHop !== f.vtep && v.originatorIp !== f.vtep) return false;
  return true;
}

const byMac = (a: MacView, b: MacView): number => a.vni - b.vni || (a.mac < b.mac ? -1 : a.mac > b.mac ? 1 : 0);

/** Rows of `evpnctl mac list`: the MAC table of each EVI (or one), sorted by VNI and MAC. */
export function macList(engine: RouteEngine, filter: MacFilter = {}): MacView[] {
  const rows: MacView[] = [];
  for (const evi of engine.evis.values()) {
    if (filter.vni !== undefined && evi.vni !== filter.vni) continue;
    for (const m of evi.macTable()) {
      if (filter.mac !== undefined && m.mac !== filter.mac) continue;
      const where = m.at === null ? 'none' : m.at === LOCAL ? 'local' : 'remote';
      rows.push({
        vni: evi.vni, mac: m.mac, ips: [...m.ips], where, vtep: where === 'remote' ? m.at : null,
        localSeq: m.localSeq, remoteSeq: m.remoteSeq, sticky: m.sticky, duplicate: m.duplicate,
      });
    }
  }
  return rows.sort(byMac);
}

/**
 * Whether OVN follows an imported best path: a MAC/IP route when the EVI placed its MAC at the route's
 * VTEP (the RFC 7432 §15 winner; that VTEP's MAC-only and MAC+IP routes are merged, so all of them are
 * used); a type 3 when its originating IP is in the flood list. Other types program nothing.
 */
function isUsed(evi: Evi, path: Path): boolean {
  const nlri = path.nlri;
  if (nlri.type === 3) return evi.floodsTo(nlri.originatorIp);
  return nlri.type === 2 && evi.macLocation(nlri.mac) === path.nextHop;
}

/** The prefix counts of the neighbor view: received and accepted paths, routes advertised. */
export function prefixCounts(engine: RouteEngine, address: string): PrefixCounts {
  return { ...engine.routes.counts(address), advertised: engine.outs.get(address)?.adj.size ?? 0 };
}

/** The counts of the network view for one VNI. */
export function networkCounts(engine: RouteEngine, vni: number): Pick<NetworkView, 'localMacs' | 'remoteMacs' | 'remoteVteps' | 'floodVteps' | 'duplicateMacs'> {
  const evi = engine.evi(vni);
  const c = evi.counts();
  const duplicateMacs = evi.duplicates().map((d) => ({ mac: d.mac, location: d.location })).sort((a, b) => (a.mac < b.mac ? -1 : a.mac > b.mac ? 1 : 0));
  return { localMacs: c.localMacs, remoteMacs: c.remoteMacs, remoteVteps: [...c.remoteVteps].sort(compareIp), floodVteps: [...c.floodVteps].sort(compareIp), duplicateMacs };
}

/** The clients learned through BGP (source "remote"): one row per IP, or one with ip null for a MAC without IPs. */
export function remoteClients(engine: RouteEngine, vni?: number): ClientView[] {
  const evis = vni === undefined ? [...engine.evis.values()].sort((a, b) => a.vni - b.vni) : [engine.evi(vni)];
  const rows: ClientView[] = [];
  for (const evi of evis) {
    const macs = [...evi.remoteMacs()].sort((a, b) => (a.mac < b.mac ? -1 : a.mac > b.mac ? 1 : 0));
    for (const m of macs) {
      const ips = m.ips.length > 0 ? m.ips : [null];
      for (const ip of ips) rows.push({ vni: evi.vni, mac: m.mac, ip, port: null, source: 'remote', nextHop: m.vtep });
    }
  }
  return rows;
}
