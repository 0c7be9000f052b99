import { describe, expect, it } from 'vitest';
import { parseChassisName, parseSystemId } from '../../../../src/core/ovn/chassis-identity.js';

const table = (ids: [string, string][]): string => JSON.stringify({ headings: ['external_ids'], data: [[['map', ids]]] });

describe('chassis identity', () => {
  it('reads system-id from the Open_vSwitch row, null when absent or empty', () => {
    expect(parseSystemId(table([['hostname', 'h'], ['system-id', 'chassis-y']]))).toBe('chassis-y');
    expect(parseSystemId(table([['hostname', 'h']]))).toBeNull();
    expect(parseSystemId(table([['system-id', '']]))).toBeNull();
  });

  it('expects exactly one Open_vSwitch row', () => {
    expect(() => parseSystemId(JSON.stringify({ headings: ['external_ids'], data: [] }))).toThrow(/expected one Open_vSwitch row, got 0/);
  });

  it('takes printable names without spaces', () => {
    expect(parseChassisName('3e4f-uuid.like:name')).toBe('3e4f-uuid.like:name');
    for (const bad of ['', 'a b', 'tab\there', 'x'.repeat(256), 7]) expect(() => parseChassisName(bad)).toThrow(/invalid chassis name/);
  });
});
