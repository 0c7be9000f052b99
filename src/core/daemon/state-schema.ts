// JSON schema of the state file (conf validates with it on every read and write).
// Bump STATE_VERSION on any incompatible change; an unknown version is refused, never rewritten.
export const STATE_VERSION = 1;

const asn = { type: 'integer', minimum: 1, maximum: 4294967295 };
const port = { type: 'integer', minimum: 1, maximum: 65535 };
const vni = { type: 'integer', minimum: 1, maximum: 16777215 };
const ip = { type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] };
const text = { type: 'string', minLength: 1, maxLength: 255 };
const community = { type: 'string', pattern: '^[^:]+:[0-9]+$' };

const speaker = {
  type: 'object',
  additionalProperties: false,
  required: ['asn', 'routerId', 'listenPort'],
  properties: { asn, routerId: { type: 'string', format: 'ipv4' }, vtepIp: ip, vtepIp6: { type: 'string', format: 'ipv6' }, listenAddress: ip, listenPort: port },
};

const neighbor = {
  type: 'object',
  additionalProperties: false,
  required: ['address', 'remoteAs', 'port', 'passive', 'holdTime'],
  properties: {
    address: ip, remoteAs: asn, localAddress: ip, port, passive: { type: 'boolean' },
    holdTime: { type: 'integer', minimum: 0, maximum: 65535 }, ebgpMultihop: { type: 'integer', minimum: 1, maximum: 255 },
  },
};

const network = {
  type: 'object',
  additionalProperties: false,
  required: ['vni', 'logicalSwitch', 'importRts', 'exportRts', 'floodUnknown', 'index'],
  properties: {
    vni, logicalSwitch: text, networkId: { type: 'string', format: 'uuid' }, rd: community,
    importRts: { type: 'array', items: community }, exportRts: { type: 'array', items: community },
    floodUnknown: { type: 'boolean' }, index: { type: 'integer', minimum: 1, maximum: 65535 },
  },
};

const client = {
  type: 'object',
  additionalProperties: false,
  required: ['vni', 'mac', 'port'],
  properties: { vni, mac: { type: 'string', pattern: '^([0-9a-f]{2}:){5}[0-9a-f]{2}$' }, port: text, ip },
};

/** conf's `schema` option: the properties of the root object. */
export const stateSchema = {
  version: { type: 'integer', const: STATE_VERSION },
  speaker,
  neighbors: { type: 'array', items: neighbor },
  networks: { type: 'array', items: network },
  clients: { type: 'array', items: client },
} as const;
