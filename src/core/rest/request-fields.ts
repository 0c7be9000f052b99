// rest_vtep's request bodies (snake_case) translated to the core API's inputs (camelCase). Only names
// change here: values are validated by the core API's normalizers, once, for every adapter.
import { ValidationError } from '../errors.js';
import { HttpError } from '../http/http-error.js';
import { parseUint, parseVni } from '../model/validate.js';

/**
 * REST field name -> core input field name. A Map, not an object: a body's `__proto__` or `constructor`
 * must be an unknown field, not a hit on Object.prototype.
 */
type FieldMap = ReadonlyMap<string, string>;
const fields = (o: Record<string, string>): FieldMap => new Map(Object.entries(o));

/** POST /vtep/speakers. `dpid` is rest_vtep's OpenFlow datapath; evpnctl only echoes it (see VtepAdapter). */
export const SPEAKER_FIELDS: FieldMap = fields({
  as_number: 'asn', router_id: 'routerId', vtep_ip: 'vtepIp', vtep_ip6: 'vtepIp6', listen_address: 'listenAddress', listen_port: 'listenPort',
});

/** POST /vtep/neighbors. */
export const NEIGHBOR_FIELDS: FieldMap = fields({
  address: 'address', remote_as: 'remoteAs', local_address: 'localAddress', port: 'port', passive: 'passive',
  hold_time: 'holdTime', ebgp_multihop: 'ebgpMultihop',
});

/** POST /vtep/networks: `network_id` (Neutron) or `logical_switch` (plain OVN) names the switch. */
export const NETWORK_FIELDS: FieldMap = fields({
  vni: 'vni', network_id: 'networkId', logical_switch: 'logicalSwitch', route_dist: 'rd', import_rts: 'importRts',
  export_rts: 'exportRts', flood_unknown: 'floodUnknown',
});

/** POST /vtep/networks/{vni}/clients: `port` is an OVN logical switch port name or uuid. */
export const CLIENT_FIELDS: FieldMap = fields({ port: 'port', mac: 'mac', ip: 'ip', vni: 'vni' });

/** Core field name -> REST field name, for error messages that must name what the client sent. */
export const REST_NAME_OF: ReadonlyMap<string, string> = new Map(
  [SPEAKER_FIELDS, NEIGHBOR_FIELDS, NETWORK_FIELDS, CLIENT_FIELDS].flatMap((m) => [...m].map(([rest, core]) => [core, rest] as const)),
);

/** Renames `body`'s fields with `map`; a field it doesn't know is a 400, as a typo would silently do nothing. */
export function renameFields(body: Record<string, unknown>, map: FieldMap, what: string, extra: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(body)) {
    const core = map.get(key);
    if (core !== undefined) out[core] = value;
    else if (!extra.includes(key)) {
      throw new HttpError(400, `unknown field ${JSON.stringify(key)} in the ${what}: expected some of ${[...map.keys(), ...extra].join(', ')}`);
    }
  }
  return out;
}

/** The largest dpid a JSON number holds exactly; OpenFlow's are 64-bit but real ones are small. */
const MAX_DPID = Number.MAX_SAFE_INTEGER;

/** A speaker body: the core input, and the dpid to echo (undefined when not given). */
export function speakerRequest(body: Record<string, unknown>): { input: Record<string, unknown>; dpid: number | undefined } {
  const input = renameFields(body, SPEAKER_FIELDS, 'speaker', ['dpid']);
  const raw = Object.hasOwn(body, 'dpid') ? body.dpid : undefined;
  return { input, dpid: raw === undefined || raw === null ? undefined : parseUint('dpid', raw, 0, MAX_DPID) };
}

/** A neighbor body as the core input. */
export const neighborRequest = (body: Record<string, unknown>): Record<string, unknown> => renameFields(body, NEIGHBOR_FIELDS, 'neighbor');

/** A network body as the core input. */
export const networkRequest = (body: Record<string, unknown>): Record<string, unknown> => renameFields(body, NETWORK_FIELDS, 'network');

/** A client body for the VNI of the path; a `vni` in the body must name the same VNI. */
export function clientRequest(pathVni: number, body: Record<string, unknown>): Record<string, unknown> {
  const input = renameFields(body, CLIENT_FIELDS, 'client');
  if (Object.hasOwn(input, 'vni') && input.vni !== undefined && input.vni !== null && parseVni(input.vni, 'vni') !== pathVni) {
    throw new ValidationError('vni', input.vni, `the VNI of the path (${pathVni}) or no vni in the body`);
  }
  return { ...input, vni: pathVni };
}
