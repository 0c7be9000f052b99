// The programmer's engine with a fake process runner and a fake clock: batching, one process per tool
// per batch, degraded state, backoff and re-read on retry.
import { describe, expect, it } from 'vitest';
import type { EvpnEvent } from '../../../../src/core/route-engine/evpn/events.js';
import { OvnProgrammer } from '../../../../src/core/ovn/programmer.js';
import { FakeClock, settle } from '../../../support/fake-clock.js';
import { emptyReads, fail, FakeRunner, ok, type Call } from '../../../support/fake-runner.js';

const LS = '11111111-2222-3333-4444-555555555555';

/** The ops of an ovsdb-client transact call (its last argument: [db, ...ops]). */
const opsOf = (c: { args: readonly string[] }): Record<string, unknown>[] => (JSON.parse(c.args.at(-1) ?? '[]') as Record<string, unknown>[]).slice(1);
const isRead = (c: Call): boolean => c.args.includes('--format=json') || (c.file === 'ovsdb-client' && opsOf(c).every((o) => o.op === 'select'));
const writes = (calls: Call[]) => calls.filter((c) => !isRead(c));

/** ovsdb-server's answer to a transaction on an NB that holds switch ls0 (empty) and nothing else. */
function nbWithSwitch(file: string, args: readonly string[]) {
  if (file !== 'ovsdb-client') return emptyReads(file, args);
  return ok(JSON.stringify(opsOf({ args }).map((o) => {
    if (o.op !== 'select') return {};
    if (o.table !== 'Logical_Switch') return { rows: [] };
    return { rows: [{ _uuid: ['uuid', LS], name: 'ls0', ports: ['set', []] }] };
  })));
}

const mac = (i: number, vtep = '192.168.100.1'): EvpnEvent =>
  ({ type: 'mac-added', vni: 10, mac: `02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`, ips: [], vtep, seq: 0, sticky: false });

async function started(runner: FakeRunner, clock: FakeClock): Promise<OvnProgrammer> {
  const prog = new OvnProgrammer({ runner, clock, batchWindowMs: 5, backoff: { initialMs: 100, maxMs: 800 } });
  prog.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], null);
  const s = prog.start();
  await clock.advance(0);
  await s;
  return prog;
}

describe('OvnProgrammer (fake runner, fake clock)', () => {
  it('starts with one read of OVS and two of the NB, creates the network\'s group in one transaction, and reports ok', async () => {
    const runner = new FakeRunner(nbWithSwitch);
    const prog = await started(runner, new FakeClock());
    expect(prog.status()).toEqual({ state: 'ok', lastError: null });
    expect(runner.calls.filter(isRead).map((c) => c.file)).toEqual(['ovs-vsctl', 'ovsdb-client', 'ovsdb-client']);
    const w = writes(runner.calls);
    expect(w.map((c) => [c.file, c.args.at(-2), opsOf(c).map((o) => `${String(o.op)} ${String(o.table)}`)])).toEqual([
      ['ovsdb-client', 'unix:/var/run/ovn/ovnnb_db.sock', ['insert ACL', 'insert Port_Group']],
    ]);
    expect(prog.stats()).toMatchObject({ reconciles: 1, batches: 1, spawns: { vsctl: 1, nbctl: 0, client: 3 } });
  });

  it('coalesces events over the batch window into one transaction per database', async () => {
    const runner = new FakeRunner(nbWithSwitch);
    const clock = new FakeClock();
    const prog = await started(runner, clock);
    runner.calls.length = 0;
    for (let i = 0; i < 500; i++) prog.apply([mac(i), mac(i + 1000, '192.168.100.3')]);
    await clock.advance(4);
    expect(runner.calls).toEqual([]);
    await clock.advance(1);
    await prog.flush();
    expect(runner.calls.map((c) => c.args.at(-2))).toEqual(['unix:/var/run/ovn/ovnnb_db.sock', 'unix:/var/run/openvswitch/db.sock']);
    const nb = runner.calls[0]?.args.at(-1) ?? '';
    expect(nb.match(/"02:00:00:00:/g)).toHaveLength(1000);
  });

  it('goes degraded on failure, backs off exponentially, re-reads, and converges when the database is back', async () => {
    let down = false;
    const runner = new FakeRunner((file, args) => (down && file === 'ovsdb-client' && args.includes('unix:/var/run/ovn/ovnnb_db.sock')
      ? fail('ovsdb-client: failed to connect to "unix:/var/run/ovn/ovnnb_db.sock" (Connection refused)') : nbWithSwitch(file, args)));
    const clock = new FakeClock();
    const prog = await started(runner, clock);
    down = true;
    runner.calls.length = 0;
    prog.apply([{ type: 'vtep-added', vni: 10, vtep: '192.168.100.1' }, mac(1)]);
    await clock.advance(5);
    expect(prog.status().state).toBe('degraded');
    expect(prog.status().lastError).toMatch(/^ovsdb-client transact: ovsdb-client: failed to connect/);
    expect(prog.status().detail).toMatch(/ovsdb-client: expected exit code 0, got exit code 1: ovsdb-client: failed to connect.* \(argv: /);
    expect(clock.pending()).toEqual([100]);
    // New events during the backoff do not hammer the database.
    prog.apply([mac(2)]);
    await clock.advance(99);
    expect(runner.calls).toHaveLength(2);
    await clock.advance(1);
    expect(runner.calls.slice(2).every(isRead)).toBe(true);
    expect(clock.pending()).toEqual([200]);
    await clock.advance(200);
    expect(clock.pending()).toEqual([400]);
    down = false;
    runner.calls.length = 0;
    await clock.advance(400);
    await prog.flush();
    expect(prog.status()).toEqual({ state: 'ok', lastError: null });
    // The retry re-read both databases, then wrote everything desired in one transaction each.
    expect(runner.calls.filter(isRead).map((c) => c.file)).toEqual(['ovs-vsctl', 'ovsdb-client', 'ovsdb-client']);
    const nbWrites = writes(runner.calls).filter((c) => c.args.includes('unix:/var/run/ovn/ovnnb_db.sock'));
    expect(nbWrites).toHaveLength(1);
    expect(nbWrites[0]?.args.at(-1)).toMatch(/"02:00:00:00:00:01","02:00:00:00:00:02"/);
    expect(prog.stats().errors).toBe(3);
  });

  it('logs and counts a malformed event instead of failing the batch', async () => {
    const runner = new FakeRunner(nbWithSwitch);
    const clock = new FakeClock();
    const warnings: string[] = [];
    const prog = new OvnProgrammer({ runner, clock, log: { error: () => {}, warn: (m) => warnings.push(m), info: () => {}, debug: () => {} } });
    prog.apply([{ type: 'vtep-added', vni: 10, vtep: 'not-an-ip' }]);
    expect(prog.stats().rejectedEvents).toBe(1);
    expect(warnings[0]).toMatch(/ignoring malformed vtep-added event for VNI 10/);
  });

  it('logs each batch at debug level with the steps, the time and the processes spawned so far', async () => {
    const runner = new FakeRunner(nbWithSwitch);
    const clock = new FakeClock();
    const debug: string[] = [];
    const prog = new OvnProgrammer({ runner, clock, log: { error: () => {}, warn: () => {}, info: () => {}, debug: (m) => debug.push(m) } });
    prog.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], null);
    const s = prog.start();
    await clock.advance(0);
    await s;
    prog.apply([{ type: 'vtep-added', vni: 10, vtep: '192.168.100.1' }, mac(1)]);
    await clock.advance(5);
    await prog.flush();
    expect(debug).toEqual([
      'ovn: reconcile applied 0 OVS and 1 NB steps in 0 ms (spawned so far: 3 ovsdb-client, 1 ovs-vsctl, 0 ovn-nbctl)',
      'ovn: batch applied 1 OVS and 2 NB steps in 0 ms (spawned so far: 5 ovsdb-client, 1 ovs-vsctl, 0 ovn-nbctl)',
    ]);
  });

  it('stop cancels pending work and flush then returns at once', async () => {
    const runner = new FakeRunner(nbWithSwitch);
    const clock = new FakeClock();
    const prog = await started(runner, clock);
    prog.apply([mac(1)]);
    await prog.stop();
    expect(clock.pending()).toEqual([]);
    await prog.flush();
    expect(prog.status().state).toBe('disabled');
    await settle();
  });
});
