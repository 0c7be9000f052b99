import { describe, expect, it } from 'vitest';
import { parseFieldRows } from '../../../src/lab/capture.js';

describe('parseFieldRows', () => {
  it('maps tab-separated tshark fields to records, empty for absent fields', () => {
    const out = '192.168.100.1\t192.168.100.2\t10\t8\t\n192.168.100.2\t192.168.100.1\t10\t\t2\n';
    expect(parseFieldRows(out, ['ip.src', 'ip.dst', 'vxlan.vni', 'icmp.type', 'arp.opcode'])).toEqual([
      { 'ip.src': '192.168.100.1', 'ip.dst': '192.168.100.2', 'vxlan.vni': '10', 'icmp.type': '8', 'arp.opcode': '' },
      { 'ip.src': '192.168.100.2', 'ip.dst': '192.168.100.1', 'vxlan.vni': '10', 'icmp.type': '', 'arp.opcode': '2' },
    ]);
    expect(parseFieldRows('', ['ip.src'])).toEqual([]);
  });
});
