// ovs-vsctl commands for the EVPN VXLAN ports on the integration bridge, and the JSON read of the
// ports we manage. Command syntax: ovs-vsctl(8) "Port Commands" and "Database Commands".
import { kv, mapValue, step, type Command, type Step } from './chain.js';
import { EXT, identityOf, pairKey } from './naming.js';
import { atomText, mapTexts, parseTables, scalarText, setTexts } from './ovsdb-json.js';
import { pushAt, type OvsPortState } from './managed-state.js';

/** VXLAN's IANA port (RFC 7348 §5); set explicitly so a changed OVS default cannot move us. */
export const VXLAN_PORT = '4789';

/** What an EVPN port should look like. */
export interface DesiredPort {
  name: string;
  bridge: string;
  options: Record<string, string>;
  ifaceIds: Record<string, string>;
  portIds: Record<string, string>;
}

/**
 * options of the VXLAN interface of a pair (ovs-fields(7)/vswitch.conf.db(5) "Tunnel Options"). `key` is the
 * VNI the remote routes' labels carry (RFC 8365 §5.1.3); `local` must be of the remote's family (OVS refuses
 * a mix), null for none.
 */
export function vxlanOptions(key: number, remote: string, local: string | null): Record<string, string> {
  const o: Record<string, string> = { remote_ip: remote, key: String(key), dst_port: VXLAN_PORT };
  if (local !== null) o.local_ip = local;
  return o;
}

const setIds = (table: string, name: string, ids: Readonly<Record<string, string>>): Command =>
  ['set', table, name, ...Object.keys(ids).sort().map((k) => kv('external_ids', k, ids[k] ?? ''))];

/**
 * Creates or fixes a port: add-port is idempotent with --may-exist, the options map is replaced whole
 * (it is ours), external_ids are set key by key (ovn-controller adds its own keys, e.g. ovn-installed).
 * recreate first deletes a same-named port (it sat on another bridge).
 */
export function ensurePortStep(p: DesiredPort, recreate: boolean): Step {
  const cmds: Command[] = [];
  if (recreate) cmds.push(['--if-exists', 'del-port', p.name]);
  cmds.push(['--may-exist', 'add-port', p.bridge, p.name]);
  cmds.push([...setIds('Interface', p.name, p.ifaceIds), 'type=vxlan', `options=${mapValue(p.options)}`]);
  cmds.push(setIds('Port', p.name, p.portIds));
  return step(...cmds);
}

/** Deletes a port wherever it is; nothing when it is already gone. */
export const deletePortStep = (name: string): Step => step(['--if-exists', 'del-port', name]);

/** The read of everything needed to reconcile OVS: bridges (to place ports), our ports and interfaces. */
export function readPortsSteps(): Step[] {
  const mark = kv('external_ids', EXT.managed, 'true');
  return [
    step(['--columns=_uuid,name,ports', 'list', 'Bridge']),
    step(['--columns=_uuid,name,external_ids', 'find', 'Port', mark]),
    step(['--columns=name,type,options,external_ids', 'find', 'Interface', mark]),
  ];
}

/** The managed ports read back, grouped by pair key, plus strays without a valid identity. */
export interface PortsRead {
  byPair: Map<string, OvsPortState[]>;
  strays: OvsPortState[];
}

/** Parses the output of readPortsSteps (one ovs-vsctl invocation). */
export function parsePortsRead(stdout: string): PortsRead {
  const [bridges = [], ports = [], ifaces = []] = parseTables(stdout);
  const bridgeOfPort = new Map<string, string>();
  for (const b of bridges) for (const p of setTexts(b.ports)) bridgeOfPort.set(p, scalarText(b.name));
  const ifaceByName = new Map(ifaces.map((i) => [scalarText(i.name), i]));
  const out: PortsRead = { byPair: new Map(), strays: [] };
  for (const p of ports) {
    const name = scalarText(p.name);
    const iface = ifaceByName.get(name);
    const state: OvsPortState = {
      name,
      bridge: bridgeOfPort.get(atomText(p._uuid)) ?? null,
      type: iface === undefined ? '' : scalarText(iface.type),
      options: iface === undefined ? {} : mapTexts(iface.options),
      ifaceIds: iface === undefined ? {} : mapTexts(iface.external_ids),
      portIds: mapTexts(p.external_ids),
    };
    const id = identityOf(state.portIds);
    if (id === null || id.vtep === null) out.strays.push(state);
    else pushAt(out.byPair, pairKey(id.vni, id.vtep, id.key), state);
  }
  return out;
}

