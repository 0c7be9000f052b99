// The control protocol between `evpnctl` and `evpnctl daemon`: newline-delimited JSON over a Unix socket.
// A client sends one Envelope per line; the daemon answers with one `result` or `error` line, or, for a
// listing, any number of `item` lines closed by an explicit `end` line (as bgpctl's IMSG_CTL_END).
import { ProtocolError, ValidationError, type ResultCode } from '../errors.js';
import { parseIp, parseMac, parseRd, parseUint, parseVni } from '../model/validate.js';
import { asRecord, optional, parseBool, rejectUnknownFields, required } from '../api/inputs.js';
import type { ChangeResult, ResetMode, WaitView } from '../api/core-api.js';
import type { MonitorEvent } from '../daemon/monitor-bus.js';
import type { ClientView, ConfigView, MacView, NeighborView, NetworkView, ReloadView, RouteView, SpeakerView, StatusView } from '../model/views.js';

export const PROTOCOL_VERSION = 1;
/** No request line may exceed this; longer input is refused without being parsed. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

interface AddFlag { mayExist: boolean }
interface DelFlag { ifExists: boolean }

/** Every request the daemon understands, by type. `input` fields are validated again by the core API. */
export type Request =
  | { type: 'status' }
  | ({ type: 'speaker.add'; input: unknown } & AddFlag)
  | { type: 'speaker.show' }
  | ({ type: 'speaker.del' } & DelFlag)
  | ({ type: 'neighbor.add'; input: unknown } & AddFlag)
  | { type: 'neighbor.list' }
  | { type: 'neighbor.show'; address: string }
  | ({ type: 'neighbor.del'; address: string } & DelFlag)
  | ({ type: 'network.add'; input: unknown } & AddFlag)
  | { type: 'network.list' }
  | { type: 'network.show'; vni: number }
  | ({ type: 'network.del'; vni: number } & DelFlag)
  | ({ type: 'client.add'; input: unknown } & AddFlag)
  | { type: 'client.list'; vni?: number }
  | ({ type: 'client.del'; vni: number; mac: string } & DelFlag)
  | { type: 'route.list'; vni?: number; routeType?: 1 | 2 | 3 | 4 | 5; mac?: string; ip?: string; neighbor?: string; rd?: string; vtep?: string }
  | { type: 'mac.list'; vni?: number; mac?: string }
  | { type: 'config.show' }
  | { type: 'speaker.set'; input: unknown; yes: boolean }
  | { type: 'neighbor.set'; address: string; input: unknown; reset: boolean }
  | { type: 'neighbor.reset'; address: string; mode: ResetMode }
  | { type: 'network.set'; vni: number; input: unknown }
  | { type: 'mac.clear-duplicate'; vni: number; mac: string }
  /** `--wait`: answers once what was changed before is programmed in OVN and sent to the established peers. */
  | { type: 'wait'; timeoutMs: number }
  /** `evpnctl monitor`: items stream until the client closes (no end marker). */
  | { type: 'monitor' }
  /** `evpnctl daemon reload`: the supervisor hands the sessions to the new binary's engines. */
  | { type: 'daemon.reload' };

export type RequestType = Request['type'];

/** What each request answers with: a single object (`result`) or a stream of items (`item`… `end`). */
export interface ReplyMap {
  'status': StatusView;
  'speaker.add': SpeakerView;
  'speaker.show': SpeakerView;
  'speaker.del': SpeakerView | null;
  'neighbor.add': NeighborView;
  'neighbor.list': NeighborView[];
  'neighbor.show': NeighborView;
  'neighbor.del': NeighborView | null;
  'network.add': NetworkView;
  'network.list': NetworkView[];
  'network.show': NetworkView;
  'network.del': NetworkView | null;
  'client.add': ClientView;
  'client.list': ClientView[];
  'client.del': ClientView | null;
  'route.list': RouteView[];
  'speaker.set': ChangeResult<SpeakerView>;
  'neighbor.set': ChangeResult<NeighborView>;
  'neighbor.reset': ChangeResult<NeighborView>;
  'network.set': ChangeResult<NetworkView>;
  'mac.clear-duplicate': ChangeResult<NetworkView>;
  'mac.list': MacView[];
  'config.show': ConfigView;
  'wait': WaitView;
  'monitor': MonitorEvent[];
  'daemon.reload': ReloadView;
}

/** The request types answered as a stream. */
export const LISTINGS: ReadonlySet<RequestType> = new Set(['neighbor.list', 'network.list', 'client.list', 'route.list', 'mac.list', 'monitor']);

export interface Envelope {
  v: number;
  id: number;
  request: Request;
}

export type Reply =
  | { v: number; id: number; kind: 'result'; code: 'ok'; data: unknown }
  | { v: number; id: number; kind: 'item'; data: unknown }
  | { v: number; id: number; kind: 'end'; code: 'ok'; count: number }
  | { v: number; id: number; kind: 'error'; code: ResultCode; message: string };

const REQUEST_TYPES: ReadonlySet<string> = new Set<RequestType>([
  'status', 'speaker.add', 'speaker.show', 'speaker.del', 'neighbor.add', 'neighbor.list', 'neighbor.show',
  'neighbor.del', 'network.add', 'network.list', 'network.show', 'network.del', 'client.add', 'client.list',
  'client.del', 'route.list', 'mac.list', 'config.show', 'speaker.set', 'neighbor.set', 'neighbor.reset', 'network.set', 'mac.clear-duplicate', 'wait', 'monitor', 'daemon.reload',
]);

/** The fields each request type may carry: a Record, so a new request type cannot be added without its list. */
const REQUEST_FIELD_LISTS: Record<RequestType, readonly string[]> = {
  'status': [], 'config.show': [], 'speaker.add': ['input', 'mayExist'], 'speaker.show': [], 'speaker.del': ['ifExists'],
  'neighbor.add': ['input', 'mayExist'], 'neighbor.list': [], 'neighbor.show': ['address'], 'neighbor.del': ['address', 'ifExists'],
  'network.add': ['input', 'mayExist'], 'network.list': [], 'network.show': ['vni'], 'network.del': ['vni', 'ifExists'],
  'client.add': ['input', 'mayExist'], 'client.list': ['vni'], 'client.del': ['vni', 'mac', 'ifExists'],
  'route.list': ['vni', 'routeType', 'mac', 'ip', 'neighbor', 'rd', 'vtep'], 'mac.list': ['vni', 'mac'],
  'speaker.set': ['input', 'yes'], 'neighbor.set': ['address', 'input', 'reset'], 'neighbor.reset': ['address', 'mode'],
  'network.set': ['vni', 'input'], 'mac.clear-duplicate': ['vni', 'mac'], 'wait': ['timeoutMs'], 'monitor': [], 'daemon.reload': [],
};
const REQUEST_FIELDS: ReadonlyMap<RequestType, ReadonlySet<string>> = new Map(
  (Object.entries(REQUEST_FIELD_LISTS) as [RequestType, readonly string[]][]).map(([t, f]) => [t, new Set<string>(['type', ...f])]),
);

const ENVELOPE_FIELDS: ReadonlySet<string> = new Set(['v', 'id', 'request']);


const RESET_MODES: readonly ResetMode[] = ['hard', 'in', 'out'];
const resetMode = (v: unknown, field: string): ResetMode => {
  if (typeof v === 'string' && (RESET_MODES as readonly string[]).includes(v)) return v as ResetMode;
  throw new ValidationError(field, v, `one of ${RESET_MODES.join(', ')}`);
};

const flag = (o: Record<string, unknown>, key: string): boolean => optional(o, key, parseBool) ?? false;
const routeType = (v: unknown, field: string): 1 | 2 | 3 | 4 | 5 => parseUint(field, v, 1, 5) as 1 | 2 | 3 | 4 | 5;

/** Decodes one request line. Throws ProtocolError (framing, version, type) or ValidationError (fields). */
export function decodeEnvelope(line: string): Envelope {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (err) {
    throw new ProtocolError(`expected one JSON object per line, got unparseable input (${(err as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ProtocolError(`expected a JSON object, got ${Array.isArray(raw) ? 'an array' : typeof raw}`);
  }
  const env = raw as Record<string, unknown>;
  for (const key of Object.keys(env)) {
    if (!ENVELOPE_FIELDS.has(key)) throw new ProtocolError(`unknown field ${JSON.stringify(key)} in the envelope: expected v, id and request`);
  }
  if (env.v !== PROTOCOL_VERSION) {
    throw new ProtocolError(`expected protocol version ${PROTOCOL_VERSION}, got ${JSON.stringify(env.v ?? null)}`);
  }
  const id = env.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) {
    throw new ProtocolError(`expected a non-negative integer id, got ${JSON.stringify(id ?? null)}`);
  }
  return { v: PROTOCOL_VERSION, id, request: decodeRequest(env.request) };
}

export function decodeRequest(raw: unknown): Request {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ProtocolError('expected a request object with a "type"');
  }
  const o = raw as Record<string, unknown>;
  const type = o.type;
  if (typeof type !== 'string' || !REQUEST_TYPES.has(type)) {
    throw new ProtocolError(`unknown request type ${JSON.stringify(type ?? null)}; expected one of ${[...REQUEST_TYPES].join(', ')}`);
  }
  const t = type as RequestType;
  rejectUnknownFields(o, REQUEST_FIELDS.get(t) ?? new Set(['type']), `${t} request`);
  switch (t) {
    case 'status':
    case 'config.show':
    case 'speaker.show':
    case 'neighbor.list':
    case 'network.list':
      return { type: t };
    case 'speaker.add':
    case 'neighbor.add':
    case 'network.add':
    case 'client.add':
      return { type: t, input: asRecord(o.input, 'input'), mayExist: flag(o, 'mayExist') };
    case 'speaker.del':
      return { type: t, ifExists: flag(o, 'ifExists') };
    case 'neighbor.show':
      return { type: t, address: required(o, 'address', parseIp) };
    case 'neighbor.del':
      return { type: t, address: required(o, 'address', parseIp), ifExists: flag(o, 'ifExists') };
    case 'network.show':
      return { type: t, vni: required(o, 'vni', parseVni) };
    case 'network.del':
      return { type: t, vni: required(o, 'vni', parseVni), ifExists: flag(o, 'ifExists') };
    case 'client.list': {
      const vni = optional(o, 'vni', parseVni);
      return vni === undefined ? { type: t } : { type: t, vni };
    }
    case 'client.del':
      return { type: t, vni: required(o, 'vni', parseVni), mac: required(o, 'mac', parseMac), ifExists: flag(o, 'ifExists') };
    case 'route.list': {
      const req: Request = { type: t };
      const vni = optional(o, 'vni', parseVni);
      const rt = optional(o, 'routeType', routeType);
      if (vni !== undefined) req.vni = vni;
      if (rt !== undefined) req.routeType = rt;
      const mac = optional(o, 'mac', parseMac);
      const ip = optional(o, 'ip', parseIp);
      const neighbor = optional(o, 'neighbor', (v, f) => (v === 'local' ? 'local' : parseIp(v, f)));
      const rd = optional(o, 'rd', parseRd);
      const vtep = optional(o, 'vtep', parseIp);
      if (mac !== undefined) req.mac = mac;
      if (ip !== undefined) req.ip = ip;
      if (neighbor !== undefined) req.neighbor = neighbor;
      if (rd !== undefined) req.rd = rd;
      if (vtep !== undefined) req.vtep = vtep;
      return req;
    }
    case 'mac.list': {
      const req: Request = { type: t };
      const vni = optional(o, 'vni', parseVni);
      const mac = optional(o, 'mac', parseMac);
      if (vni !== undefined) req.vni = vni;
      if (mac !== undefined) req.mac = mac;
      return req;
    }
    case 'speaker.set':
      return { type: t, input: asRecord(o.input, 'input'), yes: flag(o, 'yes') };
    case 'neighbor.set':
      return { type: t, address: required(o, 'address', parseIp), input: asRecord(o.input, 'input'), reset: flag(o, 'reset') };
    case 'neighbor.reset':
      return { type: t, address: required(o, 'address', parseIp), mode: optional(o, 'mode', resetMode) ?? 'hard' };
    case 'network.set':
      return { type: t, vni: required(o, 'vni', parseVni), input: asRecord(o.input, 'input') };
    case 'mac.clear-duplicate':
      return { type: t, vni: required(o, 'vni', parseVni), mac: required(o, 'mac', parseMac) };
    case 'monitor':
    case 'daemon.reload':
      return { type: t };
    case 'wait':
      return { type: t, timeoutMs: required(o, 'timeoutMs', (v, f) => parseUint(f, v, 1, 3_600_000)) };
  }
}

/** Decodes one reply line on the client side. */
export function decodeReply(line: string): Reply {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch (_err) {
    throw new ProtocolError(`expected a JSON reply from the daemon, got ${JSON.stringify(line.slice(0, 80))}`);
  }
  const r = asRecordOrProtocol(raw);
  if (r.v !== PROTOCOL_VERSION) {
    throw new ProtocolError(`the daemon speaks control protocol ${JSON.stringify(r.v ?? null)}, this evpnctl speaks ${PROTOCOL_VERSION}`);
  }
  if (r.kind !== 'result' && r.kind !== 'item' && r.kind !== 'end' && r.kind !== 'error') {
    throw new ProtocolError(`unexpected reply kind ${JSON.stringify(r.kind ?? null)}`);
  }
  return r as unknown as Reply;
}

function asRecordOrProtocol(raw: unknown): Record<string, unknown> {
  try {
    return asRecord(raw, 'reply');
  } catch (err) {
    if (err instanceof ValidationError) throw new ProtocolError('expected a JSON object reply from the daemon');
    throw err;
  }
}
