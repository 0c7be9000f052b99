import { describe, expect, it } from 'vitest';
import { addressEntry, portMacs } from '../../../../src/core/ovn/addresses.js';

describe('LSP addresses', () => {
  it('writes one canonical entry per MAC: IPv4 first, then IPv6, no duplicates', () => {
    expect(addressEntry('02:AC:10:FF:00:11', ['fd00::11', '10.0.0.11', '10.0.0.11'])).toBe('02:ac:10:ff:00:11 10.0.0.11 fd00::11');
    expect(addressEntry('02:ac:10:ff:00:11', [])).toBe('02:ac:10:ff:00:11');
    expect(addressEntry('02:AC:10:FF:00:11', ['10.0.0.11'])).toBe('02:ac:10:ff:00:11 10.0.0.11');
    expect(addressEntry('02:ac:10:ff:00:11', ['10.0.0.11', '10.0.0.11'])).toBe('02:ac:10:ff:00:11 10.0.0.11');
    expect(addressEntry('02:ac:10:ff:00:11', ['10.0.0.9', '10.0.0.10'])).toBe('02:ac:10:ff:00:11 10.0.0.10 10.0.0.9');
  });

  it('reads "MAC IP..." entries, with prefixes and several MACs', () => {
    expect(portMacs(['02:00:00:00:00:01 10.0.0.1/24 FD00:0::1', '02:00:00:00:00:02'], null)).toEqual([
      { mac: '02:00:00:00:00:01', ips: ['10.0.0.1', 'fd00::1'] },
      { mac: '02:00:00:00:00:02', ips: [] },
    ]);
  });

  it('takes "dynamic" forms from dynamic_addresses and skips unknown and router', () => {
    expect(portMacs(['dynamic'], '0a:00:00:00:00:05 192.168.0.5')).toEqual([{ mac: '0a:00:00:00:00:05', ips: ['192.168.0.5'] }]);
    expect(portMacs(['02:00:00:00:00:07 dynamic'], '02:00:00:00:00:07 192.168.0.7')).toEqual([{ mac: '02:00:00:00:00:07', ips: ['192.168.0.7'] }]);
    expect(portMacs(['dynamic'], null)).toEqual([]);
    expect(portMacs(['unknown', 'router'], null)).toEqual([]);
  });
});
