// The split daemon against FRR 8.4: the session engine keeps the session while the route engine is killed
// (the new one adopts it, relearns FRR's routes with ROUTE-REFRESH and sends ours again, and FRR's FDB keeps
// our MAC in every 50 ms sample), a reload hands the sockets to the new binary's engines, and a killed
// session engine is replaced (with today's session drop).
import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailures } from '../../../src/lab/cleanup.js';
import { assertLabPrerequisites } from '../../../src/lab/prereqs.js';
import { buildSpeakerPair, type SpeakerPair } from '../../../src/lab/topology/speaker-pair.js';
import { waitFor } from '../../../src/lab/wait.js';
import { run } from '../../../src/lab/exec.js';
import { configure, SpeakerDaemon } from '../../interop/support/speaker-daemon.js';
import { frrPeer } from '../../interop/support/frr-peer.js';
import type { PeerUnderTest } from '../../interop/support/peer.js';

const ASN = 65000;

describe('the session engine outlives the route engine (FRR 8.4)', () => {
  let pair: SpeakerPair | undefined;
  let d: SpeakerDaemon;
  let peer: PeerUnderTest;

  const setup = (): SpeakerPair => {
    if (pair?.peer.frr === undefined) throw new Error('expected the FRR pair to be running');
    return pair;
  };
  /** FRR's counters of its session with us. */
  const frrSession = async () => {
    const p = setup();
    const n = (await p.peer.frr?.neighbors())?.[p.speaker.sessionIp];
    if (n === undefined) throw new Error(`expected FRR to know neighbor ${p.speaker.sessionIp}`);
    return { state: n.bgpState, established: n.connectionsEstablished as number, dropped: n.connectionsDropped as number };
  };
  const fromPeer = async () => (await d.routes()).filter((r) => r.from === setup().peer.ip).length;
  /** Samples FRR's FDB every 50 ms while `during` runs; returns how many samples lacked our MAC. */
  const fdbGaps = async (during: () => Promise<void>): Promise<{ samples: number; missing: number }> => {
    let on = true;
    let samples = 0;
    let missing = 0;
    const sampler = (async () => {
      while (on) {
        samples++;
        if (await peer.lacksOurMac()) missing++;
        await new Promise((r) => setTimeout(r, 50));
      }
    })();
    try {
      await during();
    } finally {
      on = false;
      await sampler;
    }
    return { samples, missing };
  };

  beforeAll(async () => {
    await assertLabPrerequisites();
    pair = await buildSpeakerPair({ peer: 'frr', runOptions: { description: 'integration session engine' } });
    d = await SpeakerDaemon.start(pair);
    peer = frrPeer(pair);
    await configure(d, { asn: ASN, routerId: pair.speaker.ip, peer: pair.peer.ip, peerAs: ASN, holdTime: 9 });
    await peer.advertise();
    await d.waitEstablished(pair.peer.ip);
    await waitFor('FRR\'s routes and our MAC at FRR', async () => ((await fromPeer()) > 0 && (await peer.ourRoutesProblem()) === null ? true : undefined), { timeoutMs: 60_000, intervalMs: 200 });
  }, 120_000);

  afterAll(async () => {
    if (pair) expect(describeFailures(await pair.down())).toBe('');
  });

  it('kill -9 of the route engine: FRR sees no drop, keeps our MAC, and the new route engine relearns FRR\'s routes', async () => {
    const before = await d.processes();
    const session = await frrSession();
    const routes = await fromPeer();
    expect(before.sessionEngine).not.toBeNull();
    const gaps = await fdbGaps(async () => {
      process.kill(before.routeEngine, 'SIGKILL');
      await waitFor('a new route engine', async () => {
        const now = await d.processes().catch(() => undefined);
        return now !== undefined && now.routeEngine !== before.routeEngine ? now : undefined;
      }, { timeoutMs: 30_000, intervalMs: 100 });
      await waitFor('FRR\'s routes relearned', async () => ((await fromPeer()) === routes ? true : undefined), { timeoutMs: 30_000, intervalMs: 100 });
      // Our routes sent again: FRR still has them and the daemon says they went out to it.
      await waitFor('our routes at FRR', async () => ((await peer.ourRoutesProblem()) === null ? true : undefined), { timeoutMs: 30_000, intervalMs: 100 });
      await new Promise((r) => setTimeout(r, 2000)); // and nothing is withdrawn a little later
    });
    const after = await d.processes();
    expect(after.supervisor).toBe(before.supervisor);
    expect(after.sessionEngine).toBe(before.sessionEngine);
    expect(await frrSession()).toEqual(session);
    expect((await d.neighbor(setup().peer.ip)).state).toBe('established');
    expect(gaps.samples).toBeGreaterThan(20);
    expect(gaps.missing, `FDB samples without our MAC, of ${gaps.samples}`).toBe(0);
    console.log(`route engine kill -9: ${gaps.samples} FDB samples at FRR, ${gaps.missing} without our MAC`);
  });

  it('evpnctl daemon reload after a rebuild: the session stays up, both engines are new', async () => {
    const before = await d.processes();
    const session = await frrSession();
    await run(['node', 'scripts/build.mjs'], { timeoutMs: 120_000 });
    const gaps = await fdbGaps(async () => {
      await d.ok('daemon', 'reload');
      await waitFor('new engines', async () => {
        const now = await d.processes().catch(() => undefined);
        return now !== undefined && now.sessionEngine !== before.sessionEngine && now.routeEngine !== before.routeEngine ? now : undefined;
      }, { timeoutMs: 60_000, intervalMs: 100 });
      await waitFor('FRR\'s routes relearned', async () => ((await fromPeer()) > 0 ? true : undefined), { timeoutMs: 30_000, intervalMs: 100 });
      await new Promise((r) => setTimeout(r, 2000));
    });
    const after = await d.processes();
    expect(after.supervisor).toBe(before.supervisor);
    expect(await frrSession()).toEqual(session);
    expect((await d.neighbor(setup().peer.ip)).state).toBe('established');
    expect(gaps.missing, `FDB samples without our MAC, of ${gaps.samples}`).toBe(0);
    const log = await readFile(d.logFile, 'utf8');
    expect(log).toMatch(/session engine: handed 1 established session\(s\) over to the next session engine/);
    expect(log).toMatch(/session engine: took over 1 established session\(s\) from the previous session engine/);
    console.log(`reload: ${gaps.samples} FDB samples at FRR, ${gaps.missing} without our MAC; pids ${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
  });

  it('kill -9 of the session engine: the daemon starts both engines again and the session comes back', async () => {
    const before = await d.processes();
    const session = await frrSession();
    if (before.sessionEngine === null) throw new Error('expected a session engine');
    const t0 = Date.now();
    process.kill(before.sessionEngine, 'SIGKILL');
    const now = await waitFor('new engines', async () => {
      const p = await d.processes().catch(() => undefined);
      return p !== undefined && p.sessionEngine !== before.sessionEngine && p.routeEngine !== before.routeEngine ? p : undefined;
    }, { timeoutMs: 60_000, intervalMs: 100 });
    await d.waitEstablished(setup().peer.ip, 60_000);
    await waitFor('FRR established again', async () => ((await frrSession()).established > session.established ? true : undefined), { timeoutMs: 60_000, intervalMs: 200 });
    expect(now.supervisor).toBe(before.supervisor);
    console.log(`session engine kill -9: session Established again after ${Date.now() - t0} ms (the documented drop)`);
  });
});
