// The EVPN VXLAN ports on the integration bridge: their writes as prepared OVSDB transactions on the
// Open_vSwitch database (vswitch.conf.db(5): Bridge.ports → Port.interfaces → Interface, Port and Interface
// non-root, so a port lives exactly as long as a bridge references it), and the ovs-vsctl JSON read of the
// ports we manage (ovs-vsctl(8) "Database Commands").
import { kv, step, type Step } from './chain.js';
import { byUuid, newUuid, ovsMap, setKeys, txStep, uuidRef, type TxStep } from './txn.js';
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

/** The uuids of a port we wrote or read: its Port and Interface rows. */
export interface PortRows {
  uuid: string;
  ifaceUuid: string;
}

const bridgeLink = (bridge: string, mutator: 'insert' | 'delete', uuid: string) =>
  ({ table: 'Bridge', where: [['name', '==', bridge]], column: 'ports', mutator, uuid });

/**
 * Creates a port: an Interface and a Port row with uuids of ours, and the Bridge's reference to the Port
 * (what ovs-vsctl add-port writes, without its download and re-verification of the whole database).
 * `replacing` is a same-named port of ours to drop in the same transaction (it sat on another bridge).
 */
export function createPortStep(p: DesiredPort, replacing: (PortRows & { bridge: string | null }) | null = null): { step: TxStep; rows: PortRows } {
  const rows = { uuid: newUuid(), ifaceUuid: newUuid() };
  const links = [];
  if (replacing !== null && replacing.bridge !== null) links.push(bridgeLink(replacing.bridge, 'delete', replacing.uuid));
  links.push(bridgeLink(p.bridge, 'insert', rows.uuid));
  const ops = [
    { op: 'insert', table: 'Interface', uuid: rows.ifaceUuid, row: { name: p.name, type: 'vxlan', options: ovsMap(p.options), external_ids: ovsMap(p.ifaceIds) } },
    { op: 'insert', table: 'Port', uuid: rows.uuid, row: { name: p.name, interfaces: uuidRef(rows.ifaceUuid), external_ids: ovsMap(p.portIds) } },
  ];
  return { step: txStep(ops, links), rows };
}

/**
 * Fixes a port of ours in place, by uuid: the options map is replaced whole (it is ours), external_ids are set
 * key by key (ovn-controller adds its own keys, e.g. ovn-installed).
 */
export function fixPortStep(p: DesiredPort, rows: PortRows): TxStep {
  return txStep([
    { op: 'update', table: 'Interface', where: byUuid(rows.ifaceUuid), row: { type: 'vxlan', options: ovsMap(p.options) } },
    { op: 'mutate', table: 'Interface', where: byUuid(rows.ifaceUuid), mutations: setKeys('external_ids', p.ifaceIds) },
    { op: 'mutate', table: 'Port', where: byUuid(rows.uuid), mutations: setKeys('external_ids', p.portIds) },
  ].filter((op) => op.op !== 'mutate' || (op.mutations as unknown[]).length > 0));
}

/** Deletes a port: drops its bridge's reference (the Port and Interface rows go with it). Nothing for a port on no bridge (it cannot exist). */
export function deletePortStep(p: { uuid: string; bridge: string | null }): TxStep {
  return txStep([], p.bridge === null ? [] : [bridgeLink(p.bridge, 'delete', p.uuid)]);
}

/** The read of everything needed to reconcile OVS: bridges (to place ports), our ports and interfaces. */
export function readPortsSteps(): Step[] {
  const mark = kv('external_ids', EXT.managed, 'true');
  return [
    step(['--columns=_uuid,name,ports', 'list', 'Bridge']),
    step(['--columns=_uuid,name,interfaces,external_ids', 'find', 'Port', mark]),
    step(['--columns=_uuid,name,type,options,external_ids', 'find', 'Interface', mark]),
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
  const ifaceByUuid = new Map(ifaces.map((i) => [atomText(i._uuid), i]));
  const out: PortsRead = { byPair: new Map(), strays: [] };
  for (const p of ports) {
    const name = scalarText(p.name);
    // A Port's own Interface, by reference (names agree for ours; a marked Interface of a foreign port does not count).
    const ifaceUuid = setTexts(p.interfaces)[0] ?? '';
    const iface = ifaceByUuid.get(ifaceUuid);
    const state: OvsPortState = {
      name,
      uuid: atomText(p._uuid),
      ifaceUuid,
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

