// The acceptance suite every reference speaker runs, iBGP and eBGP: the real daemon in the speaker netns,
// driven by the real CLI, against FRR, gobgpd or os-ken in the peer netns.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeFailures } from '../../../src/lab/cleanup.js';
import { LAB_VNI, labRt } from '../../../src/lab/topology/plan.js';
import { buildSpeakerPair, type SpeakerPair } from '../../../src/lab/topology/speaker-pair.js';
import { sleep, waitFor, waitUntil } from '../../../src/lab/wait.js';
import type { ClientView, NetworkView } from '../../../src/core/model/views.js';
import { OUR_CLIENT, SpeakerDaemon, configure } from './speaker-daemon.js';
import { PEER_CLIENT, byRoute, comparable, type PeerKind, type PeerUnderTest } from './peer.js';

/** Short, so "stays up past 3 hold times" takes seconds (RFC 4271 allows 3 and up). */
export const HOLD_TIME = 4;
const SPEAKER_ASN = 65000;
const EBGP_PEER_ASN = 65001;

/** Polls until probe() is true. */
const until = (what: string, probe: () => Promise<boolean>, timeoutMs = 30_000) =>
  waitFor(what, async () => ((await probe()) ? true : undefined), { timeoutMs, intervalMs: 200 });

/** Registers the suite for one peer kind and session type. */
export function interopSuite(peerKind: PeerKind, ebgp: boolean): void {
  const peerAsn = ebgp ? EBGP_PEER_ASN : SPEAKER_ASN;
  // The peer exports its automatic RT <its AS>:<VNI>. Over eBGP we import it by the VNI with any AS (no RT
  // configured); a peer that imports only exactly (os-ken) gets that RT exported from us.
  const rt = labRt(LAB_VNI, peerAsn);
  const ourRts = ebgp && !peerKind.importsOurAutoRt ? { exportRt: rt } : {};
  describe(`${peerKind.name}, ${ebgp ? 'eBGP' : 'iBGP'}`, () => {
    let pair: SpeakerPair | undefined;
    let d: SpeakerDaemon;
    let peer: PeerUnderTest;
    let upAt = 0;
    const peerIp = () => pair?.peer.ip ?? '';

    beforeAll(async () => {
      pair = await buildSpeakerPair({ peer: peerKind.kind, speakerAsn: SPEAKER_ASN, peerAsn, ...peerKind.pairOptions, runOptions: { description: `interop ${peerKind.name}` } });
      peer = peerKind.adapter(pair, rt);
      d = await SpeakerDaemon.start(pair);
      await configure(d, { asn: SPEAKER_ASN, routerId: pair.speaker.ip, peer: pair.peer.ip, peerAs: peerAsn, holdTime: HOLD_TIME, ...ourRts });
      await d.waitEstablished(pair.peer.ip);
      upAt = Date.now();
      await peer.advertise();
    });

    afterAll(async () => {
      if (pair) expect(describeFailures(await pair.down())).toBe('');
    });

    it('reaches Established on both ends with the short hold time and our capabilities', async () => {
      const n = await d.neighbor(peerIp());
      expect(n).toMatchObject({ state: 'established', type: ebgp ? 'ebgp' : 'ibgp', negotiatedHoldTime: HOLD_TIME, lastError: null });
      expect(n.capabilities).toEqual(expect.arrayContaining(['mp-evpn', 'route-refresh', '4-octet-as']));
      expect(await peer.established()).toBe(true);
    });

    it('the peer accepts our type 3 (PMSI, label = VNI) and type 2 (label = VNI, Encap EC)', async () => {
      let problem: string | null = 'not checked yet';
      await until(`the peer to accept our routes (last problem: ${problem})`, async () => (problem = await peer.ourRoutesProblem()) === null);
    });

    it("shows the peer's routes in `route list --json` with the fields the peer gave them", async () => {
      const theirs = (await peer.ownRoutes()).sort(byRoute);
      expect(theirs.length).toBeGreaterThanOrEqual(2);
      await waitUntil('our route list to match what the peer originates', async () => {
        // A peer may send our own routes back (reflected, never imported): only compare its own.
        const ours = (await d.routes()).filter((r) => r.from === peerIp() && !r.reflected).map(comparable).sort(byRoute);
        return { ok: JSON.stringify(ours) === JSON.stringify(theirs), seen: { ours, theirs } };
      }, { timeoutMs: 30_000, intervalMs: 200 });
      const type2 = (await d.routes('--type', '2')).filter((r) => r.from === peerIp() && r.ip === PEER_CLIENT.ip);
      expect(type2).toMatchObject([{ mac: PEER_CLIENT.mac, vni: LAB_VNI, label: LAB_VNI, nextHop: peerIp(), best: true, used: true, stale: false }]);
    });

    it(`imports the peer's routes into VNI ${LAB_VNI} with no RT configured on our side${ebgp ? ' (its RT has its AS: *:VNI)' : ''}`, async () => {
      const net = await d.json<NetworkView>('network', 'show', String(LAB_VNI));
      expect(net).toMatchObject({ importRts: [labRt(LAB_VNI, SPEAKER_ASN)], importMatch: [`*:${LAB_VNI}`, `*:${LAB_VNI | 0x10000000}`] });
      await waitUntil('the peer MAC behind the peer VTEP in VNI 10', async () => {
        const seen = {
          network: await d.json<NetworkView>('network', 'show', String(LAB_VNI)),
          clients: (await d.json<ClientView[]>('client', 'list', '--vni', String(LAB_VNI))).filter((c) => c.source === 'remote'),
        };
        const ok = seen.network.remoteMacs === 1 && seen.network.remoteVteps.includes(peerIp())
          && seen.clients.some((c) => c.mac === PEER_CLIENT.mac && c.ip === PEER_CLIENT.ip && c.nextHop === peerIp());
        return { ok, seen };
      }, { timeoutMs: 15_000, intervalMs: 200 });
      expect((await d.routes()).filter((r) => r.from === peerIp() && !r.reflected).map((r) => [r.type, r.vni])).toEqual(
        (await peer.ownRoutes()).sort(byRoute).map((r) => [r.type, LAB_VNI]),
      );
    });

    const echoes = ebgp && peerKind.echoesOverEbgp;
    it(`${echoes ? 'shows our own routes that the peer sends back as reflected (vni null), never imported' : 'gets none of our own routes back'}`, async () => {
      const back = (await d.routes()).filter((r) => r.from === peerIp() && (r.rd.startsWith(`${pair?.speaker.ip}:`) || r.nextHop === pair?.speaker.ip));
      // Ours: a type 3 and the MAC-only and MAC+IP type 2 of our client.
      const expected = echoes ? [[2, OUR_CLIENT.mac], [2, OUR_CLIENT.mac], [3, null]] : [];
      expect(back.map((r) => [r.type, r.mac])).toEqual(expected);
      expect(back.map((r) => [r.type, r.mac, r.vni, r.best, r.used, r.reflected])).toEqual(back.map((r) => [r.type, r.mac, null, false, false, true]));
      expect((await d.json<NetworkView>('network', 'show', String(LAB_VNI))).remoteVteps).not.toContain(pair?.speaker.ip);
    });

    it('withdraws in both directions', async () => {
      await d.ok('client', 'del', '--vni', String(LAB_VNI), '--mac', OUR_CLIENT.mac);
      await until('the peer to drop our client MAC', () => peer.lacksOurMac());
      await peer.withdrawMac();
      await until('our route list to drop the peer MAC', async () => !(await d.routes()).some((r) => r.mac === PEER_CLIENT.mac));
      await d.ok('client', 'add', '--vni', String(LAB_VNI), '--port', OUR_CLIENT.port, '--mac', OUR_CLIENT.mac, '--ip', OUR_CLIENT.ip);
      await peer.advertise();
      await until('the peer to accept our routes again', async () => (await peer.ourRoutesProblem()) === null);
      await until('the peer MAC back in our route list', async () => (await d.routes()).some((r) => r.mac === PEER_CLIENT.mac));
    });

    it('stays up past 3 hold times', async () => {
      const wait = upAt + 3 * HOLD_TIME * 1000 + 1000 - Date.now();
      if (wait > 0) await sleep(wait);
      const n = await d.neighbor(peerIp());
      expect(n.state).toBe('established');
      expect(n.uptime).toBeGreaterThanOrEqual(3 * HOLD_TIME);
      expect(n.lastError).toBeNull();
      expect(await peer.established()).toBe(true);
    });

    it('comes back with its routes after a reset from the peer side', async () => {
      await peer.reset();
      // The stability test saw no error; the peer's NOTIFICATION (or the closed connection) shows up here.
      await until('our side to see the session end', async () => (await d.neighbor(peerIp())).lastError !== null, 15_000);
      await d.waitEstablished(peerIp(), 45_000);
      await until('the peer to be back', () => peer.established(), 30_000);
      await until('the peer MAC back in our route list', async () => (await d.routes()).some((r) => r.mac === PEER_CLIENT.mac && r.from === peerIp()));
      await until('our routes back on the peer', async () => (await peer.ourRoutesProblem()) === null);
    });

    it('comes back with its routes after a reset from our side (neighbor del + add)', async () => {
      await d.ok('neighbor', 'del', peerIp());
      await until('the peer to drop our client MAC', () => peer.lacksOurMac());
      await d.ok('neighbor', 'add', peerIp(), '--remote-as', String(peerAsn), '--hold-time', String(HOLD_TIME));
      await d.waitEstablished(peerIp(), 45_000);
      await until('our routes back on the peer', async () => (await peer.ourRoutesProblem()) === null);
      await until('the peer MAC back in our route list', async () => (await d.routes()).some((r) => r.mac === PEER_CLIENT.mac && r.from === peerIp()));
    });

    it('answers an OPEN with the wrong AS with OPEN Message Error / Bad Peer AS (2/2), which the peer sees', async () => {
      const watch = await peer.watchNotifications();
      try {
        await d.ok('neighbor', 'del', peerIp());
        await d.ok('neighbor', 'add', peerIp(), '--remote-as', '65099', '--hold-time', String(HOLD_TIME));
        await until('the peer to receive 2/2 from us', () => watch.seen(2, 2));
      } finally {
        await watch.stop();
      }
      const n = await d.neighbor(peerIp());
      expect(n.state).not.toBe('established');
      expect(n.lastError).toBe(`sent OPEN Message Error / Bad Peer AS: expected peer AS 65099, got ${peerAsn}`);
    });
  });
}
