// Issue 14 (1): 25 kill -9s of the daemon while it programs 5k remote MACs from BGP. No child of a dead
// daemon may survive it (the NB monitors and any ovsdb-client transact/ovs-vsctl in flight die with it), and after the
// last restart OVS and the NB hold exactly what the peer advertises: 0 orphans, 0 missing.
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER_ENV } from '../../../src/core/daemon/leftovers.js';
import { startBgpOvn, BRIDGE, type BgpOvn } from '../../support/bgp-ovn-fixture.js';
import { eventually } from '../../support/eventually.js';
import { managedDiff } from '../../support/managed-diff.js';
import { bulkRoutes, expectedPairs, type BulkSpec } from '../../support/peer-routes.js';
import { argvOf, childrenOf, running, waitForChild } from '../../support/proc-children.js';

const VNIS = [301, 302];
const SWITCHES = new Map(VNIS.map((v) => [v, `ls-k${v}`]));
const [A, B] = ['192.0.2.11', '192.0.2.12'] as const;
const KILLS = 25;
/**
 * The peer's table of 5k MACs for the daemon of round i: each round's differs from every earlier one (200 MACs
 * gone, 200 new, all moved to the other VTEP), so whatever an earlier daemon committed, there is work to do.
 */
const table = (i: number): BulkSpec => ({ vnis: VNIS, vteps: i % 2 === 0 ? [A, B] : [B, A], macs: 5000, first: i * 200 });
const TOOLS = new Set(['ovsdb-client', 'ovn-nbctl', 'ovs-vsctl']);

/** Pids of OVS/OVN tool processes (any parent) whose argv names one of the sandbox's databases. */
async function toolsOn(dbs: readonly string[]): Promise<Map<number, string[]>> {
  const out = new Map<number, string[]>();
  for (const name of await readdir('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const argv = await argvOf(Number(name));
    if (argv === null || !TOOLS.has(argv[0]?.split('/').pop() ?? '')) continue;
    if (argv.some((a) => dbs.some((db) => a.includes(db)))) out.set(Number(name), argv);
  }
  return out;
}

const ppidOf = async (pid: number): Promise<number> => {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
};

describe(`${KILLS} kill -9s of the daemon while it programs 5k MACs`, () => {
  let t: BgpOvn | undefined;
  const setup = (): BgpOvn => {
    if (t === undefined) throw new Error('expected the BGP-to-OVN setup to be running');
    return t;
  };
  beforeAll(async () => {
    t = await startBgpOvn({ description: 'integration kill -9 children', networks: SWITCHES });
  });
  afterAll(async () => {
    await t?.down();
  });

  it('leaves 0 processes of dead daemons, 0 orphans and 0 missing objects', async () => {
    const { daemon, peer, sb, pair, local } = setup();
    const dbs = [sb.ovsDb.slice('unix:'.length), sb.nbDb.slice('unix:'.length)];
    const survivors: string[] = [];
    const deadDaemons: number[] = [];
    const t0 = performance.now();
    // The table changes while the daemon is down, so each restart has a table to program after End-of-RIB.
    let tableNo = 0;
    await peer.replace({ bulk: [table(tableNo)] });
    // Any ovsdb-client transact (not a monitor) or ovs-vsctl: the restart's reconcile reads what is there, then
    // writes the difference as prepared transactions.
    const isWriter = (argv: readonly string[]) => /(^|\/)ovs-vsctl$/.test(argv[0] ?? '') || (/(^|\/)ovsdb-client$/.test(argv[0] ?? '') && argv.includes('transact'));
    for (let i = 0; i < KILLS; i++) {
      // Catch the daemon programming OVN, and kill it there. On a loaded machine the poll can miss a short call:
      // then the table changes again under the running daemon and the next call is caught.
      // The OVS/OVN tools are the route engine's children; kill -9 goes to the daemon (the supervisor).
      const re = (await daemon.processes()).routeEngine;
      let caught = await waitForChild(re, isWriter, 8000).then(() => true, () => false);
      for (let retry = 0; !caught && retry < 3; retry++) {
        const writing = waitForChild(re, isWriter, 10_000).then(() => true, () => false);
        await peer.replace({ bulk: [table(++tableNo)] });
        caught = await writing;
      }
      if (!caught) throw new Error(`kill ${i + 1}: expected to catch an ovsdb-client transact or ovs-vsctl; daemon log:\n${readFileSync(daemon.logFile, 'utf8').split('\n').slice(-25).join('\n')}`);
      const dead = daemon.pid;
      const children = await childrenOf(re);
      expect(children.length, `kill ${i + 1}: the daemon's children`).toBeGreaterThanOrEqual(2); // the NB monitors and the writer at least
      // Each child carries its owner's mark (pid, start time, state dir), by which a later daemon could find it.
      const marks = await Promise.all(children.map(async (c) => (await readFile(`/proc/${c}/environ`, 'utf8').catch(() => '')).split('\0').find((e) => e.startsWith(`${OWNER_ENV}=`))));
      for (const m of marks) if (m !== undefined) expect(m).toMatch(new RegExp(`^${OWNER_ENV}=${re} \\d+ ${daemon.stateDir}$`));
      expect(marks.filter((m) => m !== undefined).length, `kill ${i + 1}: marked children`).toBeGreaterThanOrEqual(2);
      await daemon.kill9();
      deadDaemons.push(dead);
      // PR_SET_PDEATHSIG delivers SIGKILL as the daemon dies; give the kernel a moment to reap them.
      const deadline = Date.now() + 2000;
      while (Date.now() < deadline && (await Promise.all(children.map(running))).some(Boolean)) await new Promise((r) => setTimeout(r, 10));
      for (const c of children) if (await running(c)) survivors.push(`kill ${i + 1}: pid ${c} (${(await argvOf(c))?.join(' ') ?? '?'})`);
      expect(survivors, 'children of dead daemons still running').toEqual([]);
      await peer.closed(i + 1); // the peer sees session i + 1 end before its table changes
      await peer.replace({ bulk: [table(++tableNo)] });
      await daemon.launch();
    }
    const elapsed = (performance.now() - t0) / 1000;

    // The last table, programmed completely by the last daemon, and nothing else.
    const last = bulkRoutes(table(tableNo));
    const want = { pairs: expectedPairs(last, VNIS), switches: SWITCHES, localVtep: local, bridge: BRIDGE };
    await eventually(async () => expect(await managedDiff(sb, want)).toEqual({ orphans: 0, missing: 0, samples: [] }), 60_000, 200);
    expect((await daemon.neighbor(pair.peer.ip)).prefixes.accepted).toBe(last.length);

    // Every OVS/OVN tool on the sandbox's databases is a child of the live route engine: none was reparented.
    const tools = await toolsOn(dbs);
    const foreign = [];
    const liveRe = (await daemon.processes()).routeEngine;
    for (const [pid, argv] of tools) if ((await ppidOf(pid).catch(() => liveRe)) !== liveRe) foreign.push(`${pid} ${argv.join(' ')}`);
    expect(foreign, 'OVS/OVN tools not owned by the live daemon').toEqual([]);
    expect(deadDaemons).toHaveLength(KILLS);
    console.log(`${KILLS} kill -9 cycles in ${elapsed.toFixed(1)} s`);
  });
});
