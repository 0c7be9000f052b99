// Graceful restart (RFC 4724) of evpnctl itself: the daemon is kill -9'd and started again with its state.
// - gobgpd, as a helper that keeps L2VPN/EVPN routes across a peer restart, must hold our routes as stale the
//   whole time (sampled every 50 ms), and our re-advertisement plus End-of-RIB must refresh them: no withdrawal.
// - FRR 8.4 negotiates GR with us (F bit for L2VPN/EVPN, R bit after the restart, End-of-RIB both ways) but its
//   helper only keeps unicast/multicast/VPN routes (bgpd's FOREACH_AFI_SAFI_NSF stops at SAFI_MPLS_VPN), so it
//   removes our EVPN routes and FDB entries at the session loss. We check what FRR does do, and that the FDB
//   entries are back as soon as the restarted daemon is Established.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailures } from '../../src/lab/cleanup.js';
import { BUM_MAC, fdbShow } from '../../src/lab/kernel-vtep.js';
import { assertLabPrerequisites } from '../../src/lab/prereqs.js';
import { buildSpeakerPair, type SpeakerPair } from '../../src/lab/topology/speaker-pair.js';
import { sleep, waitFor } from '../../src/lab/wait.js';
import { frrPeer } from './support/frr-peer.js';
import { OUR_CLIENT, SpeakerDaemon, configure } from './support/speaker-daemon.js';

const HOLD_TIME = 4;
const poll = { timeoutMs: 30_000, intervalMs: 100 };

/** Samples `present()` every 50 ms until stopped; returns the samples and the times it was false. */
function sample(present: () => Promise<boolean>): { stop(): Promise<{ samples: number; gaps: number[] }> } {
  let running = true;
  const gaps: number[] = [];
  let samples = 0;
  const loop = (async () => {
    while (running) {
      if (!(await present())) gaps.push(Date.now());
      samples++;
      await sleep(50);
    }
  })();
  return { stop: async () => ((running = false), await loop, { samples, gaps }) };
}

beforeAll(async () => {
  await assertLabPrerequisites();
});

describe('graceful restart of evpnctl, gobgpd as the helper', () => {
  let pair: SpeakerPair | undefined;
  let d: SpeakerDaemon;
  beforeAll(async () => {
    pair = await buildSpeakerPair({ peer: 'gobgp', gobgpNeighbor: { gracefulRestart: { restartTimeS: 120 } }, runOptions: { description: 'interop gr gobgp' } });
    d = await SpeakerDaemon.start(pair);
    await configure(d, { asn: 65000, routerId: pair.speaker.ip, peer: pair.peer.ip, peerAs: 65000, holdTime: HOLD_TIME });
    await d.waitEstablished(pair.peer.ip);
  });
  afterAll(async () => {
    if (pair) expect(describeFailures(await pair.down())).toBe('');
  });

  /** Our routes in gobgpd's RIB (RD <our router id>:1): one entry per route, with its stale flag. */
  const ours = async (): Promise<boolean[]> => {
    const rib = await pair?.peer.gobgp?.evpnRib() ?? {};
    return Object.entries(rib).filter(([k]) => k.includes(`[rd:${pair?.speaker.ip}:1]`)).map(([, paths]) => (paths as { stale?: boolean }[]).some((p) => p.stale === true));
  };

  it('keeps our routes as stale through kill -9 and restart, then refreshes them', async () => {
    if (!pair) throw new Error('pair not built');
    const g = pair.peer.gobgp;
    if (!g) throw new Error('expected gobgpd');
    await waitFor('gobgpd to hold our 3 routes', async () => ((await ours()).length === 3 ? true : undefined), poll);
    expect(await d.neighbor(pair.peer.ip)).toMatchObject({ capabilities: expect.arrayContaining(['graceful-restart']) });
    const watch = sample(async () => (await ours()).length === 3);
    try {
      await d.kill9();
      await waitFor('gobgpd to mark our routes stale', async () => ((await ours()).every(Boolean) ? true : undefined), poll);
      await sleep(2 * HOLD_TIME * 1000); // down longer than a hold time: only GR keeps the routes now
      await d.launch();
      await d.waitEstablished(pair.peer.ip);
      await waitFor('the stale marks to clear (our routes re-sent, then End-of-RIB)', async () => {
        const s = await ours();
        return s.length === 3 && s.every((stale) => !stale) ? true : undefined;
      }, poll);
    } finally {
      const { samples, gaps } = await watch.stop();
      expect(gaps).toEqual([]);
      expect(samples).toBeGreaterThan(20);
    }
  });
});

describe('graceful restart of evpnctl with FRR 8.4', () => {
  let pair: SpeakerPair | undefined;
  let d: SpeakerDaemon;
  beforeAll(async () => {
    pair = await buildSpeakerPair({ peer: 'frr', runOptions: { description: 'interop gr frr' } });
    d = await SpeakerDaemon.start(pair);
    await configure(d, { asn: 65000, routerId: pair.speaker.ip, peer: pair.peer.ip, peerAs: 65000, holdTime: HOLD_TIME });
    await d.waitEstablished(pair.peer.ip);
    const peer = frrPeer(pair);
    await peer.advertise();
    await waitFor('FRR to install our routes', async () => ((await peer.ourRoutesProblem()) === null ? true : undefined), poll);
  });
  afterAll(async () => {
    if (pair) expect(describeFailures(await pair.down())).toBe('');
  });

  it('negotiates GR with F for L2VPN/EVPN, comes back with R and End-of-RIB, and FRR reinstalls the FDB at once', async () => {
    if (!pair) throw new Error('pair not built');
    const p = pair;
    const frr = p.peer.frr;
    const site = p.peer.site;
    if (!frr || !site) throw new Error('expected FRR with a kernel site');
    const neighbor = async () => (await frr.neighbors())[p.speaker.ip];
    expect((await neighbor())?.neighborCapabilities).toMatchObject({ gracefulRestart: 'advertisedAndReceived', addressFamiliesByPeer: { l2VpnEvpn: { preserved: true } } });
    const fdbComplete = async () => {
      const entries = await fdbShow(site.netns, site.vtep.vxlanDev);
      return entries.some((e) => e.mac === BUM_MAC && e.dst === p.speaker.ip) && entries.some((e) => e.mac === OUR_CLIENT.mac && e.dst === p.speaker.ip);
    };
    const watch = sample(fdbComplete);
    const log = join(frr.dir, 'bgpd.log');
    const logFrom = (await readFile(log, 'utf8')).length;
    let relaunchedAt = 0;
    try {
      await d.kill9();
      await waitFor('FRR to see the session go down', async () => ((await neighbor())?.bgpState !== 'Established' ? true : undefined), poll);
      await sleep(2 * HOLD_TIME * 1000);
      relaunchedAt = Date.now();
      await d.launch();
      await d.waitEstablished(p.peer.ip);
      await waitFor('the FDB entries back', async () => ((await fdbComplete()) ? true : undefined), poll);
    } finally {
      const { gaps } = await watch.stop();
      const lastGap = gaps.at(-1) ?? 0;
      // FRR 8.4 drops EVPN routes at the session loss (see the header); they must be back right after our restart.
      expect(lastGap - relaunchedAt).toBeLessThan(10_000);
    }
    expect((await neighbor())?.gracefulRestartInfo).toMatchObject({ rBit: true, endOfRibRecv: { l2VpnEvpn: true } });
    await waitFor('FRR to send its End-of-RIB too', async () => {
      const gr = (await neighbor())?.gracefulRestartInfo as { endOfRibSend?: { l2VpnEvpn?: boolean } } | undefined;
      return gr?.endOfRibSend?.l2VpnEvpn === true ? true : undefined;
    }, poll);
    expect((await readFile(log, 'utf8')).slice(logFrom)).toMatch(/Down Peer closed the session/);
    await waitFor("FRR's routes back in our route list", async () => ((await d.routes()).some((r) => r.from === p.peer.ip && r.type === 3) ? true : undefined), poll);
  });
});
