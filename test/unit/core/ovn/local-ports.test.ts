import { describe, expect, it } from 'vitest';
import { diffViews, localView } from '../../../../src/core/ovn/local-ports.js';

const sw = (name: string, ports: string[]) => ({ name, ports: ['set', ports.map((p) => ['uuid', p])] });
const port = (name: string, addresses: unknown, extra: Record<string, unknown> = {}) => ({ name, type: '', addresses, external_ids: ['map', []], ...extra });

describe('localView', () => {
  const switches = new Map<string, Record<string, unknown>>([['s0', sw('ls0', ['p1', 'p2', 'p3', 'p4', 'p5'])], ['s1', sw('ls1', ['p6'])]]);
  const ports = new Map<string, Record<string, unknown>>([
    ['p1', port('vm1', '02:00:00:00:00:01 10.0.0.1')],
    ['p2', port('evpn-10-1.1.1.1', ['set', ['02:00:00:00:00:02', 'unknown']], { external_ids: ['map', [['evpnctl-managed', 'true']]] })],
    ['p3', port('rp', 'router', { type: 'router' })],
    ['p4', port('dyn', 'dynamic', { dynamic_addresses: '0a:00:00:00:00:04 10.0.0.4' })],
    ['p5', port('empty', ['set', []])],
    ['p6', port('other', '02:00:00:00:00:06')],
  ]);

  it('keeps VM ports of mapped switches only, by name or uuid', () => {
    const v = localView(switches, ports, new Set(['ls0']));
    expect([...v.values()].map((m) => [m.logicalSwitch, m.port, m.mac, m.ips])).toEqual([
      ['ls0', 'vm1', '02:00:00:00:00:01', ['10.0.0.1']],
      ['ls0', 'dyn', '0a:00:00:00:00:04', ['10.0.0.4']],
    ]);
    expect([...localView(switches, ports, new Set(['s1'])).values()].map((m) => [m.logicalSwitch, m.switchName, m.port])).toEqual([['s1', 'ls1', 'other']]);
  });

  it('diffs two views into removed, added and updated events', () => {
    const before = localView(switches, ports, new Set(['ls0']));
    const ports2 = new Map(ports);
    ports2.set('p1', port('vm1', '02:00:00:00:00:01 10.0.0.9'));
    ports2.delete('p4');
    ports2.set('p5', port('empty', '02:00:00:00:00:05'));
    const events = diffViews(before, localView(switches, ports2, new Set(['ls0'])));
    expect(events.map((e) => `${e.type} ${e.mac.port} ${e.mac.ips.join(',')}`)).toEqual([
      'local-mac-removed dyn 10.0.0.4', 'local-mac-updated vm1 10.0.0.9', 'local-mac-added empty ',
    ]);
    expect(diffViews(before, before)).toEqual([]);
  });
});
