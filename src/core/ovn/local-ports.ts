// Which local VM MACs sit on the mapped logical switches, computed from the monitored
// Logical_Switch and Logical_Switch_Port rows, and the typed changes between two such views.
// VM ports are type "" with addresses, minus our own EVPN ports (evpnctl-managed in external_ids).
import { portMacs } from './addresses.js';
import { EXT } from './naming.js';
import { mapTexts, scalarText, setTexts } from './ovsdb-json.js';

/** One MAC of one VM port on a mapped switch. */
export interface LocalMac {
  /** The switch as configured (name or uuid), so the caller can find the VNI. */
  logicalSwitch: string;
  switchName: string;
  switchUuid: string;
  port: string;
  portUuid: string;
  mac: string;
  ips: string[];
}

/** A change of the local MACs. */
export type LocalMacEvent =
  | { type: 'local-mac-added'; mac: LocalMac }
  | { type: 'local-mac-updated'; mac: LocalMac; previous: LocalMac }
  | { type: 'local-mac-removed'; mac: LocalMac };

/** Local MACs by key switchUuid|portUuid|mac. */
export type LocalView = Map<string, LocalMac>;

/** Builds the view: for each mapped switch (by name or uuid), the MACs of its VM ports. */
export function localView(
  switches: ReadonlyMap<string, Readonly<Record<string, unknown>>>,
  ports: ReadonlyMap<string, Readonly<Record<string, unknown>>>,
  mapped: ReadonlySet<string>,
): LocalView {
  const view: LocalView = new Map();
  for (const [swUuid, sw] of switches) {
    const swName = scalarText(sw.name);
    const configured = mapped.has(swName) ? swName : mapped.has(swUuid) ? swUuid : null;
    if (configured === null) continue;
    for (const portUuid of setTexts(sw.ports)) {
      const p = ports.get(portUuid);
      if (p === undefined || scalarText(p.type) !== '') continue;
      if (mapTexts(p.external_ids)[EXT.managed] === 'true') continue;
      const dyn = setTexts(p.dynamic_addresses)[0] ?? null;
      for (const m of portMacs(setTexts(p.addresses), dyn)) {
        view.set(`${swUuid}|${portUuid}|${m.mac}`, {
          logicalSwitch: configured, switchName: swName, switchUuid: swUuid, port: scalarText(p.name), portUuid, mac: m.mac, ips: m.ips,
        });
      }
    }
  }
  return view;
}

/** The events that turn view `before` into view `after`: removals first, then additions and updates. */
export function diffViews(before: LocalView, after: LocalView): LocalMacEvent[] {
  const out: LocalMacEvent[] = [];
  for (const [k, m] of before) if (!after.has(k)) out.push({ type: 'local-mac-removed', mac: m });
  for (const [k, m] of after) {
    const old = before.get(k);
    if (old === undefined) out.push({ type: 'local-mac-added', mac: m });
    else if (old.port !== m.port || old.logicalSwitch !== m.logicalSwitch || old.ips.join(' ') !== m.ips.join(' ')) {
      out.push({ type: 'local-mac-updated', mac: m, previous: old });
    }
  }
  return out;
}
