// The monitor's process handling with fake ovsdb-client children and a fake clock: bounded delay,
// snapshot handling, restart with backoff, and no duplicate events after a restart.
import { describe, expect, it } from 'vitest';
import type { LocalMacEvent } from '../../../../src/core/ovn/local-ports.js';
import { OvnMonitor } from '../../../../src/core/ovn/monitor.js';
import { FakeClock } from '../../../support/fake-clock.js';
import { FakeRunner, type FakeChild } from '../../../support/fake-runner.js';

const LSP_H = ['row', 'action', 'name', 'type', 'addresses', 'dynamic_addresses', 'external_ids'];
const LS_H = ['row', 'action', 'name', 'ports'];
const OURS = '[["external_ids","includes",["map",[["evpnctl-managed","true"]]]]]';
const upd = (headings: string[], data: unknown[][]) => `${JSON.stringify({ data, headings })}\n`;

function setup() {
  const runner = new FakeRunner();
  const clock = new FakeClock();
  const events: LocalMacEvent[] = [];
  const mon = new OvnMonitor({ runner, clock, nbDb: 'unix:/tmp/nb.sock', onEvent: (e) => events.push(e), debounceMs: 20, settleMs: 500, backoff: { initialMs: 100, maxMs: 1000 } });
  mon.setSwitches(['ls0']);
  mon.start();
  const child = (table: string): FakeChild => {
    const c = [...runner.children].reverse().find((x) => x.args.includes(table));
    if (c === undefined) throw new Error(`expected a monitor of ${table}`);
    return c;
  };
  return { runner, clock, events, mon, child };
}

describe('OvnMonitor (fake ovsdb-client, fake clock)', () => {
  it('runs one conditional JSON monitor per table: the mapped switches, then the LSPs that are their members', async () => {
    const { runner, clock, child } = setup();
    expect(runner.calls.map((c) => c.args)).toEqual([
      ['--no-leader-only', '--format=json', '--data=json', 'monitor-cond', 'unix:/tmp/nb.sock', 'OVN_Northbound', OURS, 'Logical_Switch_Port', 'name,type,addresses,dynamic_addresses,external_ids'],
      ['--no-leader-only', '--format=json', '--data=json', 'monitor-cond', 'unix:/tmp/nb.sock', 'OVN_Northbound', '[["name","==","ls0"]]', 'Logical_Switch', 'name,ports'],
    ]);
    child('Logical_Switch').emit(upd(LS_H, [['s0', 'initial', 'ls0', ['set', [['uuid', 'p2'], ['uuid', 'p1']]]]]));
    await clock.advance(19);
    expect(runner.calls).toHaveLength(2); // decided once per debounce window, not per update
    await clock.advance(1);
    // The LSP monitor restarts on the members (OR-ed clauses), the old one is stopped; nothing else is watched.
    expect(runner.children[0]?.killed).toBe('SIGTERM');
    expect(runner.calls[2]?.args.slice(3, 8)).toEqual(['monitor-cond', 'unix:/tmp/nb.sock', 'OVN_Northbound', `[${OURS.slice(1, -1)},["_uuid","==",["uuid","p1"]],["_uuid","==",["uuid","p2"]]]`, 'Logical_Switch_Port']);
    // A same membership does not restart it.
    child('Logical_Switch').emit(upd(LS_H, [['s0', 'old', 'ls1', null], ['', 'new', 'ls0', null]]));
    await clock.advance(20);
    expect(runner.calls).toHaveLength(3);
  });

  it('does not restart the LSP monitor for members that carry our mark, only for a new VM port; many changes, one restart', async () => {
    const { runner, clock, events, child } = setup();
    const vm = (u: string, mac: string) => [u, 'initial', `vm-${u}`, '', mac, ['set', []], ['map', []]];
    child('Logical_Switch').emit(upd(LS_H, [['s0', 'initial', 'ls0', ['uuid', 'v1']]]));
    await clock.advance(20);
    expect(runner.calls).toHaveLength(3);
    child('Logical_Switch_Port').emit(upd(LSP_H, [vm('v1', '02:00:00:00:00:01')]));
    await clock.advance(20);
    // The programmer adds our EVPN ports: the switch's ports grow, the mark clause delivers the rows; no restart.
    for (let k = 0; k < 5; k++) {
      const ours = Array.from({ length: 100 }, (_, i) => `e${k}-${i}`);
      child('Logical_Switch').emit(upd(LS_H, [['s0', 'old', null, ['set', []]], ['', 'new', 'ls0', ['set', [['uuid', 'v1'], ...ours.map((u) => ['uuid', u])]]]]));
      child('Logical_Switch_Port').emit(upd(LSP_H, ours.map((u) => [u, 'insert', `evpn-${u}`, '', 'unknown', ['set', []], ['map', [['evpnctl-managed', 'true']]]])));
      await clock.advance(20);
    }
    expect(runner.calls).toHaveLength(3);
    // Two VM ports appear within one window: one restart names both.
    child('Logical_Switch').emit(upd(LS_H, [['s0', 'old', null, ['set', []]], ['', 'new', 'ls0', ['set', [['uuid', 'v1'], ['uuid', 'v2']]]]]));
    await clock.advance(5);
    child('Logical_Switch').emit(upd(LS_H, [['s0', 'old', null, ['set', []]], ['', 'new', 'ls0', ['set', [['uuid', 'v1'], ['uuid', 'v2'], ['uuid', 'v3']]]]]));
    await clock.advance(15);
    expect(runner.calls).toHaveLength(4);
    expect(runner.calls[3]?.args[6]).toBe(`[${OURS.slice(1, -1)},["_uuid","==",["uuid","v1"]],["_uuid","==",["uuid","v2"]],["_uuid","==",["uuid","v3"]]]`);
    child('Logical_Switch_Port').emit(upd(LSP_H, [vm('v1', '02:00:00:00:00:01'), vm('v2', '02:00:00:00:00:02'), vm('v3', '02:00:00:00:00:03')]));
    await clock.advance(20);
    expect(events.map((e) => `${e.type} ${e.mac.port}`)).toEqual(['local-mac-added vm-v1', 'local-mac-added vm-v2', 'local-mac-added vm-v3']);
  });

  it('reports the snapshot and later changes within the debounce delay, in chunks split anywhere', async () => {
    const { clock, events, mon, child } = setup();
    child('Logical_Switch').emit(upd(LS_H, [['s0', 'initial', 'ls0', ['uuid', 'p1']]]));
    await clock.advance(100);
    expect(events).toEqual([]); // the (restarted) LSP monitor has not answered yet
    const ports = upd(LSP_H, [['p1', 'initial', 'vm1', '', '02:00:00:00:00:01 10.0.0.1', ['set', []], ['map', []]]]);
    child('Logical_Switch_Port').emit(ports.slice(0, 17));
    child('Logical_Switch_Port').emit(ports.slice(17));
    await clock.advance(19);
    expect(events).toEqual([]);
    await clock.advance(1);
    expect(events.map((e) => `${e.type} ${e.mac.port}`)).toEqual(['local-mac-added vm1']);
    expect(mon.status()).toEqual({ state: 'ok', lastError: null });
    await mon.ready();
  });

  it('takes silence as an empty table (ovsdb-client prints nothing for one)', async () => {
    const { clock, events, child } = setup();
    child('Logical_Switch').emit(upd(LS_H, [['s0', 'initial', 'ls0', ['set', []]]]));
    await clock.advance(500);
    child('Logical_Switch').emit(upd(LS_H, [['s0', 'old', null, ['set', []]], ['', 'new', 'ls0', ['uuid', 'p1']]]));
    await clock.advance(20);
    child('Logical_Switch_Port').emit(upd(LSP_H, [['p1', 'initial', 'vm1', '', '02:00:00:00:00:01', ['set', []], ['map', []]]]));
    await clock.advance(20);
    expect(events.map((e) => `${e.type} ${e.mac.port}`)).toEqual(['local-mac-added vm1']);
  });

  it('restarts a dead monitor with backoff, degraded meanwhile, and reports only real changes after', async () => {
    const { clock, events, mon, child, runner } = setup();
    child('Logical_Switch').emit(upd(LS_H, [['s0', 'initial', 'ls0', ['set', [['uuid', 'p1'], ['uuid', 'p2']]]]]));
    await clock.advance(20);
    child('Logical_Switch_Port').emit(upd(LSP_H, [['p1', 'initial', 'vm1', '', '02:00:00:00:00:01', ['set', []], ['map', []]], ['p2', 'initial', 'vm2', '', '02:00:00:00:00:02', ['set', []], ['map', []]]]));
    await clock.advance(20);
    expect(events).toHaveLength(2);
    events.length = 0;
    child('Logical_Switch_Port').die(1, 'ovsdb-client: unix:/tmp/nb.sock: receive failed (End of file)\n');
    await clock.advance(0);
    // One line for status: the command and the tool's first stderr line (the full text is logged).
    expect(mon.status()).toEqual({ state: 'degraded', lastError: expect.stringMatching(/^ovsdb-client \S+: ovsdb-client: unix:\/tmp\/nb.sock: receive failed/) });
    expect(clock.pending()).toContain(100);
    expect(runner.children).toHaveLength(3);
    await clock.advance(100);
    expect(runner.children).toHaveLength(4);
    // vm2 went away while the monitor was down.
    child('Logical_Switch_Port').emit(upd(LSP_H, [['p1', 'initial', 'vm1', '', '02:00:00:00:00:01', ['set', []], ['map', []]]]));
    await clock.advance(20);
    expect(events.map((e) => `${e.type} ${e.mac.port}`)).toEqual(['local-mac-removed vm2']);
    expect(mon.status().state).toBe('ok');
  });

  it('stop kills both children and emits nothing more', async () => {
    const { clock, events, mon, runner } = setup();
    await mon.stop();
    expect(runner.children.map((c) => c.killed)).toEqual(['SIGTERM', 'SIGTERM']);
    await clock.advance(10_000);
    expect(events).toEqual([]);
    expect(runner.children).toHaveLength(2);
  });
});
