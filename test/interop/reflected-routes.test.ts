// Our own routes sent back to us by a real route reflector (issue 9 item 8). FRR 8.4 reflects to all the
// clients of an update group, the one a route came from included (its "originator-id is same as remote
// router-id" check is only made for a group of one peer): with evpnctl and a second client (gobgpd, in
// the speaker netns on a second address) in one group, our routes come back with ORIGINATOR_ID = our
// router id (RFC 4456 §8). They must show as reflected, never be imported, and make no VTEP of our own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkView, RouteView } from '../../src/core/model/views.js';
import { describeFailures } from '../../src/lab/cleanup.js';
import { run } from '../../src/lab/exec.js';
import { startGobgp, type GobgpInstance } from '../../src/lab/gobgp.js';
import { assertLabPrerequisites } from '../../src/lab/prereqs.js';
import type { FrrNeighbor } from '../../src/lab/frr-config.js';
import { LAB_ASN, LAB_VNI, SITE_X, SITE_Y, UNDERLAY_PREFIX } from '../../src/lab/topology/plan.js';
import { buildSpeakerPair, type SpeakerPair } from '../../src/lab/topology/speaker-pair.js';
import { waitFor } from '../../src/lab/wait.js';
import { OUR_CLIENT, SpeakerDaemon, configure } from './support/speaker-daemon.js';

/** The second route-reflector client, beside evpnctl in the speaker netns. */
const OTHER_CLIENT = '192.168.100.4';

describe('FRR as our route reflector, with a second client in our update group', () => {
  let pair: SpeakerPair | undefined;
  let other: GobgpInstance | undefined;
  let d: SpeakerDaemon;
  const rrClient = (address: string): FrrNeighbor =>
    ({ address, remoteAs: LAB_ASN, updateSource: SITE_X.vtepIp, connectRetryS: 5, routeReflectorClient: true });

  beforeAll(async () => {
    await assertLabPrerequisites();
    pair = await buildSpeakerPair({
      peer: 'frr', frr: { neighbors: [rrClient(SITE_Y.vtepIp), rrClient(OTHER_CLIENT)] },
      runOptions: { description: 'interop reflected routes (FRR RR)' },
    });
    await run(['ip', '-n', pair.speaker.netns, 'addr', 'add', `${OTHER_CLIENT}/${UNDERLAY_PREFIX}`, 'dev', pair.speaker.iface]);
    other = await startGobgp(pair.run, pair.speaker.netns, 'other-client', {
      asn: LAB_ASN, routerId: OTHER_CLIENT, listenAddresses: [OTHER_CLIENT],
      neighbors: [{ address: pair.peer.ip, peerAs: LAB_ASN, localAddress: OTHER_CLIENT }],
    });
    d = await SpeakerDaemon.start(pair);
    await configure(d, { asn: LAB_ASN, routerId: pair.speaker.ip, peer: pair.peer.ip, peerAs: LAB_ASN, holdTime: 30 });
    await d.waitEstablished(pair.peer.ip);
  });

  afterAll(async () => {
    if (pair) expect(describeFailures(await pair.down())).toBe('');
  });

  it('gets our routes back from the reflector, shows them as reflected and imports none of them', async () => {
    const ours = pair?.speaker.ip ?? '';
    // The other client has our routes: FRR reflected them (to it, and to its whole update group).
    await waitFor('the second client to have our routes', async () => {
      const rib = other === undefined ? {} : await other.evpnRib();
      return Object.keys(rib).length >= 3 ? true : undefined;
    }, { timeoutMs: 20_000, intervalMs: 200 });
    const back = await waitFor('our routes to come back from the reflector', async () => {
      const seen = (await d.routes()).filter((r: RouteView) => r.from !== 'local' && r.rd.startsWith(`${ours}:`));
      return seen.length >= 3 ? seen : undefined;
    }, { timeoutMs: 20_000, intervalMs: 200 });
    expect(back.map((r) => [r.type, r.rd, r.mac, r.nextHop, r.vni, r.best, r.used, r.reflected]).sort()).toEqual([
      [2, `${ours}:1`, OUR_CLIENT.mac, ours, null, false, false, true],
      [2, `${ours}:1`, OUR_CLIENT.mac, ours, null, false, false, true],
      [3, `${ours}:1`, null, ours, null, false, false, true],
    ]);
    // FRR's own type 3 (its VNI 10) is the only route imported: no VTEP, no MAC of ours.
    expect(await d.json<NetworkView>('network', 'show', String(LAB_VNI))).toMatchObject({ remoteMacs: 0, remoteVteps: [pair?.peer.ip] });
    expect((await d.neighbor(pair?.peer.ip ?? '')).prefixes).toMatchObject({ received: 4, accepted: 1 });
  });
});
