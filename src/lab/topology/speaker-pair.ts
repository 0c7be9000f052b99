// The interop variant: a "speaker" netns where the BGP speaker under test runs (evpnctl's daemon; no OVS
// needed) and a "peer" netns running a reference speaker (gobgpd, os-ken or FRR), one veth apart on the
// recipe's underlay addresses. The FRR peer is a full kernel VTEP (vxlan10, br10, host h1) so it has a VNI
// to advertise and an FDB to program. Routes are the caller's business.
import type { CleanupReport } from '../cleanup.js';
import { spawnChild, type ChildProcessHandle } from '../daemon.js';
import { run, type RunResult } from '../exec.js';
import type { FrrInstance } from '../frr.js';
import type { FrrBgpConfig, FrrNeighbor } from '../frr-config.js';
import { startGobgp, type GobgpInstance } from '../gobgp.js';
import type { GobgpNeighbor } from '../gobgp-config.js';
import { startOsken, type OskenSpeaker } from '../osken.js';
import type { LabRun } from '../run.js';
import { labFrrNeighbor, populateKernelSite, startSiteFrr, type KernelSite } from './kernel-site.js';
import { LAB_ASN, LAB_VNI, SITE_X, SITE_Y, labRd, labRt } from './plan.js';
import { buildInRun, type LabRunChoice } from './sites.js';
import { connectUnderlay } from './underlay.js';

/**
 * Which reference speaker runs in the peer netns ('none': just the netns and its address; 'evpnctl': the same,
 * for a second evpnctl daemon that the caller starts there with spawnInPeer).
 */
export type PeerKind = 'gobgp' | 'osken' | 'frr' | 'evpnctl' | 'none';

/** How to build the pair. */
export interface SpeakerPairOptions extends LabRunChoice {
  peer: PeerKind;
  /** AS of the speaker under test (default 65000). */
  speakerAsn?: number;
  /** AS of the peer (default: the speaker's, i.e. iBGP; anything else makes it eBGP). */
  peerAsn?: number;
  /** FRR peer: neighbor overrides (timers, passive, GR role) and global overrides (GR timers, VNI RTs). */
  frrNeighbor?: Partial<FrrNeighbor>;
  frr?: Partial<FrrBgpConfig>;
  /** gobgpd peer: neighbor overrides (timers, passive, GR). */
  gobgpNeighbor?: Partial<GobgpNeighbor>;
}

/** One side of the pair. */
export interface PairSide {
  netns: string;
  ip: string;
  asn: number;
  /** The underlay interface holding ip. */
  iface: string;
}

/** The built pair. */
export interface SpeakerPair {
  readonly run: LabRun;
  /** Where evpnctl's daemon runs: 192.168.100.2 (router-id, VTEP IP and session address). */
  readonly speaker: PairSide;
  /** The reference side: 192.168.100.1. */
  readonly peer: PairSide & { gobgp?: GobgpInstance; osken?: OskenSpeaker; frr?: FrrInstance; site?: KernelSite };
  /** Runs a command in the speaker netns. */
  runInSpeaker(argv: readonly string[], timeoutMs?: number): Promise<RunResult>;
  /** Starts a long-running command in the speaker netns (tracked, stopped on teardown). */
  spawnInSpeaker(name: string, argv: readonly string[], o?: { env?: Readonly<Record<string, string>>; pipe?: boolean }): Promise<ChildProcessHandle>;
  /** The same in the peer netns (a second evpnctl daemon, a raw peer). */
  spawnInPeer(name: string, argv: readonly string[], o?: { env?: Readonly<Record<string, string>>; pipe?: boolean }): Promise<ChildProcessHandle>;
  down(): Promise<CleanupReport>;
}

/** Builds the pair; on failure everything created so far is torn down before the error is rethrown. */
export function buildSpeakerPair(o: SpeakerPairOptions): Promise<SpeakerPair> {
  return buildInRun(o, `speaker pair (peer: ${o.peer})`, (labRun) => build(labRun, o));
}

async function build(labRun: LabRun, o: SpeakerPairOptions): Promise<SpeakerPair> {
  const speakerAsn = o.speakerAsn ?? LAB_ASN;
  const peerAsn = o.peerAsn ?? speakerAsn;
  const speaker: PairSide = { netns: await labRun.addNetns('spk'), ip: SITE_Y.vtepIp, asn: speakerAsn, iface: 'uy0' };
  const peerNs = await labRun.addNetns('peer');
  const peer: SpeakerPair['peer'] = { netns: peerNs, ip: SITE_X.vtepIp, asn: peerAsn, iface: SITE_X.underlayIface };
  await connectUnderlay(labRun, [{ netns: peerNs, iface: peer.iface, ip: peer.ip }, { netns: speaker.netns, iface: speaker.iface, ip: speaker.ip }]);
  if (o.peer === 'gobgp') {
    peer.gobgp = await startGobgp(labRun, peerNs, 'peer', {
      asn: peerAsn, routerId: peer.ip, listenAddresses: [peer.ip],
      neighbors: [{ address: speaker.ip, peerAs: speakerAsn, localAddress: peer.ip, ...o.gobgpNeighbor }],
    });
  } else if (o.peer === 'osken') {
    const osken = await startOsken(labRun, peerNs, 'peer', { asn: peerAsn, routerId: peer.ip, listenHosts: [peer.ip] });
    await osken.addEvpnVrf({ rd: labRd(peer.ip), importRts: [labRt(LAB_VNI, peerAsn)], exportRts: [labRt(LAB_VNI, peerAsn)] });
    await osken.addNeighbor({ address: speaker.ip, remoteAs: speakerAsn, localAddress: peer.ip });
    peer.osken = osken;
  } else if (o.peer === 'frr') {
    const site = await populateKernelSite(labRun, { ...SITE_X, role: 'peer' }, peerNs);
    peer.site = site;
    peer.frr = await startSiteFrr(labRun, site, {
      asn: peerAsn, neighbors: [labFrrNeighbor(site, speaker.ip, { remoteAs: speakerAsn, ...o.frrNeighbor })], ...o.frr,
    });
  }
  const spawnIn = (netns: string) => (name: string, argv: readonly string[], so: { env?: Readonly<Record<string, string>>; pipe?: boolean } = {}) => spawnChild(labRun, {
    name, argv, netns, logFile: labRun.path(`${name.replace(/[^A-Za-z0-9_.-]/g, '_')}.log`),
    ...(so.env ? { env: so.env } : {}), ...(so.pipe ? { pipe: true } : {}),
  });
  return {
    run: labRun, speaker, peer,
    runInSpeaker: (argv, timeoutMs) => run(argv, { netns: speaker.netns, ...(timeoutMs === undefined ? {} : { timeoutMs }) }),
    spawnInSpeaker: spawnIn(speaker.netns),
    spawnInPeer: spawnIn(peerNs),
    down: () => labRun.down(),
  };
}
