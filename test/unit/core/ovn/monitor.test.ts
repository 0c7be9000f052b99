// The monitor's process handling with fake ovsdb-client children and a fake clock: bounded delay,
// snapshot handling, when the VM-port monitor restarts (and when not), restart with backoff, and no
// duplicate events after a restart.
import { describe, expect, it } from 'vitest';
import type { LocalMacEvent } from '../../../../src/core/ovn/local-ports.js';
import { OvnMonitor, UNCOVERED_GRACE_MS } from '../../../../src/core/ovn/monitor.js';
import { FakeClock } from '../../../support/fake-clock.js';
import { FakeRunner, type FakeChild } from '../../../support/fake-runner.js';

const LSP_COLUMNS = 'name,type,addresses,dynamic_addresses,external_ids';
const LSP_H = ['row', 'action', 'name', 'type', 'addresses', 'dynamic_addresses', 'external_ids'];
const OURS_H = ['row', 'action', 'name'];
const LS_H = ['row', 'action', 'name', 'ports'];
const OURS = '[["external_ids","includes",["map",[["evpnctl-managed","true"]]]]]';
const upd = (headings: string[], data: unknown[][]) => `${JSON.stringify({ data, headings })}\n`;
const vm = (u: string, mac: string) => [u, 'initial', `vm-${u}`, '', mac, ['set', []], ['map', []]];
/** A Logical_Switch update that replaces ls0's ports. */
const members = (...uuids: string[]) => upd(LS_H, [['s0', 'old', null, ['set', []]], ['', 'new', 'ls0', ['set', uuids.map((u) => ['uuid', u])]]]);

function setup() {
  const runner = new FakeRunner();
  const clock = new FakeClock();
  const events: LocalMacEvent[] = [];
  const mon = new OvnMonitor({ runner, clock, nbDb: 'unix:/tmp/nb.sock', onEvent: (e) => events.push(e), debounceMs: 20, settleMs: 500, backoff: { initialMs: 100, maxMs: 1000 } });
  mon.setSwitches(['ls0']);
  mon.start();
  const last = (what: string, test: (c: FakeChild) => boolean): FakeChild => {
    const c = [...runner.children].reverse().find(test);
    if (c === undefined) throw new Error(`expected a monitor of ${what}`);
    return c;
  };
  const switches = () => last('Logical_Switch', (c) => c.args.includes('Logical_Switch'));
  const ports = () => last('the VM ports', (c) => c.args.at(-1) === LSP_COLUMNS);
  const ours = () => last('our LSPs', (c) => c.args.includes('Logical_Switch_Port') && c.args.at(-1) === 'name');
  // Our LSPs: none yet (ovsdb-client prints an empty initial table as nothing; an empty update does as well here).
  ours().emit(upd(OURS_H, []));
  return { runner, clock, events, mon, switches, ports, ours };
}

describe('OvnMonitor (fake ovsdb-client, fake clock)', () => {
  it('runs conditional JSON monitors: the mapped switches, our LSPs by mark (name only), and the VM ports by uuid', async () => {
    const { runner, clock, switches } = setup();
    const base = ['--no-leader-only', '--format=json', '--data=json', 'monitor-cond', 'unix:/tmp/nb.sock', 'OVN_Northbound'];
    expect(runner.calls.map((c) => c.args)).toEqual([
      [...base, '[false]', 'Logical_Switch_Port', LSP_COLUMNS],
      [...base, OURS, 'Logical_Switch_Port', 'name'],
      [...base, '[["name","==","ls0"]]', 'Logical_Switch', 'name,ports'],
    ]);
    switches().emit(upd(LS_H, [['s0', 'initial', 'ls0', ['set', [['uuid', 'p2'], ['uuid', 'p1']]]]]));
    await clock.advance(19 + UNCOVERED_GRACE_MS);
    expect(runner.calls).toHaveLength(3); // decided once per debounce window, and a member gets a grace to show up as ours
    await clock.advance(1);
    // The VM-port monitor restarts on the members (OR-ed clauses), the old one is stopped; nothing else is watched.
    expect(runner.children[0]?.killed).toBe('SIGTERM');
    expect(runner.calls[3]?.args.slice(3, 8)).toEqual(['monitor-cond', 'unix:/tmp/nb.sock', 'OVN_Northbound', '[["_uuid","==",["uuid","p1"]],["_uuid","==",["uuid","p2"]]]', 'Logical_Switch_Port']);
    // A same membership does not restart it.
    switches().emit(upd(LS_H, [['s0', 'old', 'ls1', null], ['', 'new', 'ls0', null]]));
    await clock.advance(20 + UNCOVERED_GRACE_MS);
    expect(runner.calls).toHaveLength(4);
  });

  it('does not restart for our own LSPs joining a switch, even when their rows come after the switch row; one restart for new VM ports', async () => {
    const { runner, clock, events, switches, ports, ours } = setup();
    switches().emit(upd(LS_H, [['s0', 'initial', 'ls0', ['uuid', 'v1']]]));
    await clock.advance(20 + UNCOVERED_GRACE_MS);
    expect(runner.calls).toHaveLength(4);
    ports().emit(upd(LSP_H, [vm('v1', '02:00:00:00:00:01')]));
    await clock.advance(20);
    // The programmer adds our EVPN ports chunk by chunk: the switch's ports grow, the mark monitor sees the rows.
    const all = ['v1'];
    for (let k = 0; k < 5; k++) {
      const batch = Array.from({ length: 100 }, (_, i) => `e${k}-${i}`);
      all.push(...batch);
      switches().emit(members(...all));
      ours().emit(upd(OURS_H, batch.map((u) => [u, 'insert', `evpn-${u}`])));
      await clock.advance(20);
    }
    // Our port's row read after the switch row (two processes): within the grace, no restart.
    all.push('late');
    switches().emit(members(...all));
    await clock.advance(20 + UNCOVERED_GRACE_MS / 2);
    ours().emit(upd(OURS_H, [['late', 'insert', 'evpn-late']]));
    await clock.advance(2 * UNCOVERED_GRACE_MS);
    expect(runner.calls).toHaveLength(4);
    // Two VM ports appear in two updates within one window: one restart names both (and none of ours).
    switches().emit(members(...all, 'v2'));
    await clock.advance(5);
    switches().emit(members(...all, 'v2', 'v3'));
    await clock.advance(15 + UNCOVERED_GRACE_MS - 1);
    expect(runner.calls).toHaveLength(4);
    await clock.advance(1);
    expect(runner.calls).toHaveLength(5);
    expect(runner.calls[4]?.args[6]).toBe('[["_uuid","==",["uuid","v1"]],["_uuid","==",["uuid","v2"]],["_uuid","==",["uuid","v3"]]]');
    ports().emit(upd(LSP_H, [vm('v1', '02:00:00:00:00:01'), vm('v2', '02:00:00:00:00:02'), vm('v3', '02:00:00:00:00:03')]));
    await clock.advance(20);
    expect(events.map((e) => `${e.type} ${e.mac.port}`)).toEqual(['local-mac-added vm-v1', 'local-mac-added vm-v2', 'local-mac-added vm-v3']);
  });

  it('reports the snapshot and later changes within the debounce delay, in chunks split anywhere', async () => {
    const { clock, events, mon, switches, ports } = setup();
    switches().emit(upd(LS_H, [['s0', 'initial', 'ls0', ['uuid', 'p1']]]));
    await clock.advance(20 + UNCOVERED_GRACE_MS);
    expect(events).toEqual([]); // the (restarted) VM-port monitor has not answered yet
    const text = upd(LSP_H, [['p1', 'initial', 'vm1', '', '02:00:00:00:00:01 10.0.0.1', ['set', []], ['map', []]]]);
    ports().emit(text.slice(0, 17));
    ports().emit(text.slice(17));
    await clock.advance(19);
    expect(events).toEqual([]);
    await clock.advance(1);
    expect(events.map((e) => `${e.type} ${e.mac.port}`)).toEqual(['local-mac-added vm1']);
    expect(mon.status()).toEqual({ state: 'ok', lastError: null });
    await mon.ready();
  });

  it('takes silence as an empty table (ovsdb-client prints nothing for one)', async () => {
    const { clock, events, switches, ports } = setup();
    switches().emit(upd(LS_H, [['s0', 'initial', 'ls0', ['set', []]]]));
    await clock.advance(500);
    switches().emit(members('p1'));
    await clock.advance(20 + UNCOVERED_GRACE_MS);
    ports().emit(upd(LSP_H, [['p1', 'initial', 'vm1', '', '02:00:00:00:00:01', ['set', []], ['map', []]]]));
    await clock.advance(20);
    expect(events.map((e) => `${e.type} ${e.mac.port}`)).toEqual(['local-mac-added vm1']);
  });

  it('restarts a dead monitor with backoff, degraded meanwhile, and reports only real changes after', async () => {
    const { clock, events, mon, switches, ports, runner } = setup();
    switches().emit(upd(LS_H, [['s0', 'initial', 'ls0', ['set', [['uuid', 'p1'], ['uuid', 'p2']]]]]));
    await clock.advance(20 + UNCOVERED_GRACE_MS);
    ports().emit(upd(LSP_H, [['p1', 'initial', 'vm1', '', '02:00:00:00:00:01', ['set', []], ['map', []]], ['p2', 'initial', 'vm2', '', '02:00:00:00:00:02', ['set', []], ['map', []]]]));
    await clock.advance(20);
    expect(events).toHaveLength(2);
    events.length = 0;
    ports().die(1, 'ovsdb-client: unix:/tmp/nb.sock: receive failed (End of file)\n');
    await clock.advance(0);
    // One line for status: the command and the tool's first stderr line (the full text is logged).
    expect(mon.status()).toEqual({ state: 'degraded', lastError: expect.stringMatching(/^ovsdb-client \S+: ovsdb-client: unix:\/tmp\/nb.sock: receive failed/) });
    expect(clock.pending()).toContain(100);
    expect(runner.children).toHaveLength(4);
    await clock.advance(100);
    expect(runner.children).toHaveLength(5);
    // vm2 went away while the monitor was down.
    ports().emit(upd(LSP_H, [['p1', 'initial', 'vm1', '', '02:00:00:00:00:01', ['set', []], ['map', []]]]));
    await clock.advance(20);
    expect(events.map((e) => `${e.type} ${e.mac.port}`)).toEqual(['local-mac-removed vm2']);
    expect(mon.status().state).toBe('ok');
  });

  it('stop kills every child and emits nothing more', async () => {
    const { clock, events, mon, runner } = setup();
    await mon.stop();
    expect(runner.children.map((c) => c.killed)).toEqual(['SIGTERM', 'SIGTERM', 'SIGTERM']);
    await clock.advance(10_000);
    expect(events).toEqual([]);
    expect(runner.children).toHaveLength(3);
  });
});
