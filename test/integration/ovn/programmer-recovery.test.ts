// Failure and recovery against real databases: a killed NB server makes the programmer degraded and it
// converges once the server is back; a programmer killed -9 in the middle of a large batch leaves a
// half-programmed database that a fresh programmer turns into exactly the desired state.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { OvnProgrammer } from '../../../src/core/ovn/programmer.js';
import { eventually } from '../../support/eventually.js';
import { childrenOf } from '../../support/proc-children.js';
import { expectedAddresses, remoteLoad } from '../../support/evpn-load.js';
import { OvsSandbox } from '../../support/ovs-sandbox.js';
import { aclCount, allLsps, allPgs, allPorts, isManaged } from '../../support/ovn-inspect.js';

const VTEP = '192.0.2.7';

describe('OvnProgrammer when the NB server dies', () => {
  let sb: OvsSandbox;
  let prog: OvnProgrammer;

  beforeAll(async () => {
    sb = await OvsSandbox.start();
    await sb.nbctl('ls-add', 'ls0');
    prog = new OvnProgrammer({ ovsDb: sb.ovsDb, nbDb: sb.nbDb, bridge: sb.bridge, backoff: { initialMs: 50, maxMs: 300 }, timeoutSec: 5 });
    prog.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: false }], null);
    await prog.start();
  });

  afterAll(async () => {
    await prog?.stop();
    await sb?.stop();
  });

  it('goes degraded with the error, then converges when the server returns', async () => {
    await sb.killNb();
    prog.apply([
      { type: 'vtep-added', vni: 10, vtep: VTEP },
      { type: 'mac-added', vni: 10, mac: '02:00:00:00:00:01', ips: ['10.0.0.1'], vtep: VTEP, seq: 0, sticky: false },
    ]);
    await eventually(() => expect(prog.status().state).toBe('degraded'), 5000);
    // One line for status (the command and the tool's first stderr line); the full text is the detail.
    expect(prog.status().lastError).toMatch(/^ovsdb-client transact: ovsdb-client: failed to connect to "unix:.*nb\.sock" \(Connection refused\)$/);
    expect(prog.status().detail).toMatch(/^ovsdb-client: expected exit code 0, got exit code 1: ovsdb-client: failed to connect .* \(argv: .*transact unix:/);
    expect(prog.stats().errors).toBeGreaterThan(0);
    await sb.startNb();
    await prog.flush();
    expect(prog.status()).toEqual({ state: 'ok', lastError: null });
    const lsps = (await allLsps(sb)).filter((l) => isManaged(l.ids));
    expect(lsps.map((l) => [l.name, l.addresses])).toEqual([[`evpn-10-${VTEP}`, ['02:00:00:00:00:01 10.0.0.1']]]);
    expect((await allPorts(sb)).filter((p) => isManaged(p.portIds)).map((p) => p.name)).toEqual(['v00000ac0000207']);
  });

  it('reports a missing logical switch as degraded and programs it once the switch appears', async () => {
    prog.setNetworks([{ vni: 10, logicalSwitch: 'ls0', floodUnknown: false }, { vni: 20, logicalSwitch: 'ls-late', floodUnknown: true }], null);
    prog.apply([{ type: 'vtep-added', vni: 20, vtep: VTEP }]);
    await prog.flush();
    expect(prog.status()).toEqual({ state: 'degraded', lastError: 'logical switch "ls-late" of VNI 20 not found' });
    await sb.nbctl('ls-add', 'ls-late');
    await eventually(() => expect(prog.status().state).toBe('ok'), 5000);
    await prog.flush();
    const lsps = (await allLsps(sb)).filter((l) => isManaged(l.ids)).map((l) => [l.name, l.switch]);
    expect(lsps).toContainEqual([`evpn-20-${VTEP}`, 'ls-late']);
  });
});


const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (_esrch) {
    return false;
  }
};

describe('OvnProgrammer crash in the middle of a batch', () => {
  let sb: OvsSandbox;
  let prog: OvnProgrammer | undefined;
  const vnis = 20;
  const macs = 20_000;

  beforeAll(async () => {
    sb = await OvsSandbox.start();
    const adds = Array.from({ length: vnis }, (_, v) => ['--', 'ls-add', `ls-${v}`]).flat();
    await sb.nbctl(...adds.slice(1));
    await sb.nbctl('lsp-add', 'ls-0', 'vm-foreign', '--', 'lsp-set-addresses', 'vm-foreign', '02:99:00:00:00:01 10.99.0.1');
    await sb.vsctl('add-port', sb.bridge, 'foreign-p', '--', 'set', 'Interface', 'foreign-p', 'type=internal');
  });

  afterAll(async () => {
    await prog?.stop();
    await sb?.stop();
  });

  it('a fresh start converges to exactly the desired state: 0 orphans, 0 missing', async () => {
    const cfg = { ovsDb: sb.ovsDb, nbDb: sb.nbDb, bridge: sb.bridge, vnis, macs, vtep: VTEP, maxArgvBytes: 8 * 1024 };
    const child = execa('node', ['--import', 'tsx', 'test/support/programmer-child.ts', JSON.stringify(cfg)], { reject: false, buffer: false });
    let out = '';
    child.stdout?.on('data', (c: Buffer) => { out += c.toString(); });
    await eventually(() => expect(out).toContain('started'), 30_000);
    // Kill -9 as soon as the first chunk of the big batch is in the NB.
    await eventually(async () => expect((await allLsps(sb)).some((l) => isManaged(l.ids))).toBe(true), 30_000, 5);
    const leftovers = await childrenOf(child.pid ?? -1);
    child.kill('SIGKILL');
    await child;
    await eventually(() => expect(leftovers.filter(alive)).toEqual([]), 10_000);
    expect(out).not.toContain('done');
    const partial = (await allLsps(sb)).filter((l) => isManaged(l.ids)).reduce((n, l) => n + l.addresses.length, 0);
    expect(partial).toBeLessThan(macs + vnis);

    // More damage a restart must repair: an orphan managed LSP and port, and a stray group.
    await sb.nbctl('lsp-add', 'ls-1', 'evpn-1001-10.0.0.99', '--', 'set', 'Logical_Switch_Port', 'evpn-1001-10.0.0.99',
      'external_ids:evpnctl-managed=true', 'external_ids:evpnctl-vni=1001', 'external_ids:evpnctl-vtep=10.0.0.99');
    await sb.vsctl('add-port', sb.bridge, 'v0003e90a000063', '--', 'set', 'Port', 'v0003e90a000063', 'external_ids:evpnctl-managed=true',
      'external_ids:evpnctl-vni=1001', 'external_ids:evpnctl-vtep=10.0.0.99');
    await sb.nbctl('create', 'Port_Group', 'name=evpn_vni_77', 'external_ids:evpnctl-managed=true', 'external_ids:evpnctl-vni=garbage');

    const { networks, events } = remoteLoad(vnis, macs, VTEP);
    prog = new OvnProgrammer({ ovsDb: sb.ovsDb, nbDb: sb.nbDb, bridge: sb.bridge });
    prog.setNetworks(networks, null);
    prog.apply(events);
    await prog.start();
    await prog.flush();
    expect(prog.status()).toEqual({ state: 'ok', lastError: null });

    const lsps = await allLsps(sb);
    const managed = lsps.filter((l) => isManaged(l.ids));
    expect(managed.map((l) => l.name).sort()).toEqual(networks.map((n) => `evpn-${n.vni}-${VTEP}`).sort());
    for (const l of managed) {
      const vni = Number(l.ids['evpnctl-vni']);
      expect(l.switch).toBe(`ls-${vni - 1000}`);
      expect(l.addresses).toEqual(expectedAddresses(events, vni));
    }
    const ports = await allPorts(sb);
    expect(ports.filter((p) => isManaged(p.portIds)).map((p) => p.options.key).sort()).toEqual(networks.map((n) => String(n.vni)).sort());
    const pgs = await allPgs(sb);
    expect(pgs.map((g) => g.name).sort()).toEqual(networks.map((n) => `evpn_vni_${n.vni}`).sort());
    for (const g of pgs) expect(g.acls).toHaveLength(1);
    expect(await aclCount(sb)).toBe(vnis);
    expect(lsps.find((l) => l.name === 'vm-foreign')?.addresses).toEqual(['02:99:00:00:00:01 10.99.0.1']);
    expect(ports.some((p) => p.name === 'foreign-p')).toBe(true);
  });
});
