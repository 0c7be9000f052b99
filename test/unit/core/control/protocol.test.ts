import { describe, expect, it } from 'vitest';
import { ProtocolError, ValidationError } from '../../../../src/core/errors.js';
import { PROTOCOL_VERSION, decodeEnvelope } from '../../../../src/core/control/protocol.js';
import { clientSpec, neighborConfig, networkSpec, speakerConfig } from '../../../../src/core/api/inputs.js';

const env = (request: unknown, extra: object = {}) => JSON.stringify({ v: PROTOCOL_VERSION, id: 7, request, ...extra });

describe('decodeEnvelope', () => {
  it('decodes typed requests', () => {
    expect(decodeEnvelope(env({ type: 'status' }))).toEqual({ v: 1, id: 7, request: { type: 'status' } });
    expect(decodeEnvelope(env({ type: 'network.del', vni: '10', ifExists: true })).request).toEqual({ type: 'network.del', vni: 10, ifExists: true });
    expect(decodeEnvelope(env({ type: 'client.del', vni: 10, mac: '02:AC:10:FF:00:22' })).request).toEqual({
      type: 'client.del', vni: 10, mac: '02:ac:10:ff:00:22', ifExists: false,
    });
    expect(decodeEnvelope(env({ type: 'route.list', routeType: 2 })).request).toEqual({ type: 'route.list', routeType: 2 });
  });

  it('decodes the route filters, the MAC table and the config requests, normalizing their values', () => {
    expect(decodeEnvelope(env({ type: 'route.list', mac: '02:AC:10:FF:00:11', ip: '2001:DB8:0::1', neighbor: 'local', rd: '192.168.100.1:2', vtep: '192.168.100.1' })).request)
      .toEqual({ type: 'route.list', mac: '02:ac:10:ff:00:11', ip: '2001:db8::1', neighbor: 'local', rd: '192.168.100.1:2', vtep: '192.168.100.1' });
    expect(decodeEnvelope(env({ type: 'route.list', neighbor: '10.0.0.1' })).request).toEqual({ type: 'route.list', neighbor: '10.0.0.1' });
    expect(decodeEnvelope(env({ type: 'mac.list', vni: '10', mac: '02:AC:10:FF:00:11' })).request).toEqual({ type: 'mac.list', vni: 10, mac: '02:ac:10:ff:00:11' });
    expect(decodeEnvelope(env({ type: 'mac.list' })).request).toEqual({ type: 'mac.list' });
    expect(decodeEnvelope(env({ type: 'config.show' })).request).toEqual({ type: 'config.show' });
    expect(() => decodeEnvelope(env({ type: 'route.list', rd: 'nonsense' }))).toThrow(ValidationError);
    expect(() => decodeEnvelope(env({ type: 'route.list', neighbor: 'remote' }))).toThrow(/neighbor/);
  });

  it.each([
    ['garbage', 'hello', ProtocolError, /expected one JSON object per line/],
    ['truncated JSON', '{"v":1,"id":1,"request":{"type":"sta', ProtocolError, /unparseable/],
    ['an array', '[1,2]', ProtocolError, /got an array/],
    ['wrong version', JSON.stringify({ v: 99, id: 1, request: { type: 'status' } }), ProtocolError, /expected protocol version 1, got 99/],
    ['missing version', JSON.stringify({ id: 1, request: { type: 'status' } }), ProtocolError, /got null/],
    ['bad id', JSON.stringify({ v: 1, id: 'x', request: { type: 'status' } }), ProtocolError, /non-negative integer id/],
    ['unknown type', env({ type: 'speaker.explode' }), ProtocolError, /unknown request type "speaker.explode"/],
    ['cmd/args shape', env({ cmd: 'status', args: [] }), ProtocolError, /unknown request type null/],
    ['bad field', env({ type: 'network.show', vni: 0 }), ValidationError, /invalid vni 0/],
    ['missing field', env({ type: 'neighbor.show' }), ValidationError, /missing address/],
    ['input not an object', env({ type: 'speaker.add', input: 'x' }), ValidationError, /expected a JSON object/],
  ])('rejects %s', (_name, line, cls, msg) => {
    expect(() => decodeEnvelope(line)).toThrow(cls);
    expect(() => decodeEnvelope(line)).toThrow(msg);
  });
});

// Issue 14 (6): prototype names are field names like any other, and unknown ones are errors on the socket.
describe('prototype names on the socket', () => {
  const names = ['__proto__', 'constructor', 'prototype'];
  it.each(names)('refuses %s in the envelope and in a request', (name) => {
    const raw = (s: string) => () => decodeEnvelope(s);
    expect(raw(`{"v":1,"id":1,"request":{"type":"status"},"${name}":{"v":2}}`)).toThrow(new RegExp(`unknown field "${name}" in the envelope`));
    expect(raw(`{"v":1,"id":1,"request":{"type":"neighbor.show","address":"10.0.0.1","${name}":{}}}`)).toThrow(expect.objectContaining({ code: 'invalid', message: expect.stringContaining(`unknown field "${name}" in the neighbor.show request`) }));
  });

  it.each(names)('refuses %s inside the input of every add', (name) => {
    const inputs = {
      'speaker.add': '"asn":65000,"routerId":"10.0.0.1"', 'neighbor.add': '"address":"10.0.0.2","remoteAs":65000',
      'network.add': '"vni":10,"logicalSwitch":"ls"', 'client.add': '"vni":10,"port":"p","mac":"02:00:00:00:00:01"',
    };
    for (const [type, fields] of Object.entries(inputs)) {
      const { request } = decodeEnvelope(`{"v":1,"id":1,"request":{"type":"${type}","input":{${fields},"${name}":{"asn":1}}}}`);
      const input = (request as { input: unknown }).input;
      const parse = { 'speaker.add': speakerConfig, 'neighbor.add': neighborConfig, 'network.add': networkSpec, 'client.add': clientSpec }[type];
      expect(() => parse?.(input), type).toThrow(expect.objectContaining({ code: 'invalid', message: expect.stringContaining(`unknown field "${name}"`) }));
    }
  });
});
