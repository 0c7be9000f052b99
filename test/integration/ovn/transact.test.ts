// The prepared-transaction path (issue 13) against real ovsdb-servers: each chunk lands whole or not at all,
// an NB write whose fence token was replaced is refused whole with one clear error, later changes address
// our rows by the uuid we gave them (never by name), and a plan cut into many chunks still lands complete.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EvpnEvent } from '../../../src/core/route-engine/evpn/events.js';
import { OvnExec } from '../../../src/core/ovn/exec.js';
import { fenceExpects, fenceWaitOp, type FenceToken } from '../../../src/core/ovn/ha-fence.js';
import { execaRunner, type ProcessRunner } from '../../../src/core/ovn/process-runner.js';
import { OvnProgrammer } from '../../../src/core/ovn/programmer.js';
import { txStep } from '../../../src/core/ovn/txn.js';
import { OvsSandbox } from '../../support/ovs-sandbox.js';
import { allLsps, allPorts, isManaged } from '../../support/ovn-inspect.js';

const A = '192.168.100.1';
const LOCAL = '192.168.100.2';
const vtepUp = (vni: number, vtep = A): EvpnEvent => ({ type: 'vtep-added', vni, vtep });
const mac = (vni: number, m: string, vtep = A): EvpnEvent => ({ type: 'mac-added', vni, mac: m, ips: [], vtep, seq: 0, sticky: false });
const lsNamed = (name: string) => txStep([{ op: 'insert', table: 'Logical_Switch', row: { name } }]);

describe('prepared OVSDB transactions on real databases', () => {
  let sb: OvsSandbox;
  beforeAll(async () => {
    sb = await OvsSandbox.start();
    await sb.nbctl('ls-add', 'ls0');
  });
  afterAll(async () => {
    await sb?.stop();
  });
  const switches = async () => (await sb.nbctl('--bare', '--columns=name', 'list', 'Logical_Switch')).split('\n').filter((l) => l !== '').sort();

  it('lands a chunk whole or not at all, and says which operation failed and why', async () => {
    const exec = new OvnExec({ runner: execaRunner, nbDb: sb.nbDb });
    // One chunk: a valid insert and a reference to a row that does not exist. The commit fails, so neither lands.
    const bad = txStep([{ op: 'mutate', table: 'Logical_Switch', where: [['name', '==', 'ls0']], mutations: [['ports', 'insert', ['set', [['uuid', '00000000-0000-4000-8000-0000000000aa']]]]] }]);
    await expect(exec.transact('OVN_Northbound', [lsNamed('atomic-a'), bad])).rejects.toThrow(
      /expected every operation of the OVN_Northbound transaction to succeed, got referential integrity violation: .*nonexistent row 00000000-0000-4000-8000-0000000000aa.* at operation 2 \(the commit\); the transaction was refused whole, nothing written/);
    expect(await switches()).toEqual(['ls0']);
    // Cut into one step per chunk: the chunk before the failing one landed, the failing one did not. Two chunks
    // are in flight at once (txn-window.ts), so chunks after it may have started before the failure came back
    // (that no chunk starts after it is unit-tested with a runner the test drives): each lands whole or not at all,
    // and the programmer's retry re-reads either way. Nothing of the bad chunk lands.
    const small = new OvnExec({ runner: execaRunner, nbDb: sb.nbDb, maxTxnBytes: 120 });
    await expect(small.transact('OVN_Northbound', [lsNamed('atomic-b'), bad, lsNamed('atomic-c'), lsNamed('atomic-d')])).rejects.toThrow(/referential integrity violation/);
    const after = await switches();
    expect(after.filter((n) => n !== 'atomic-c' && n !== 'atomic-d')).toEqual(['atomic-b', 'ls0']);
    expect((await sb.nbctl('--bare', '--columns=ports', 'list', 'Logical_Switch', 'ls0')).trim()).toBe('');
    for (const n of after) if (n.startsWith('atomic-')) await sb.nbctl('ls-del', n);
  });

  it('refuses a fenced write whole once the token was replaced, with what was expected and what came', async () => {
    if ((await sb.nbctl('list', 'NB_Global')).trim() === '') await sb.nbctl('create', 'NB_Global', 'external_ids:"evpnctl-fence.t.1"=gw1');
    else await sb.nbctl('set', 'NB_Global', '.', 'external_ids:"evpnctl-fence.t.1"=gw1');
    const token: FenceToken = { group: 't', epoch: 1, chassis: 'gw1' };
    const exec = new OvnExec({ runner: execaRunner, nbDb: sb.nbDb, nbFence: () => ({ op: fenceWaitOp(token), expects: fenceExpects(token) }) });
    await exec.transact('OVN_Northbound', [lsNamed('fenced-ok')]);
    // A takeover: epoch 2 replaces our token (what HaLock's claim does).
    await sb.nbctl('remove', 'NB_Global', '.', 'external_ids', '"evpnctl-fence.t.1"', '--', 'set', 'NB_Global', '.', 'external_ids:"evpnctl-fence.t.2"=gw2');
    await expect(exec.transact('OVN_Northbound', [lsNamed('fenced-late-1'), lsNamed('fenced-late-2')])).rejects.toThrow(
      /expected the HA fence token evpnctl-fence\.t\.1 = "gw1" in NB_Global \(this daemon the group's active writer\), got it replaced by a newer claim \(timed out: "where" clause test failed\); the transaction was refused whole, nothing written/);
    // Same key, another chassis's value (a claim that reused the epoch) fails too: the wait checks key and value.
    await sb.nbctl('set', 'NB_Global', '.', 'external_ids:"evpnctl-fence.t.1"=gw9');
    await expect(exec.transact('OVN_Northbound', [lsNamed('fenced-late-3')])).rejects.toThrow(/got it replaced by a newer claim/);
    expect((await switches()).filter((n) => n.startsWith('fenced'))).toEqual(['fenced-ok']);
    // OVS writes are not fenced (the conf.db is the chassis's own).
    await new OvnExec({ runner: execaRunner, ovsDb: sb.ovsDb, nbFence: () => { throw new Error('must not be asked'); } })
      .transact('Open_vSwitch', [txStep([{ op: 'mutate', table: 'Open_vSwitch', where: [], mutations: [['external_ids', 'insert', ['map', [['evpnctl-test', 'x']]]]] }])]);
  });

  it('changes our rows by the uuid it gave them, never by name', async () => {
    const calls: string[][] = [];
    const runner: ProcessRunner = { run: (f, a, o) => { calls.push([f, ...a]); return execaRunner.run(f, a, o); }, spawn: (f, a, h) => execaRunner.spawn(f, a, h) };
    const prog = new OvnProgrammer({ ovsDb: sb.ovsDb, nbDb: sb.nbDb, bridge: sb.bridge, runner });
    prog.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: true }], LOCAL);
    prog.apply([vtepUp(10), mac(10, '02:00:00:00:10:01')]);
    await prog.start();
    await prog.flush();
    const lsp = (await allLsps(sb)).find((l) => l.name === `evpn-10-${A}`);
    expect(lsp).toBeDefined();
    calls.length = 0;
    prog.apply([mac(10, '02:00:00:00:10:02')]);
    await prog.flush();
    expect(calls).toHaveLength(1);
    const [tool, ...args] = calls[0] ?? [];
    expect(tool).toBe('ovsdb-client');
    expect(JSON.parse(args.at(-1) ?? '')).toEqual(['OVN_Northbound', {
      op: 'mutate', table: 'Logical_Switch_Port', where: [['_uuid', '==', ['uuid', lsp?.uuid]]], mutations: [['addresses', 'insert', ['set', ['02:00:00:00:10:02']]]],
    }]);
    expect((await allLsps(sb)).find((l) => l.name === `evpn-10-${A}`)?.addresses.sort()).toEqual(['02:00:00:00:10:01', '02:00:00:00:10:02', 'unknown']);
    await prog.stop();
  });

  it('lands a plan cut into many chunks complete, and a fresh start then finds nothing to do', async () => {
    await sb.nbctl('ls-add', 'ls-many');
    const events = Array.from({ length: 40 }, (_, i) => [vtepUp(20, `10.1.0.${i + 1}`), mac(20, `02:00:00:00:20:${(i + 1).toString(16).padStart(2, '0')}`, `10.1.0.${i + 1}`)]).flat();
    const calls: string[][] = [];
    const runner: ProcessRunner = { run: (f, a, o) => { calls.push([f, ...a]); return execaRunner.run(f, a, o); }, spawn: (f, a, h) => execaRunner.spawn(f, a, h) };
    const prog = new OvnProgrammer({ ovsDb: sb.ovsDb, nbDb: sb.nbDb, bridge: sb.bridge, runner, maxTxnBytes: 4000 });
    prog.setNetworks([{ vni: 20, logicalSwitch: 'ls-many', floodUnknown: true }], LOCAL);
    prog.apply(events);
    await prog.start();
    await prog.flush();
    expect(calls.filter((c) => c[0] === 'ovsdb-client').length).toBeGreaterThan(10);
    await prog.stop();
    const lsps = (await allLsps(sb)).filter((l) => isManaged(l.ids) && l.ids['evpnctl-vni'] === '20');
    expect(lsps).toHaveLength(40);
    expect(lsps.every((l) => l.switch === 'ls-many' && l.addresses.length === 2)).toBe(true);
    expect((await allPorts(sb)).filter((p) => isManaged(p.portIds) && p.portIds['evpnctl-vni'] === '20')).toHaveLength(40);
    calls.length = 0;
    const again = new OvnProgrammer({ ovsDb: sb.ovsDb, nbDb: sb.nbDb, bridge: sb.bridge, runner });
    again.setNetworks([{ vni: 20, logicalSwitch: 'ls-many', floodUnknown: true }], LOCAL);
    again.apply(events);
    await again.start();
    await again.flush();
    await again.stop();
    // Reads only: the OVS read, the NB's marked rows, the mapped switch's members.
    expect(calls.map((c) => c[0])).toEqual(['ovs-vsctl', 'ovsdb-client', 'ovsdb-client']);
  });
});
