import { describe, expect, it } from 'vitest';
import { MonitorTable } from '../../../../src/core/ovn/monitor-table.js';

// Shapes as printed by ovsdb-client 3.1 `--format=json monitor ... Logical_Switch_Port name,type,addresses,external_ids`.
const H = ['row', 'action', 'name', 'type', 'addresses', 'external_ids'];

describe('MonitorTable', () => {
  it('applies initial, insert, old/new and delete updates', () => {
    const t = new MonitorTable();
    t.apply({ headings: H, data: [['b48e', 'initial', 'vm1', '', '02:ac:10:ff:00:22 10.0.0.22', ['map', []]]] });
    t.apply({ headings: H, data: [['e4e2', 'insert', 'vm2', '', ['set', ['02:ac:10:ff:00:23 10.0.0.23', 'dynamic']], ['map', []]]] });
    t.apply({ headings: H, data: [['b48e', 'old', null, null, '02:ac:10:ff:00:22 10.0.0.22', null], ['', 'new', 'vm1', '', '02:ac:10:ff:00:22 10.0.0.99', ['map', []]]] });
    expect(t.rows.get('b48e')).toEqual({ name: 'vm1', type: '', addresses: '02:ac:10:ff:00:22 10.0.0.99', external_ids: ['map', []] });
    t.apply({ headings: H, data: [['e4e2', 'delete', 'vm2', '', ['set', []], ['map', []]]] });
    expect([...t.rows.keys()]).toEqual(['b48e']);
  });

  it('applies the update2 "modify" of monitor-cond: scalars replaced, set elements toggled, map pairs added, changed or removed', () => {
    const t = new MonitorTable(new Set(['addresses']));
    t.apply({ headings: H, data: [['b48e', 'initial', 'vm1', '', '02:ac:10:ff:00:22 10.0.0.22', ['map', [['a', '1'], ['b', '2']]]]] });
    // Shapes as ovsdb-client 3.1 prints `monitor-cond`: one element as a bare atom, null for an unchanged column.
    t.apply({ headings: H, data: [['b48e', 'modify', 'vm1-renamed', null, ['set', ['02:ac:10:ff:00:22 10.0.0.22', '02:ac:10:ff:00:22 10.0.0.99']], ['map', [['a', '1'], ['b', '3'], ['c', '4']]]]] });
    expect(t.rows.get('b48e')).toEqual({ name: 'vm1-renamed', type: '', addresses: ['set', ['02:ac:10:ff:00:22 10.0.0.99']], external_ids: ['map', [['b', '3'], ['c', '4']]] });
    t.apply({ headings: H, data: [['b48e', 'modify', null, null, 'unknown', null]] });
    expect(t.rows.get('b48e')?.addresses).toEqual(['set', ['02:ac:10:ff:00:22 10.0.0.99', 'unknown']]);
    expect(() => t.apply({ headings: H, data: [['zzzz', 'modify', 'x', null, null, null]] })).toThrow(/expected a known row for a "modify" monitor update, got zzzz/);
  });

  it('refuses what ovsdb-client never prints', () => {
    const t = new MonitorTable();
    expect(() => t.apply({ headings: H, data: [['', 'new', 'x', '', '', ['map', []]]] })).toThrow(/"old" row before a "new" row/);
    expect(() => t.apply({ headings: H, data: [['a', 'frobnicate', 'x', '', '', ['map', []]]] })).toThrow(/expected a monitor action/);
  });
});
