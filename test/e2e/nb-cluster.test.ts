// The clustered NB lab itself: three ovsdb-server members in their own netns form one Raft cluster, a write
// through any member lands on all of them, ovn-northd follows the cluster into the SB, and killing the leader
// elects another one while the killed member rejoins on restart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/lab/exec.js';
import { assertLabPrerequisites } from '../../src/lab/prereqs.js';
import { waitFor } from '../../src/lab/wait.js';
import { buildNbClusterLab, type NbClusterLab } from '../../src/lab/topology/nb-cluster-lab.js';
import type { NbMember } from '../../src/lab/ovn-nb-cluster.js';
import { downAndVerify, keepLabLogs } from '../support/lab-teardown.js';

beforeAll(async () => {
  await assertLabPrerequisites();
});

describe('a 3-member clustered OVN NB in network namespaces', () => {
  let lab: NbClusterLab | undefined;
  beforeAll(async () => {
    lab = await buildNbClusterLab({ runOptions: { description: 'e2e nb cluster', keepDir: keepLabLogs } });
  });
  afterAll(() => downAndVerify(lab));

  const need = (): NbClusterLab => {
    if (!lab) throw new Error('lab not built');
    return lab;
  };
  // --no-leader-only: talk to exactly this member, even a follower (which forwards writes to the leader).
  const nbctlVia = async (m: NbMember, ...args: string[]): Promise<string> =>
    (await run(['ovn-nbctl', `--db=${m.unixRemote}`, '--no-leader-only', '--timeout=20', ...args], { env: m.env })).stdout;

  it('forms one cluster of three members with exactly one leader', async () => {
    const l = need();
    const leader = await l.cluster.waitLeader();
    const statuses = await Promise.all(l.cluster.members.map((m) => l.cluster.status(m)));
    expect(statuses.map((s) => s.status)).toEqual(['cluster member', 'cluster member', 'cluster member']);
    expect(statuses.filter((s) => s.role === 'leader')).toHaveLength(1);
    expect(statuses.filter((s) => s.role === 'follower')).toHaveLength(2);
    expect(l.cluster.members.map((m) => m.ip)).toContain(leader.ip);
  });

  it('a write through any member is read back through every member', async () => {
    const l = need();
    for (const writer of l.cluster.members) {
      await nbctlVia(writer, 'ls-add', `via-nb${writer.index}`);
    }
    for (const reader of l.cluster.members) {
      // A follower serves what it has committed; the last write may take a moment to reach it.
      await waitFor(`nb${reader.index} to list all three switches`, async () => {
        const names = (await nbctlVia(reader, '--bare', '--columns=name', 'list', 'Logical_Switch')).split('\n').filter(Boolean).sort();
        return names.join(',') === 'via-nb1,via-nb2,via-nb3' ? true : undefined;
      }, { timeoutMs: 5000 });
    }
  });

  it('ovn-northd, given the comma-separated remotes, turns NB switches into SB datapaths', async () => {
    const l = need();
    const sb = l.cluster.members[0];
    if (!sb) throw new Error('no member');
    await waitFor('three SB Datapath_Bindings', async () => {
      const { stdout } = await run(['ovn-sbctl', `--db=${l.cluster.sbUnixRemote}`, '--bare', '--columns=external_ids', 'list', 'Datapath_Binding'], { env: sb.env });
      return ['via-nb1', 'via-nb2', 'via-nb3'].every((n) => stdout.includes(`name=${n}`)) ? true : undefined;
    }, { timeoutMs: 10_000 });
  });

  it('after a kill -9 of the leader, another member leads, writes go on, and the killed member rejoins', async () => {
    const l = need();
    const old = await l.cluster.waitLeader();
    const oldTerm = (await l.cluster.status(old)).term;
    const t0 = performance.now();
    await l.cluster.kill(old);
    const next = await l.cluster.waitLeader({ timeoutMs: 15_000 });
    const electedMs = Math.round(performance.now() - t0);
    console.log(`NB leader nb${old.index} killed: nb${next.index} leads after ${electedMs} ms`);
    expect(next.index).not.toBe(old.index);
    expect((await l.cluster.status(next)).term).toBeGreaterThan(oldTerm);
    // The comma-separated remotes reach the new leader (ovn-nbctl is leader-only by default).
    await l.cluster.nbctl('ls-add', 'after-failover');
    await l.cluster.restart(old);
    await l.cluster.waitLeader();
    await waitFor(`restarted nb${old.index} to catch up`, async () =>
      ((await nbctlVia(old, '--bare', '--columns=name', 'find', 'Logical_Switch', 'name=after-failover')).trim() === 'after-failover' ? true : undefined),
    { timeoutMs: 10_000 });
    expect((await l.cluster.status(old)).role).toBe('follower');
  });
});
