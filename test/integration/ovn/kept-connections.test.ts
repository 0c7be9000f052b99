// The programmer on kept JSON-RPC connections (createExecaRunner({ keptConnections: true })) against real
// databases: the same objects as with `ovsdb-client transact` and no process for them; a killed NB server makes
// it degraded with a line that says it could not connect, and it reconnects and converges once the server is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OvnProgrammer } from '../../../src/core/ovn/programmer.js';
import { createExecaRunner } from '../../../src/core/ovn/process-runner.js';
import { eventually } from '../../support/eventually.js';
import { expectedAddresses, remoteLoad } from '../../support/evpn-load.js';
import { OvsSandbox } from '../../support/ovs-sandbox.js';
import { allLsps, allPorts, isManaged } from '../../support/ovn-inspect.js';

const VTEP = '192.0.2.9';

describe('OvnProgrammer on kept connections', () => {
  let sb: OvsSandbox;
  let prog: OvnProgrammer;
  const { networks, events } = remoteLoad(5, 3000, VTEP);

  beforeAll(async () => {
    sb = await OvsSandbox.start();
    await sb.nbctl(...networks.flatMap((n) => ['--', 'ls-add', n.logicalSwitch]).slice(1));
    prog = new OvnProgrammer({
      ovsDb: sb.ovsDb, nbDb: sb.nbDb, bridge: sb.bridge, backoff: { initialMs: 50, maxMs: 300 }, timeoutSec: 5,
      runner: createExecaRunner({ keptConnections: true }), maxTxnBytes: 16 * 1024,
    });
    prog.setNetworks(networks, null);
    await prog.start();
  });

  afterAll(async () => {
    await prog?.stop();
    await sb?.stop();
  });

  it('writes exactly what ovsdb-client would, in many transactions and no process', async () => {
    const before = prog.stats().spawns;
    prog.apply(events);
    await prog.flush();
    expect(prog.status()).toEqual({ state: 'ok', lastError: null });
    const after = prog.stats().spawns;
    expect(after.client - before.client).toBe(0);
    expect(after.rpc - before.rpc).toBeGreaterThan(5); // ~100 KB of addresses in 16 KiB chunks: one connection, several transactions
    const managed = (await allLsps(sb)).filter((l) => isManaged(l.ids));
    expect(managed.map((l) => l.name).sort()).toEqual(networks.map((n) => `evpn-${n.vni}-${VTEP}`).sort());
    for (const l of managed) expect(l.addresses).toEqual(expectedAddresses(events, Number(l.ids['evpnctl-vni'])));
    expect((await allPorts(sb)).filter((p) => isManaged(p.portIds)).map((p) => p.options.key).sort()).toEqual(networks.map((n) => String(n.vni)).sort());
  });

  it('goes degraded when the NB server dies, then reconnects and converges when it returns', async () => {
    await sb.killNb();
    const mac = { type: 'mac-added' as const, vni: networks[0]!.vni, mac: '02:77:00:00:00:01', ips: ['10.77.0.1'], vtep: VTEP, seq: 0, sticky: false };
    prog.apply([mac]);
    await eventually(() => expect(prog.status().state).toBe('degraded'), 5000);
    expect(prog.status().lastError).toMatch(/^ovsdb-client transact: connection failed: ovsdb unix:.*nb\.sock: /);
    expect(prog.status().detail).toMatch(/^ovsdb-client: expected a reply to the OVN_Northbound transaction on the connection to unix:.*nb\.sock, got .* \(argv: .*transact unix:/);
    await sb.startNb();
    await prog.flush();
    expect(prog.status()).toEqual({ state: 'ok', lastError: null });
    const lsp = (await allLsps(sb)).find((l) => l.name === `evpn-${mac.vni}-${VTEP}`);
    expect(lsp?.addresses).toEqual(expectedAddresses([...events, mac], mac.vni));
  });
});
