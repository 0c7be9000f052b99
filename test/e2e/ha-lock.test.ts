// The HA group lock and its write fencing against a real 3-member clustered NB (issue 10): one holder per
// group, on the leader; the holder's token in NB_Global; a batch fenced on a replaced token cannot commit,
// even one that passed its check before the takeover; and after a kill -9 of the leader the lock follows
// the new leader with a higher epoch, never held by two clients at once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { chainArgs, step } from '../../src/core/ovn/chain.js';
import { claimOps, fenceCommand, lockName, type FenceToken } from '../../src/core/ovn/ha-fence.js';
import { HaLock, NB_DATABASE, type HaLockEvent } from '../../src/core/ovn/ovsdb-lock.js';
import { OvsdbRpcConnection, transact } from '../../src/core/ovn/ovsdb-rpc.js';
import { run } from '../../src/lab/exec.js';
import { assertLabPrerequisites } from '../../src/lab/prereqs.js';
import { buildNbClusterLab, type NbClusterLab } from '../../src/lab/topology/nb-cluster-lab.js';
import { eventually } from '../support/eventually.js';
import { downAndVerify, keepLabLogs } from '../support/lab-teardown.js';

beforeAll(async () => {
  await assertLabPrerequisites();
});

interface Client {
  chassis: string;
  lock: HaLock;
  events: HaLockEvent[];
  /** [acquired at, lost at) intervals in ms (performance.now), for the "never two holders" check. */
  held: [number, number | null][];
}

describe('HA lock and fencing on a clustered NB', () => {
  let lab: NbClusterLab | undefined;
  let clients: Client[] = [];
  beforeAll(async () => {
    lab = await buildNbClusterLab({ runOptions: { description: 'e2e ha lock', keepDir: keepLabLogs } });
  });
  afterEach(async () => {
    for (const c of clients) await c.lock.stop();
    clients = [];
  });
  afterAll(() => downAndVerify(lab));

  const need = (): NbClusterLab => {
    if (!lab) throw new Error('lab not built');
    return lab;
  };
  const client = (group: string, chassis: string, remotes = need().cluster.unixRemotes): Client => {
    const c: Client = { chassis, events: [], held: [], lock: undefined as unknown as HaLock };
    c.lock = new HaLock({
      remotes, group, chassis, probeMs: 1000, random: () => 0,
      onEvent: (e) => {
        c.events.push(e);
        if (e.kind === 'acquired') c.held.push([performance.now(), null]);
        const last = c.held.at(-1);
        if (e.kind === 'lost' && last) last[1] = performance.now();
      },
    });
    clients.push(c);
    c.lock.start();
    return c;
  };
  const active = (cs: readonly Client[]): Client[] => cs.filter((c) => c.lock.status().state === 'active');
  const oneActive = (cs: readonly Client[]): Promise<Client> => eventually(() => {
    const a = active(cs);
    if (a.length !== 1) throw new Error(`expected one active, got ${a.map((c) => c.chassis).join(',') || 'none'}`);
    return a[0] as Client;
  }, 15_000);
  const nbGlobalIds = async (): Promise<string> => need().cluster.nbctl('get', 'NB_Global', '.', 'external_ids');
  /** ovn-nbctl with the cluster's remotes (leader-only), a chain that starts with the fence of token. */
  const fencedNbctl = (token: FenceToken, ...rest: string[][]) => {
    const m = need().cluster.members[0];
    const argv = ['ovn-nbctl', `--db=${need().cluster.unixRemotes}`, '--timeout=20', ...chainArgs([step(fenceCommand(token), ...rest)])];
    return run(argv, { env: m?.env ?? {}, okExitCodes: [1] });
  };
  const switchExists = async (name: string): Promise<boolean> =>
    (await need().cluster.nbctl('--bare', '--columns=name', 'find', 'Logical_Switch', `name=${name}`)).trim() === name;

  it('grants the group lock to one client on the leader, which stamps its token; the other waits and sees it', async () => {
    const l = need();
    const a = client('g1', 'chassis-a');
    const b = client('g1', 'chassis-b');
    const holder = await oneActive([a, b]);
    const waiter = holder === a ? b : a;
    const token = holder.lock.status().token;
    expect(token).toMatchObject({ group: 'g1', chassis: holder.chassis });
    const leader = await l.cluster.waitLeader();
    expect(holder.lock.status().remote).toBe(leader.unixRemote);
    expect(await nbGlobalIds()).toContain(`evpnctl-fence.g1.${token?.epoch}=${holder.chassis}`);
    await eventually(() => expect(waiter.lock.status()).toMatchObject({ state: 'waiting', holder: token }));
    // Another group is independent (and a '-' in its name still makes a valid lock name).
    const c = client('g-2', 'chassis-a');
    await oneActive([c]);
  });

  it('skips followers: with the leader listed last, the lock is still taken on the leader', async () => {
    const l = need();
    const leader = await l.cluster.waitLeader();
    const ordered = [...l.cluster.members.filter((m) => m !== leader), leader].map((m) => m.unixRemote).join(',');
    const a = client('g0', 'chassis-a', ordered);
    await oneActive([a]);
    expect(a.lock.status().remote).toBe(leader.unixRemote);
  });

  it('locks are per server: a follower grants the lock that the leader\'s client holds (why the lock follows the leader)', async () => {
    const l = need();
    const a = client('g6', 'chassis-a');
    await oneActive([a]);
    const leader = await l.cluster.waitLeader();
    const follower = l.cluster.members.find((m) => m !== leader);
    if (!follower) throw new Error('no follower');
    const other = await OvsdbRpcConnection.open({ remote: follower.unixRemote, clock: systemClock, onNotification: () => undefined, onClose: () => undefined });
    try {
      expect(await other.request('lock', [lockName('g6')])).toEqual({ locked: true });
      expect(a.lock.status().state).toBe('active');
    } finally {
      other.close();
    }
  });

  it('a batch fenced on the current token commits; once another client took over, the same batch cannot', async () => {
    const a = client('g3', 'chassis-a');
    await oneActive([a]);
    const old = a.lock.status().token;
    if (old === null) throw new Error('no token');
    const ok = await fencedNbctl(old, ['ls-add', 'fenced-ok']);
    expect(ok.exitCode).toBe(0);
    expect(await switchExists('fenced-ok')).toBe(true);

    // A batch that passed its fence and is then held up (wait-until on a switch that does not exist yet),
    // as a daemon paused mid-batch: the takeover happens while it waits.
    const m = need().cluster.members[0];
    const stale = run(['ovn-nbctl', `--db=${need().cluster.unixRemotes}`, '--timeout=20',
      ...chainArgs([step(fenceCommand(old), ['wait-until', 'Logical_Switch', 'gate'], ['ls-add', 'stale-write'])])], { env: m?.env ?? {}, okExitCodes: [1] });
    await new Promise((r) => setTimeout(r, 500));
    const b = client('g3', 'chassis-b');
    await a.lock.stop();
    await oneActive([b]);
    const next = b.lock.status().token;
    expect(next?.epoch).toBe(old.epoch + 1);
    await need().cluster.nbctl('ls-add', 'gate');
    const r = await stale;
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`no key "+evpnctl-fence\\.g3\\.${old.epoch}"+ in NB_Global`));
    expect(await switchExists('stale-write')).toBe(false);
    expect((await fencedNbctl(old, ['ls-add', 'late-write'])).exitCode).toBe(1);
    expect(await switchExists('late-write')).toBe(false);
    if (next === null) throw new Error('no token');
    expect((await fencedNbctl(next, ['ls-add', 'new-active-write'])).exitCode).toBe(0);
  });

  it('a stolen lock is reported lost and its token is fenced; the victim queues again', async () => {
    const l = need();
    const a = client('g4', 'chassis-a');
    await oneActive([a]);
    const old = a.lock.status().token;
    if (old === null) throw new Error('no token');
    const leader = await l.cluster.waitLeader();
    const thief = await OvsdbRpcConnection.open({ remote: leader.unixRemote, clock: systemClock, onNotification: () => undefined, onClose: () => undefined });
    try {
      expect(await thief.request('steal', [lockName('g4')])).toEqual({ locked: true });
      const ids = await thief.request('transact', [NB_DATABASE, { op: 'select', table: 'NB_Global', where: [], columns: ['_uuid', 'external_ids'] }]);
      const row = (ids as [{ rows: [{ _uuid: [string, string]; external_ids: ['map', [string, string][]] }] }])[0].rows[0];
      const { ops, token } = claimOps('g4', 'thief', { uuid: row._uuid[1], externalIds: Object.fromEntries(row.external_ids[1]) });
      await transact(thief, NB_DATABASE, ops);
      expect(token.epoch).toBe(old.epoch + 1);
      await eventually(() => expect(a.events).toContainEqual({ kind: 'lost', token: old, reason: 'stolen', detail: 'another client stole the lock' }));
      expect((await fencedNbctl(old, ['ls-add', 'after-steal'])).exitCode).toBe(1);
      expect(await switchExists('after-steal')).toBe(false);
      await thief.request('unlock', [lockName('g4')]);
      await oneActive([a]);
      expect(a.lock.status().token?.epoch).toBe(old.epoch + 2);
    } finally {
      thief.close();
    }
  });

  it('after a kill -9 of the NB leader the lock follows the new leader, with a higher epoch and never two holders', async () => {
    const l = need();
    const a = client('g5', 'chassis-a');
    const b = client('g5', 'chassis-b');
    const first = await oneActive([a, b]);
    const before = first.lock.status().token;
    if (before === null) throw new Error('no token');
    const old = await l.cluster.waitLeader();
    const t0 = performance.now();
    await l.cluster.kill(old);
    const newLeader = await l.cluster.waitLeader();
    // The holder's connection ends with its server: its lock is gone, whoever is first on the new leader gets it.
    await eventually(() => {
      const h = active([a, b])[0];
      if (!h || (h.lock.status().token?.epoch ?? 0) <= before.epoch) throw new Error('no new holder yet');
    }, 15_000);
    const holder = await oneActive([a, b]);
    console.log(`NB leader nb${old.index} killed: ${holder.chassis} holds g5 again (epoch ${holder.lock.status().token?.epoch}) via nb${newLeader.index} after ${Math.round(performance.now() - t0)} ms`);
    expect(holder.lock.status().remote).toBe(newLeader.unixRemote);
    expect(first.events.some((e) => e.kind === 'lost' && e.reason === 'disconnected')).toBe(true);
    // Never two holders: the intervals of a and b do not overlap.
    for (const [s1, e1] of a.held) for (const [s2, e2] of b.held) expect(s1 < (e2 ?? Infinity) && s2 < (e1 ?? Infinity)).toBe(false);
    const token = holder.lock.status().token;
    if (token === null) throw new Error('no token');
    expect((await fencedNbctl(token, ['ls-add', 'after-leader-kill'])).exitCode).toBe(0);
    expect((await fencedNbctl(before, ['ls-add', 'stale-after-leader-kill'])).exitCode).toBe(1);
    await l.cluster.restart(old);
    await l.cluster.waitLeader();
  });
});
