// evpnctl as the reference peer: a second real daemon in the pair's peer netns, configured through its own
// CLI socket like any user would (speaker, neighbor, VNI 10 with automatic RD/RT, client h1). What it
// accepted from us is its `route list --json` (imported into VNI 10: `vni` not null).
import { notificationText } from '../../../src/core/session-engine/wire/index.js';
import { LAB_LOGICAL_SWITCH, LAB_VNI } from '../../../src/lab/topology/plan.js';
import type { SpeakerPair } from '../../../src/lab/topology/speaker-pair.js';
import { OUR_CLIENT, type SpeakerDaemon } from './speaker-daemon.js';
import { PEER_CLIENT, comparable, type NotificationWatch, type PeerUnderTest } from './peer.js';

/** The adapter over the peer daemon (its speaker and neighbor towards pair.speaker are the caller's). */
export function evpnctlPeer(pair: SpeakerPair, peerDaemon: SpeakerDaemon): PeerUnderTest {
  const ours = pair.speaker.ip; // our VTEP (next hop, RD)
  const session = pair.speaker.sessionIp; // the neighbor address the peer daemon knows us by
  const vni = String(LAB_VNI);
  const fromUs = async () => (await peerDaemon.routes()).filter((r) => r.from === session);
  return {
    advertise: async () => {
      await peerDaemon.ok('network', 'add', '--vni', vni, '--logical-switch', LAB_LOGICAL_SWITCH, '--may-exist');
      await peerDaemon.ok('client', 'add', '--vni', vni, '--port', 'h1', '--mac', PEER_CLIENT.mac, '--ip', PEER_CLIENT.ip, '--may-exist');
    },
    withdrawMac: async () => void (await peerDaemon.ok('client', 'del', '--vni', vni, '--mac', PEER_CLIENT.mac)),
    // Without the VNI the peer originates no type 3 for it (advertise() adds it back).
    withdrawImet: async () => void (await peerDaemon.ok('network', 'del', vni)),
    ownRoutes: async () => (await peerDaemon.routes()).filter((r) => r.from === 'local').map(comparable),
    ourRoutesProblem: async () => {
      const routes = (await fromUs()).filter((r) => r.rd.startsWith(`${ours}:`));
      const imet = routes.find((r) => r.type === 3);
      if (!imet) return `no type 3 from us in the peer's route list: ${JSON.stringify(routes)}`;
      if (imet.vni !== LAB_VNI || imet.label !== LAB_VNI || imet.nextHop !== ours) return `type 3 not imported into VNI ${vni}: ${JSON.stringify(imet)}`;
      const macs = routes.filter((r) => r.type === 2 && r.mac === OUR_CLIENT.mac);
      if (macs.length !== 2) return `expected MAC-only and MAC+IP type 2 for ${OUR_CLIENT.mac}, got ${JSON.stringify(macs)}`;
      for (const m of macs) if (m.vni !== LAB_VNI || m.label !== LAB_VNI || m.nextHop !== ours) return `type 2 not imported into VNI ${vni}: ${JSON.stringify(m)}`;
      return null;
    },
    lacksOurMac: async () => !(await fromUs()).some((r) => r.mac === OUR_CLIENT.mac),
    lacksOurImet: async () => !(await fromUs()).some((r) => r.type === 3),
    reset: async () => {
      await peerDaemon.ok('neighbor', 'del', session);
      await peerDaemon.ok('neighbor', 'add', session, '--remote-as', String(pair.speaker.asn));
    },
    established: async () => (await peerDaemon.neighbor(session)).state === 'established',
    watchNotifications: async (): Promise<NotificationWatch> => ({
      // The peer shows the last NOTIFICATION it received as its lastError ("received OPEN Message Error / ...").
      seen: async (code, subcode) => (await peerDaemon.neighbor(session)).lastError?.startsWith(`received ${notificationText(code, subcode)}`) ?? false,
      stop: async () => undefined,
    }),
  };
}
