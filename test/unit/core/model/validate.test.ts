import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../../src/core/errors.js';
import {
  parseAsn, parseDbRemote, parseHoldTime, parseIp, parseIpv4, parseListen, parseMac, parseRd, parseRt, parseUuid, parseVni,
} from '../../../../src/core/model/validate.js';
import { parseNeighborAddress } from '../../../../src/core/model/validate.js';

describe('validators accept and normalize', () => {
  it.each([
    [parseAsn, 1, 1], [parseAsn, '4294967295', 4294967295], [parseAsn, '0x10', 16],
    [parseVni, 10, 10], [parseVni, '16777215', 16777215], [parseVni, '0x0a', 10],
    [parseHoldTime, 0, 0], [parseHoldTime, '3', 3],
    [parseIpv4, '192.168.10.20', '192.168.10.20'],
    [parseIp, '2001:0db8:0000::0001', '2001:db8::1'], [parseIp, '10.0.0.1', '10.0.0.1'],
    [parseMac, '02:AC:10:FF:00:22', '02:ac:10:ff:00:22'], [parseMac, '02-ac-10-ff-00-22', '02:ac:10:ff:00:22'],
    [parseRd, '192.168.10.20:2', '192.168.10.20:2'], [parseRd, '65000:10', '65000:10'], [parseRt, '4200000000:10', '4200000000:10'],
    [parseUuid, '7D29DA33-5D12-4C04-95DE-1672709AE946', '7d29da33-5d12-4c04-95de-1672709ae946'],
    [parseDbRemote, 'tcp:10.0.0.1:6641,tcp:10.0.0.2:6641', 'tcp:10.0.0.1:6641,tcp:10.0.0.2:6641'],
    [parseDbRemote, 'unix:/run/ovn/ovnnb_db.sock', 'unix:/run/ovn/ovnnb_db.sock'],
    [parseDbRemote, 'tcp:ovn-central.example:6641', 'tcp:ovn-central.example:6641'],
    [parseDbRemote, 'ssl:localhost:6641,ssl:[fd00::1]:6641', 'ssl:localhost:6641,ssl:[fd00::1]:6641'],
  ] as [(v: unknown) => unknown, unknown, unknown][])('%o(%o) = %o', (parse, input, want) => {
    expect(parse(input)).toEqual(want);
  });

  it('parses listen addresses with IPv6 in brackets', () => {
    expect(parseListen('127.0.0.1:8080')).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(parseListen('[::1]:9100')).toEqual({ host: '::1', port: 9100 });
  });
});

describe('validators reject with what was expected and what came', () => {
  it.each([
    [parseAsn, 0, /invalid AS number 0: expected an integer from 1 to 4294967295/],
    [parseAsn, '4294967296', /expected an integer from 1 to 4294967295/],
    [parseAsn, '1.5', /invalid AS number "1.5"/],
    [parseVni, 0, /invalid VNI 0: expected an integer from 1 to 16777215/],
    [parseVni, 16777216, /invalid VNI 16777216/],
    [parseVni, '10abc', /invalid VNI "10abc"/],
    [parseHoldTime, 2, /0 or an integer from 3 to 65535/],
    [parseIpv4, '2001:db8::1', /expected an IPv4 address/],
    [parseIp, '10.0.0.256', /expected an IPv4 or IPv6 address/],
    [parseMac, '02:ac:10:ff:00', /expected a MAC address/],
    [parseMac, '02:ac-10:ff:00:22', /expected a MAC address/],
    [parseRd, '65000', /expected ASN:number or IPv4:number/],
    [parseRd, '192.168.1.1:70000', /at most 65535/],
    [parseRt, '4200000000:70000', /4-octet-AS:number with number at most 65535/],
    [parseUuid, 'not-a-uuid', /expected a UUID/],
    [parseDbRemote, 'http://x', /expected unix:PATH, tcp:HOST:PORT or ssl:HOST:PORT/],
    [parseDbRemote, 'tcp:-bad-.example:6641', /expected unix:PATH/],
    [parseDbRemote, 'tcp:ovn-central.example:70000', /expected unix:PATH/],
    [parseListen, '8080', /expected ADDR:PORT/],
  ] as [(v: unknown) => unknown, unknown, RegExp][])('%o(%o) throws', (parse, input, msg) => {
    expect(() => parse(input)).toThrow(ValidationError);
    expect(() => parse(input)).toThrow(msg);
  });
});

describe('RD/RT text keeps its wire type', () => {
  it('normalizes through the codec grammar and keeps the L of a small 4-octet AS', () => {
    expect(parseRd(' 65000:10 ')).toBe('65000:10');
    expect(parseRt('65000L:10')).toBe('65000L:10');
    expect(parseRt('4200000000:10')).toBe('4200000000:10');
  });
});

// Issue 14 (7): with 0.0.0.0 the daemon dialed itself; broadcast and multicast addresses can never be a TCP peer.
describe('parseNeighborAddress', () => {
  it.each([
    ['0.0.0.0', /0\.0\.0\.0\/8/], ['0.1.2.3', /0\.0\.0\.0\/8/], ['255.255.255.255', /limited broadcast/], ['224.0.0.5', /multicast .*224\.0\.0\.0\/4/],
    ['239.255.255.250', /multicast/], ['240.0.0.1', /reserved/], ['::', /unspecified/], ['ff02::5', /multicast .*ff00::\/8/], ['FF05::1:3', /multicast/],
  ])('refuses %s, naming the field and the rule', (address, rule) => {
    expect(() => parseNeighborAddress(address)).toThrow(expect.objectContaining({ field: 'address', message: expect.stringMatching(rule) }));
    expect(() => parseNeighborAddress(address)).toThrow(/^invalid address ".*": expected a unicast IPv4 or IPv6 address, not /);
  });

  it.each(['192.168.10.10', '10.0.0.1', '223.255.255.254', '2001:db8::1', 'fe80::1'])('accepts the unicast address %s', (address) => {
    expect(parseNeighborAddress(address)).toBe(address);
  });
});
