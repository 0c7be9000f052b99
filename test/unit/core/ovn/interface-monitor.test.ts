// The interface-error watch with a fake ovsdb-client child and a fake clock: it monitors the OVS database's
// Interface table, reports errors of managed interfaces only, follows modifications, and is degraded while
// its monitor is down.
import { describe, expect, it } from 'vitest';
import { InterfaceMonitor } from '../../../../src/core/ovn/interface-monitor.js';
import { FakeClock } from '../../../support/fake-clock.js';
import { FakeRunner } from '../../../support/fake-runner.js';

const H = ['row', 'action', 'name', 'error', 'external_ids'];
const upd = (data: unknown[][]) => `${JSON.stringify({ data, headings: H })}\n`;
const ours = ['map', [['evpnctl-managed', 'true'], ['evpnctl-vni', '10'], ['evpnctl-vtep', 'fd00::1'], ['evpnctl-key', '10']]];
const ERR = "vxlan: 'remote_ip' and 'local_ip' has to be of the same address family";

function setup() {
  const runner = new FakeRunner();
  const clock = new FakeClock();
  let changes = 0;
  const mon = new InterfaceMonitor({ runner, clock, ovsDb: 'unix:/tmp/db.sock', settleMs: 500, backoff: { initialMs: 100, maxMs: 1000 }, onChange: () => { changes++; } });
  mon.start();
  const child = () => {
    const c = runner.children.at(-1);
    if (c === undefined) throw new Error('expected the monitor child');
    return c;
  };
  return { runner, clock, mon, child, changes: () => changes };
}

describe('InterfaceMonitor (fake ovsdb-client, fake clock)', () => {
  it('monitors the Interface table of the OVS database', () => {
    const { runner, mon } = setup();
    expect(runner.calls.map((c) => c.args)).toEqual([
      ['--no-leader-only', '--format=json', '--data=json', 'monitor', 'unix:/tmp/db.sock', 'Open_vSwitch', 'Interface', 'name,error,external_ids,ofport'],
    ]);
    expect(mon.status()).toEqual({ state: 'starting', lastError: null, problems: [] });
  });

  it('reports the error of a managed interface, ignores foreign ones, and clears it when the column clears', () => {
    const { mon, child, changes } = setup();
    child().emit(upd([
      ['i1', 'initial', 'w00000a12345678', ERR, ours],
      ['i2', 'initial', 'foreign0', 'could not open network device foreign0', ['map', []]],
      ['i3', 'initial', 'v00000ac0a86401', ['set', []], ours],
    ]));
    expect(mon.errors()).toEqual([{ name: 'w00000a12345678', vni: 10, vtep: 'fd00::1', key: 10, error: ERR }]);
    expect(mon.status()).toEqual({
      state: 'degraded', lastError: `OVS interface w00000a12345678 (VNI 10, VTEP fd00::1, key 10): ${ERR}`,
      problems: [`OVS interface w00000a12345678 (VNI 10, VTEP fd00::1, key 10): ${ERR}`],
    });
    expect(changes()).toBeGreaterThan(0);
    child().emit(upd([['i1', 'old', null, ERR, null], ['', 'new', 'w00000a12345678', ['set', []], ours]]));
    expect(mon.errors()).toEqual([]);
    expect(mon.status()).toEqual({ state: 'ok', lastError: null, problems: [] });
  });

  it('is degraded with the reason while its monitor is down, and restarts it', async () => {
    const { runner, clock, mon, child } = setup();
    child().emit(upd([]));
    child().die(1, 'ovsdb-client: unix:/tmp/db.sock: database connection failed (No such file or directory)');
    await clock.advance(0);
    expect(mon.status()).toMatchObject({ state: 'degraded', lastError: expect.stringMatching(/database connection failed/) });
    await clock.advance(100);
    expect(runner.children).toHaveLength(2);
    child().emit(upd([]));
    expect(mon.status()).toEqual({ state: 'ok', lastError: null, problems: [] });
    await mon.stop();
    expect(mon.status().state).toBe('disabled');
  });
});
