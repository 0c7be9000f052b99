// The interop variant: a "speaker" netns where the BGP speaker under test runs (evpnctl's daemon; no OVS
// needed) and a "peer" netns running a reference speaker (gobgpd, os-ken or FRR), one veth apart on the
// recipe's underlay addresses. The FRR peer is a full kernel VTEP (vxlan10, br10, host h1) so it has a VNI
// to advertise and an FDB to program. Routes are the caller's business.
// The underlay carries IPv4 and IPv6 (fd00:100::/64): the BGP session runs over either (`transport`), the
// VTEPs (router ids, next hops) stay IPv4. startPeerSpeaker starts another reference speaker on a built pair
// (the peer matrix reuses one pair for several peer configurations).
import type { CleanupReport } from '../cleanup.js';
import { spawnChild, type ChildProcessHandle } from '../daemon.js';
import { LabError } from '../errors.js';
import { run, type RunResult } from '../exec.js';
import { startFrr, type FrrInstance } from '../frr.js';
import type { FrrBgpConfig, FrrNeighbor } from '../frr-config.js';
import { startGobgp, type GobgpInstance } from '../gobgp.js';
import type { GobgpNeighbor } from '../gobgp-config.js';
import { startOsken, type OskenSpeaker } from '../osken.js';
import type { LabRun } from '../run.js';
import { labFrrNeighbor, populateKernelSite, siteFrrConfig, type KernelSite } from './kernel-site.js';
import { LAB_ASN, LAB_VNI, SITE_X, SITE_Y, labRd, labRt, type SitePlan } from './plan.js';
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
  /** The address family of the BGP session (default ipv4); the VTEPs stay IPv4. */
  transport?: Transport;
  /** Run FRR or gobgpd chrooted from this Debian root (FRR 10.3 / GoBGP 3.36 from the trixie root). */
  peerRoot?: string;
  /** Names the peer's FRR/gobgpd/os-ken directory (default "peer"; a restarted peer needs a fresh one). */
  peerDirName?: string;
  /** os-ken peer: the import RTs of its EVPN VRF (default: its own <AS>:<VNI>, what it exports). */
  oskenImportRts?: readonly string[];
}

/** The address family a BGP session runs over. */
export type Transport = 'ipv4' | 'ipv6';

/** One side of the pair. */
export interface PairSide {
  netns: string;
  /** The IPv4 address: router id and VTEP. */
  ip: string;
  /** The IPv6 underlay address. */
  ip6: string;
  /** The address BGP sessions use: ip or ip6, by transport. */
  sessionIp: string;
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
  readonly peer: PairSide & PeerSpeaker & { site?: KernelSite };
  /** Runs a command in the speaker netns. */
  runInSpeaker(argv: readonly string[], timeoutMs?: number): Promise<RunResult>;
  /** Starts a long-running command in the speaker netns (tracked, stopped on teardown). */
  spawnInSpeaker(name: string, argv: readonly string[], o?: { env?: Readonly<Record<string, string>>; pipe?: boolean }): Promise<ChildProcessHandle>;
  /** The same in the peer netns (a second evpnctl daemon, a raw peer). */
  spawnInPeer(name: string, argv: readonly string[], o?: { env?: Readonly<Record<string, string>>; pipe?: boolean }): Promise<ChildProcessHandle>;
  down(): Promise<CleanupReport>;
}

/**
 * Starts a reference speaker of `kind` in the peer netns, peering with `speaker` over the sessionIp of both
 * sides (peer.asn and speaker.asn give iBGP or eBGP). An FRR peer needs the kernel site (peer.site).
 */
export async function startPeerSpeaker(labRun: LabRun, kind: PeerKind, peer: PairSide & { site?: KernelSite | undefined }, speaker: PairSide,
  o: Pick<SpeakerPairOptions, 'frrNeighbor' | 'frr' | 'gobgpNeighbor' | 'peerRoot' | 'peerDirName' | 'oskenImportRts'> = {}): Promise<PeerSpeaker> {
  const dirName = o.peerDirName ?? 'peer';
  const root = o.peerRoot === undefined ? {} : { root: o.peerRoot };
  // Listen on both families: the session address is one of them, the other stays unused.
  const listen = [peer.ip, peer.ip6];
  if (kind === 'gobgp') {
    return {
      gobgp: await startGobgp(labRun, peer.netns, dirName, {
        asn: peer.asn, routerId: peer.ip, listenAddresses: listen,
        neighbors: [{ address: speaker.sessionIp, peerAs: speaker.asn, localAddress: peer.sessionIp, ...o.gobgpNeighbor }],
      }, root),
    };
  }
  if (kind === 'osken') {
    // Only the session address: os-ken 2.5 listens on the first of bgp_server_hosts alone (core.py waits on
    // that listener's thread inside its loop over the hosts).
    const osken = await startOsken(labRun, peer.netns, dirName, { asn: peer.asn, routerId: peer.ip, listenHosts: [peer.sessionIp] });
    const own = labRt(LAB_VNI, peer.asn);
    await osken.addEvpnVrf({ rd: labRd(peer.ip), importRts: o.oskenImportRts ?? [own], exportRts: [own] });
    await osken.addNeighbor({ address: speaker.sessionIp, remoteAs: speaker.asn, localAddress: peer.sessionIp });
    return { osken };
  }
  if (kind === 'frr') {
    const { site } = peer;
    if (!site) throw new LabError('an FRR peer needs the kernel site (vxlan10, br10, h1) of the peer netns; none was built');
    const neighbor = labFrrNeighbor(site, speaker.sessionIp, { remoteAs: speaker.asn, updateSource: peer.sessionIp, ...o.frrNeighbor });
    return { frr: await startFrr(labRun, site.netns, dirName, siteFrrConfig(site, { asn: peer.asn, neighbors: [neighbor], ...o.frr }), root) };
  }
  return {};
}

/** Builds the pair; on failure everything created so far is torn down before the error is rethrown. */
export function buildSpeakerPair(o: SpeakerPairOptions): Promise<SpeakerPair> {
  return buildInRun(o, `speaker pair (peer: ${o.peer})`, (labRun) => build(labRun, o));
}

/** The reference speaker running in the peer netns (one of them, by kind). */
export interface PeerSpeaker {
  gobgp?: GobgpInstance;
  osken?: OskenSpeaker;
  frr?: FrrInstance;
}

/** A dual-stack site's IPv6 underlay address (the pair's sites always have one). */
function ip6Of(site: SitePlan): string {
  if (site.underlayIp6 === undefined) throw new LabError(`expected site ${site.role} to have an IPv6 underlay address, got none`);
  return site.underlayIp6;
}

async function build(labRun: LabRun, o: SpeakerPairOptions): Promise<SpeakerPair> {
  const speakerAsn = o.speakerAsn ?? LAB_ASN;
  const peerAsn = o.peerAsn ?? speakerAsn;
  const v6 = o.transport === 'ipv6';
  const speaker: PairSide = {
    netns: await labRun.addNetns('spk'), ip: SITE_Y.vtepIp, ip6: ip6Of(SITE_Y), sessionIp: v6 ? ip6Of(SITE_Y) : SITE_Y.vtepIp,
    asn: speakerAsn, iface: 'uy0',
  };
  const peerNs = await labRun.addNetns('peer');
  const peerSide: PairSide = {
    netns: peerNs, ip: SITE_X.vtepIp, ip6: ip6Of(SITE_X), sessionIp: v6 ? ip6Of(SITE_X) : SITE_X.vtepIp,
    asn: peerAsn, iface: SITE_X.underlayIface,
  };
  await connectUnderlay(labRun, [
    { netns: peerNs, iface: peerSide.iface, ip: peerSide.ip, ip6: peerSide.ip6 },
    { netns: speaker.netns, iface: speaker.iface, ip: speaker.ip, ip6: speaker.ip6 },
  ]);
  // The FRR peer is a kernel VTEP: it needs a VNI to advertise and an FDB to program.
  const site = o.peer === 'frr' ? await populateKernelSite(labRun, { ...SITE_X, role: 'peer' }, peerNs) : undefined;
  const peer: SpeakerPair['peer'] = { ...peerSide, ...(site && { site }), ...(await startPeerSpeaker(labRun, o.peer, { ...peerSide, site }, speaker, o)) };
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
