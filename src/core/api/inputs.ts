// Inputs to the core API and their normalization. The CLI, the control socket and the REST adapter
// all end here, so one set of rules decides what a valid speaker, neighbor, network or client is.
import { isIPv4 } from 'node:net';
import { ValidationError } from '../errors.js';
import {
  parseAsn, parseHoldTime, parseIp, parseIpv4, parseIpv6, parseMac, parseName, parseNeighborAddress, parsePort, parseRd,
  parseRt, parseTtl, parseUuid, parseVni,
} from '../model/validate.js';
import {
  DEFAULT_BGP_PORT, DEFAULT_HOLD_TIME, neutronSwitchName,
  type NeighborConfig, type NetworkConfig, type SpeakerConfig,
} from '../model/config.js';

/** The fields of a network the operator chose; the index is assigned by the daemon. */
export type NetworkSpec = Omit<NetworkConfig, 'index'>;

/** A JSON object, or a ValidationError naming what came instead. */
export function asRecord(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ValidationError(field, value, 'a JSON object');
  }
  return value as Record<string, unknown>;
}

/**
 * Refuses fields not in `allowed`. Names are looked up in a Set, never as properties of a plain object,
 * so `__proto__`, `constructor` and `prototype` are unknown fields like any other (JSON.parse makes them
 * own properties, which Object.keys lists).
 */
export function rejectUnknownFields(o: Record<string, unknown>, allowed: ReadonlySet<string>, what: string): void {
  for (const key of Object.keys(o)) {
    if (!allowed.has(key)) {
      throw new ValidationError(`${what} field`, key, `some of ${[...allowed].join(', ')}`, `unknown field ${JSON.stringify(key)} in the ${what}: expected some of ${[...allowed].join(', ')}`);
    }
  }
}

/** The fields each input may have. */
export const SPEAKER_INPUT_FIELDS: ReadonlySet<string> = new Set(['asn', 'routerId', 'vtepIp', 'vtepIp6', 'listenAddress', 'listenPort']);
export const NEIGHBOR_INPUT_FIELDS: ReadonlySet<string> = new Set(['address', 'remoteAs', 'localAddress', 'port', 'passive', 'holdTime', 'ebgpMultihop']);
export const NETWORK_INPUT_FIELDS: ReadonlySet<string> = new Set(['vni', 'networkId', 'logicalSwitch', 'rd', 'importRts', 'exportRts', 'floodUnknown']);
export const CLIENT_INPUT_FIELDS: ReadonlySet<string> = new Set(['vni', 'port', 'mac', 'ip']);

/** Reads an optional field through a parser; absent and null both mean "not given". */
export function optional<T>(o: Record<string, unknown>, key: string, parse: (v: unknown, field: string) => T): T | undefined {
  const v = Object.hasOwn(o, key) ? o[key] : undefined;
  return v === undefined || v === null ? undefined : parse(v, key);
}

/** Reads a required field through a parser. */
export function required<T>(o: Record<string, unknown>, key: string, parse: (v: unknown, field: string) => T): T {
  const v = Object.hasOwn(o, key) ? o[key] : undefined;
  if (v === undefined || v === null) throw ValidationError.missing(key, 'a value (the field is required)');
  return parse(v, key);
}

export function parseBool(value: unknown, field: string): boolean {
  if (typeof value === 'boolean') return value;
  if (value === 'true' || value === 1 || value === '1') return true;
  if (value === 'false' || value === 0 || value === '0') return false;
  throw new ValidationError(field, value, 'true or false');
}

export function parseList<T>(parse: (v: unknown, field: string) => T): (value: unknown, field: string) => T[] {
  return (value, field) => {
    if (!Array.isArray(value)) throw new ValidationError(field, value, 'a list');
    return value.map((v) => parse(v, field));
  };
}

export function speakerConfig(raw: unknown): SpeakerConfig {
  const o = asRecord(raw, 'speaker');
  rejectUnknownFields(o, SPEAKER_INPUT_FIELDS, 'speaker');
  const cfg: SpeakerConfig = {
    asn: required(o, 'asn', parseAsn),
    routerId: required(o, 'routerId', parseIpv4),
    listenPort: optional(o, 'listenPort', parsePort) ?? DEFAULT_BGP_PORT,
  };
  const vtepIp = optional(o, 'vtepIp', parseIp);
  const vtepIp6 = optional(o, 'vtepIp6', parseIpv6);
  const listenAddress = optional(o, 'listenAddress', parseIp);
  if (vtepIp !== undefined && vtepIp6 !== undefined && !isIPv4(vtepIp)) {
    throw new ValidationError('vtepIp', vtepIp, `an IPv4 VTEP next to the IPv6 VTEP ${vtepIp6} (one VTEP per family), got a second IPv6 one`);
  }
  if (vtepIp !== undefined) cfg.vtepIp = vtepIp;
  if (vtepIp6 !== undefined) cfg.vtepIp6 = vtepIp6;
  if (listenAddress !== undefined) cfg.listenAddress = listenAddress;
  return cfg;
}

export function neighborConfig(raw: unknown): NeighborConfig {
  const o = asRecord(raw, 'neighbor');
  rejectUnknownFields(o, NEIGHBOR_INPUT_FIELDS, 'neighbor');
  const cfg: NeighborConfig = {
    address: required(o, 'address', parseNeighborAddress),
    remoteAs: required(o, 'remoteAs', parseAsn),
    port: optional(o, 'port', parsePort) ?? DEFAULT_BGP_PORT,
    passive: optional(o, 'passive', parseBool) ?? false,
    holdTime: optional(o, 'holdTime', parseHoldTime) ?? DEFAULT_HOLD_TIME,
  };
  const localAddress = optional(o, 'localAddress', parseIp);
  const ebgpMultihop = optional(o, 'ebgpMultihop', parseTtl);
  if (localAddress !== undefined) cfg.localAddress = localAddress;
  if (ebgpMultihop !== undefined) cfg.ebgpMultihop = ebgpMultihop;
  return cfg;
}

export function networkSpec(raw: unknown): NetworkSpec {
  const o = asRecord(raw, 'network');
  rejectUnknownFields(o, NETWORK_INPUT_FIELDS, 'network');
  const vni = required(o, 'vni', parseVni);
  const networkId = optional(o, 'networkId', parseUuid);
  const logicalSwitch = optional(o, 'logicalSwitch', parseName);
  if (networkId !== undefined && logicalSwitch !== undefined) {
    throw new ValidationError('network', { networkId, logicalSwitch }, 'either a network id or a logical switch, not both', 'give either a Neutron network id or an OVN logical switch, not both');
  }
  if (networkId === undefined && logicalSwitch === undefined) {
    throw ValidationError.missing('network id or logical switch', 'a Neutron network id (--network-id UUID) or an OVN logical switch (--logical-switch NAME)');
  }
  const spec: NetworkSpec = {
    vni,
    logicalSwitch: networkId !== undefined ? neutronSwitchName(networkId) : (logicalSwitch as string),
    importRts: optional(o, 'importRts', parseList(parseRt)) ?? [],
    exportRts: optional(o, 'exportRts', parseList(parseRt)) ?? [],
    floodUnknown: optional(o, 'floodUnknown', parseBool) ?? true,
  };
  const rd = optional(o, 'rd', parseRd);
  if (networkId !== undefined) spec.networkId = networkId;
  if (rd !== undefined) spec.rd = rd;
  return spec;
}

/** A client before its MAC is resolved (the daemon reads it from the OVN port when absent). */
export interface ClientSpec {
  vni: number;
  port: string;
  mac?: string;
  ip?: string;
}

export function clientSpec(raw: unknown): ClientSpec {
  const o = asRecord(raw, 'client');
  rejectUnknownFields(o, CLIENT_INPUT_FIELDS, 'client');
  const spec: ClientSpec = { vni: required(o, 'vni', parseVni), port: required(o, 'port', parseName) };
  const mac = optional(o, 'mac', parseMac);
  const ip = optional(o, 'ip', parseIp);
  if (mac !== undefined) spec.mac = mac;
  if (ip !== undefined) spec.ip = ip;
  return spec;
}

/**
 * A change to an existing object: `raw` may hold only `allowed` fields; null clears an optional one.
 * The result is the old object with the change applied, still to be validated by the object's parser.
 */
export function patched(old: object, raw: unknown, what: string, allowed: readonly string[]): Record<string, unknown> {
  const o = asRecord(raw, what);
  const unknown = Object.keys(o).filter((k) => !allowed.includes(k));
  if (unknown.length > 0) throw new ValidationError(unknown[0] as string, o[unknown[0] as string], `one of the changeable ${what} settings: ${allowed.join(', ')}`);
  const next: Record<string, unknown> = { ...old };
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    if (v === null) delete next[k];
    else next[k] = v;
  }
  return next;
}

export const SPEAKER_SETTABLE = ['asn', 'routerId', 'vtepIp', 'vtepIp6', 'listenAddress', 'listenPort'] as const;
export const NEIGHBOR_SETTABLE = ['remoteAs', 'localAddress', 'port', 'passive', 'holdTime', 'ebgpMultihop'] as const;
export const NETWORK_SETTABLE = ['rd', 'importRts', 'exportRts', 'floodUnknown'] as const;
