// The programmer's engine with a fake process runner and a fake clock: batching, one process per tool
// per batch, degraded state, backoff and re-read on retry.
import { describe, expect, it } from 'vitest';
import type { EvpnEvent } from '../../../../src/core/evpn/events.js';
import { OvnProgrammer } from '../../../../src/core/ovn/programmer.js';
import { FakeClock, settle } from '../../../support/fake-clock.js';
import { emptyReads, fail, FakeRunner, ok, type Call } from '../../../support/fake-runner.js';

const LS = '11111111-2222-3333-4444-555555555555';
/** A NB read that knows switch ls0; everything else empty. */
function nbWithSwitch(file: string, args: readonly string[]) {
  if (file === 'ovn-nbctl' && args.includes('--format=json')) {
    return ok(`{"data":[[["uuid","${LS}"],"ls0",["set",[]]]],"headings":["_uuid","name","ports"]}\n` + '{"data":[],"headings":[]}\n'.repeat(3));
  }
  return emptyReads(file, args);
}

const mac = (i: number, vtep = '192.168.100.1'): EvpnEvent =>
  ({ type: 'mac-added', vni: 10, mac: `02:00:00:00:${(i >> 8).toString(16).padStart(2, '0')}:${(i & 255).toString(16).padStart(2, '0')}`, ips: [], vtep, seq: 0, sticky: false });
const writes = (calls: Call[]) => calls.filter((c) => !c.args.includes('--format=json'));

async function started(runner: FakeRunner, clock: FakeClock): Promise<OvnProgrammer> {
  const prog = new OvnProgrammer({ runner, clock, batchWindowMs: 5, backoff: { initialMs: 100, maxMs: 800 } });
  prog.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], null);
  const s = prog.start();
  await clock.advance(0);
  await s;
  return prog;
}

describe('OvnProgrammer (fake runner, fake clock)', () => {
  it('starts with one read per database, creates the network\'s group, and reports ok', async () => {
    const runner = new FakeRunner(nbWithSwitch);
    const prog = await started(runner, new FakeClock());
    expect(prog.status()).toEqual({ state: 'ok', lastError: null });
    expect(runner.calls.filter((c) => c.args.includes('--format=json')).map((c) => c.file).sort()).toEqual(['ovn-nbctl', 'ovs-vsctl']);
    expect(writes(runner.calls).map((c) => [c.file, c.args.filter((a) => a === 'create')])).toEqual([['ovn-nbctl', ['create', 'create']]]);
    expect(prog.stats()).toMatchObject({ reconciles: 1, batches: 1, spawns: { vsctl: 1, nbctl: 2, client: 0 } });
  });

  it('coalesces events over the batch window into one ovs-vsctl and one ovn-nbctl call', async () => {
    const runner = new FakeRunner(nbWithSwitch);
    const clock = new FakeClock();
    const prog = await started(runner, clock);
    runner.calls.length = 0;
    for (let i = 0; i < 500; i++) prog.apply([mac(i), mac(i + 1000, '192.168.100.3')]);
    await clock.advance(4);
    expect(runner.calls).toEqual([]);
    await clock.advance(1);
    await prog.flush();
    expect(runner.calls.map((c) => c.file).sort()).toEqual(['ovn-nbctl', 'ovs-vsctl']);
    const nb = runner.of('ovn-nbctl')[0]?.args ?? [];
    expect(nb.filter((a) => a.startsWith('"02:00:00:00:'))).toHaveLength(1000);
  });

  it('goes degraded on failure, backs off exponentially, re-reads, and converges when the database is back', async () => {
    let down = false;
    const runner = new FakeRunner((file, args) => (down && file === 'ovn-nbctl' ? fail('ovn-nbctl: database connection failed (Connection refused)') : nbWithSwitch(file, args)));
    const clock = new FakeClock();
    const prog = await started(runner, clock);
    down = true;
    runner.calls.length = 0;
    prog.apply([{ type: 'vtep-added', vni: 10, vtep: '192.168.100.1' }, mac(1)]);
    await clock.advance(5);
    expect(prog.status().state).toBe('degraded');
    expect(prog.status().lastError).toMatch(/^ovn-nbctl \S+: ovn-nbctl: database connection failed/);
    expect(prog.status().detail).toMatch(/ovn-nbctl: expected exit code 0, got exit code 1: ovn-nbctl: database connection failed.* \(argv: /);
    expect(clock.pending()).toEqual([100]);
    // New events during the backoff do not hammer the database.
    prog.apply([mac(2)]);
    await clock.advance(99);
    expect(runner.calls).toHaveLength(2);
    await clock.advance(1);
    expect(runner.calls.slice(2).every((c) => c.args.includes('--format=json'))).toBe(true);
    expect(clock.pending()).toEqual([200]);
    await clock.advance(200);
    expect(clock.pending()).toEqual([400]);
    down = false;
    runner.calls.length = 0;
    await clock.advance(400);
    await prog.flush();
    expect(prog.status()).toEqual({ state: 'ok', lastError: null });
    // The retry re-read both databases, then wrote everything desired in one call each.
    expect(runner.calls.filter((c) => c.args.includes('--format=json')).map((c) => c.file).sort()).toEqual(['ovn-nbctl', 'ovs-vsctl']);
    const nbWrites = writes(runner.of('ovn-nbctl'));
    expect(nbWrites).toHaveLength(1);
    expect(nbWrites[0]?.args).toEqual(expect.arrayContaining(['"02:00:00:00:00:01"', '"02:00:00:00:00:02"']));
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
      'ovn: reconcile applied 0 OVS and 1 NB steps in 0 ms (spawned so far: 1 ovs-vsctl, 2 ovn-nbctl)',
      'ovn: batch applied 1 OVS and 3 NB steps in 0 ms (spawned so far: 2 ovs-vsctl, 3 ovn-nbctl)',
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
