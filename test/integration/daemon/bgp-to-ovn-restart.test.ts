// kill -9 of the daemon in the middle of programming 10k remote MACs learned over a real BGP session, then
// a restart: the managed OVS/NB objects must converge to exactly what the peer then advertises. The kill
// lands while one of the daemon's NB transactions (ovsdb-client transact) runs (usually the first of several batches; how much of
// V1 is in the NB then depends on the machine's speed), and the peer's table changes while the daemon is
// down (a VTEP, 1000 MACs gone, 1000 new, MACs moved with a higher MAC Mobility sequence), so the restart
// must delete orphans as well as create what is missing, whatever the crash left. It must hold OVN
// programming until BGP has relearned (BgpService.initialSync, ended by the peer's End-of-RIB): LSPs that
// stay wanted keep their rows.
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBgpOvn, BRIDGE, type BgpOvn } from '../../support/bgp-ovn-fixture.js';
import { eventually } from '../../support/eventually.js';
import { managedDiff } from '../../support/managed-diff.js';
import { allLsps, foreignRows, isManaged } from '../../support/ovn-inspect.js';
import type { OvsSandbox } from '../../support/ovs-sandbox.js';
import { bulkRoutes, expectedPairs, type BulkSpec, type PeerRoute } from '../../support/peer-routes.js';
import { waitForChild, waitGone } from '../../support/proc-children.js';

const VNIS = [101, 102, 103, 104];
const SWITCHES = new Map(VNIS.map((v) => [v, `ls-r${v}`]));
const [A, B, C] = ['192.0.2.1', '192.0.2.2', '192.0.2.3'] as const;
const MACS = 10_000;
/** Before the kill: 10k MACs behind A, B and C. */
const V1: BulkSpec = { vnis: VNIS, vteps: [A, B, C], macs: MACS };
/** After it: C gone, MACs 0..999 gone, 10000..10999 new, the rest spread over A and B. */
const V2: BulkSpec = { vnis: VNIS, vteps: [A, B], macs: MACS, first: 1000 };
/** 100 of V2's MACs behind A also announced from B with sequence 2: B wins them (RFC 7432 §15.1). */
const MOVED: PeerRoute[] = bulkRoutes(V2).flatMap((r) => (r.type === 2 && r.vtep === A ? [r] : [])).slice(0, 100)
  .map((r) => ({ ...r, vtep: B, rd: `${B}:${r.vni}`, seq: 2 }));

const managedLsps = async (sb: OvsSandbox) => (await allLsps(sb)).filter((l) => isManaged(l.ids));

async function foreignObjects(sb: OvsSandbox): Promise<void> {
  await sb.nbctl('lsp-add', 'ls-r101', 'vm-foreign', '--', 'lsp-set-addresses', 'vm-foreign', '02:ac:10:ff:00:99 10.99.0.1');
  await sb.nbctl('lsp-add', 'ls-r102', 'router-port', '--', 'lsp-set-type', 'router-port', 'router', '--', 'lsp-set-addresses', 'router-port', 'router');
  await sb.nbctl('pg-add', 'foreign_pg', 'vm-foreign', '--', 'acl-add', 'foreign_pg', 'from-lport', '1000', 'ip4', 'allow');
  await sb.vsctl('add-port', BRIDGE, 'foreign-vm', '--', 'set', 'Interface', 'foreign-vm', 'type=internal', 'external_ids:iface-id=vm-foreign');
  await sb.vsctl('add-port', BRIDGE, 'vx-foreign', '--', 'set', 'Interface', 'vx-foreign', 'type=vxlan', `options:remote_ip=${C}`, 'options:key=101');
}

describe('kill -9 of the daemon while it programs 10k MACs from BGP, then a restart', () => {
  let t: BgpOvn | undefined;
  let before: Awaited<ReturnType<typeof foreignRows>>;
  const setup = (): BgpOvn => {
    if (t === undefined) throw new Error('expected the BGP-to-OVN setup to be running');
    return t;
  };
  const want = (routes: readonly PeerRoute[]) => ({ pairs: expectedPairs(routes, VNIS), switches: SWITCHES, localVtep: setup().local, bridge: BRIDGE });

  beforeAll(async () => {
    t = await startBgpOvn({
      description: 'integration bgp-to-ovn restart', networks: SWITCHES,
      prepare: async (sb) => {
        await foreignObjects(sb);
        before = await foreignRows(sb);
      },
    });
  });

  afterAll(async () => {
    await t?.down();
  });

  it('converges to exactly the routes the peer advertises: 0 orphans, 0 missing, foreign objects untouched', async () => {
    const { daemon, peer, sb, pair } = setup();
    // Catch the daemon with an NB transaction that writes MAC addresses (not the read of a reconcile, and not a
    // first small batch made of type 3s alone, whose "unknown" entries V2 still wants), and kill it there.
    const writing = waitForChild((await daemon.processes()).routeEngine, (argv) => argv[0]?.endsWith('ovsdb-client') === true && argv.includes('transact')
      && (argv.at(-1) ?? '').startsWith('["OVN_Northbound"') && (argv.at(-1) ?? '').includes('"02:'), 20_000);
    await peer.replace({ bulk: [V1] });
    const writer = await writing;
    await daemon.kill9();
    // The ovsdb-client dies with the daemon (PR_SET_PDEATHSIG), its transaction committed or not, as after a real crash.
    await waitGone(writer.pid, 30_000);
    // The session engine goes a moment after the route engine (both on the supervisor's IPC disconnect): the peer
    // sees the session end before its table changes, as it did with one process.
    await peer.closed(1);

    const v2 = [...bulkRoutes(V2), ...MOVED];
    await peer.replace({ routes: MOVED, bulk: [V2] });
    const stale = await managedDiff(sb, want(v2));
    // What the restart must repair: V1's objects V2 no longer has, and all of V2's news.
    expect(stale.orphans).toBeGreaterThan(0);
    expect(stale.missing).toBeGreaterThan(0);

    // LSPs that V2 still wants must keep their rows: a restart that reconciled before BGP relearned its routes
    // would delete them (nothing desired yet) and create them again, cutting traffic on the way.
    const keep = new Set(expectedPairs(v2, VNIS).map((p) => `evpn-${p.vni}-${p.vtep}`));
    const kept = (await managedLsps(sb)).filter((l) => keep.has(l.name)).map((l) => [l.name, l.uuid]);
    expect(kept.length).toBeGreaterThan(0);

    const t0 = performance.now();
    await daemon.launch();
    await peer.tableSent(2);
    await eventually(async () => expect(await managedDiff(sb, want(v2))).toEqual({ orphans: 0, missing: 0, samples: [] }), 30_000, 100);
    expect(performance.now() - t0).toBeLessThan(30_000);
    expect((await managedLsps(sb)).filter((l) => keep.has(l.name)).map((l) => [l.name, l.uuid])).toEqual(expect.arrayContaining(kept));
    expect((await daemon.neighbor(pair.peer.ip)).prefixes.accepted).toBe(v2.length);
    expect((await daemon.json<{ ovn: unknown }>('status')).ovn).toEqual({ state: 'ok', lastError: null });
    expect(await foreignRows(sb)).toEqual(before);
    // The moved MACs sit behind B, with B's sequence, not behind A.
    const moved = MOVED[0];
    if (moved?.type !== 2) throw new Error('expected a moved type 2 route');
    expect(expectedPairs(v2, VNIS).find((p) => p.vni === moved.vni && p.vtep === B)?.addresses).toContain(`${moved.mac} ${moved.ip}`);
  });
});
