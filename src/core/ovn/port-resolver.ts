// `client add` without --mac: find a logical switch port by name or uuid and read its switch and MACs.
// One ovn-nbctl call (JSON), a second only when a uuid was given.
import { NotFoundError } from '../errors.js';
import { portMacs, type MacIps } from './addresses.js';
import { q, step } from './chain.js';
import type { OvnExec } from './exec.js';
import { atomText, parseTables, scalarText, setTexts, type Row } from './ovsdb-json.js';

/** A port as `client add` needs it. */
export interface ResolvedPort {
  port: string;
  uuid: string;
  type: string;
  switchName: string;
  switchUuid: string;
  /** The raw addresses column. */
  addresses: string[];
  /** MACs and IPs parsed from it ("dynamic" resolved through dynamic_addresses). */
  macs: MacIps[];
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PORT_COLUMNS = '--columns=_uuid,name,type,addresses,dynamic_addresses';

/** Finds a port by name (or uuid) and the switch that holds it. */
export async function resolvePort(exec: OvnExec, nameOrUuid: string): Promise<ResolvedPort> {
  const [out = ''] = await exec.nbctl([
    step(['--columns=_uuid,name,ports', 'list', 'Logical_Switch']),
    step([PORT_COLUMNS, 'find', 'Logical_Switch_Port', `name=${q(nameOrUuid)}`]),
  ], { json: true });
  const [switches = [], byName = []] = parseTables(out);
  let port: Row | undefined = byName[0];
  const uuid = port !== undefined ? atomText(port._uuid) : nameOrUuid.toLowerCase();
  const sw = switches.find((s) => setTexts(s.ports).includes(uuid));
  if (port === undefined && UUID_RE.test(nameOrUuid) && sw !== undefined) {
    const [again = ''] = await exec.nbctl([step([PORT_COLUMNS, 'list', 'Logical_Switch_Port', uuid])], { json: true });
    port = parseTables(again)[0]?.[0];
  }
  if (port === undefined || sw === undefined) {
    throw new NotFoundError(`expected a logical switch port named ${JSON.stringify(nameOrUuid)} (or with that uuid) on a logical switch, got none`);
  }
  const addresses = setTexts(port.addresses);
  return {
    port: scalarText(port.name), uuid, type: scalarText(port.type), switchName: scalarText(sw.name), switchUuid: atomText(sw._uuid),
    addresses, macs: portMacs(addresses, setTexts(port.dynamic_addresses)[0] ?? null),
  };
}
