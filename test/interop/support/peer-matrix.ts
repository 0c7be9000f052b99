// The peer matrix: evpnctl's daemon against every peer a fabric runs (another evpnctl, FRR 8.4 and 10.3,
// GoBGP 3.10 and 3.36, os-ken 2.5), iBGP and eBGP, over IPv4 and IPv6. One lab per peer (the netns pair,
// our daemon, the peer's kernel VTEP or daemon) serves its four cells one after another: each cell starts
// the peer with that cell's AS and session address, configures our side with defaults only (automatic
// RD and RT on both sides, no --passive), and checks the session, routes both ways and withdraws (type 2,
// then type 3) both ways.
import { LAB_LOGICAL_SWITCH, LAB_VNI, labRt } from '../../../src/lab/topology/plan.js';
import { populateKernelSite, type KernelSite } from '../../../src/lab/topology/kernel-site.js';
import { SITE_X } from '../../../src/lab/topology/plan.js';
import { buildSpeakerPair, startPeerSpeaker, type PairSide, type PeerSpeaker, type SpeakerPair } from '../../../src/lab/topology/speaker-pair.js';
import { trixieRootDir } from '../../../src/lab/debian-root.js';
import { waitFor } from '../../../src/lab/wait.js';
import { evpnctlPeer } from './evpnctl-peer.js';
import { frrPeer } from './frr-peer.js';
import { gobgpPeer } from './gobgp-peer.js';
import { oskenPeer } from './osken-peer.js';
import { PEER_CLIENT, type PeerUnderTest } from './peer.js';
import { OUR_CLIENT, SpeakerDaemon } from './speaker-daemon.js';
import type { CellResult, SessionKind } from './matrix-table.js';

/** Our AS; an eBGP peer is in EBGP_PEER_ASN. */
export const SPEAKER_ASN = 65000;
export const EBGP_PEER_ASN = 65001;
/** How long each step of a cell may take (a green cell takes well under a second per step). */
const STEP_TIMEOUT_MS = 20_000;

/** A peer of the matrix. */
export interface MatrixPeer {
  readonly name: string;
  readonly kind: 'evpnctl' | 'frr' | 'gobgp' | 'osken';
  /** Runs from the Debian 13 root (FRR 10.3, GoBGP 3.36) instead of the host's Debian 12 packages. */
  readonly fromTrixieRoot?: boolean;
}

export const MATRIX_PEERS: readonly MatrixPeer[] = [
  { name: 'evpnctl', kind: 'evpnctl' },
  { name: 'FRR 8.4', kind: 'frr' },
  { name: 'FRR 10.3', kind: 'frr', fromTrixieRoot: true },
  { name: 'GoBGP 3.10', kind: 'gobgp' },
  { name: 'GoBGP 3.36', kind: 'gobgp', fromTrixieRoot: true },
  { name: 'os-ken 2.5', kind: 'osken' },
];

/** What one peer's cells share. */
export interface PeerLab {
  readonly peer: MatrixPeer;
  readonly pair: SpeakerPair;
  readonly ours: SpeakerDaemon;
  /** The FRR peer's kernel VTEP (vxlan10, br10, h1). */
  readonly site: KernelSite | undefined;
  /** The evpnctl peer's daemon. */
  readonly peerDaemon: SpeakerDaemon | undefined;
  cells: number;
}

/** Builds the netns pair (IPv4 + IPv6 underlay), our daemon, and what the peer needs besides its speaker. */
export async function buildPeerLab(peer: MatrixPeer): Promise<PeerLab> {
  const pair = await buildSpeakerPair({ peer: 'none', runOptions: { description: `peer matrix: ${peer.name}` } });
  try {
    const site = peer.kind === 'frr' ? await populateKernelSite(pair.run, { ...SITE_X, role: 'peer' }, pair.peer.netns) : undefined;
    const ours = await SpeakerDaemon.start(pair);
    const peerDaemon = peer.kind === 'evpnctl' ? await SpeakerDaemon.start(pair, { side: 'peer' }) : undefined;
    return { peer, pair, ours, site, peerDaemon, cells: 0 };
  } catch (err) {
    await pair.down();
    throw err;
  }
}

/** Runs one cell; never throws (a failure is in the result, with the step it happened at). */
export async function runCell(lab: PeerLab, k: SessionKind): Promise<CellResult> {
  const started = Date.now();
  const result: CellResult = {
    peer: lab.peer.name, session: k.session, transport: k.transport, result: 'fail', establishedMs: null, failedStep: null, error: null, durationMs: 0,
  };
  let step = 'configure our side';
  let speaker: PeerSpeaker = {};
  const { ours, pair } = lab;
  const cell = ++lab.cells;
  try {
    const v6 = k.transport === 'ipv6';
    const side = (s: PairSide, asn: number): PairSide => ({ ...s, asn, sessionIp: v6 ? s.ip6 : s.ip });
    const us = side(pair.speaker, SPEAKER_ASN);
    const them = side(pair.peer, k.session === 'iBGP' ? SPEAKER_ASN : EBGP_PEER_ASN);
    // Our side first, so that the peer's first connection finds its neighbor configured: a connection
    // refused before our `neighbor add` sends some peers Idle for seconds (GoBGP 3.36 then closes ours),
    // which would make the time to Established measure that race instead of the two speakers.
    await ours.ok('speaker', 'add', '--as', String(us.asn), '--router-id', us.ip);
    await ours.ok('network', 'add', '--vni', String(LAB_VNI), '--logical-switch', LAB_LOGICAL_SWITCH);
    await ours.ok('client', 'add', '--vni', String(LAB_VNI), '--port', OUR_CLIENT.port, '--mac', OUR_CLIENT.mac, '--ip', OUR_CLIENT.ip);
    await ours.ok('neighbor', 'add', them.sessionIp, '--remote-as', String(them.asn));

    step = 'start the peer';
    let t0: number;
    if (lab.peerDaemon) {
      await lab.peerDaemon.ok('speaker', 'add', '--as', String(them.asn), '--router-id', them.ip);
      t0 = Date.now(); // the second `neighbor add` (issue 9: Established within 3 s of it)
      await lab.peerDaemon.ok('neighbor', 'add', us.sessionIp, '--remote-as', String(us.asn));
    } else {
      const root = lab.peer.fromTrixieRoot ? { peerRoot: trixieRootDir() } : {};
      // os-ken has no automatic RTs, so its VRF is configured as FRR's automatic import behaves: the VNI
      // from its own AS and from ours (nothing is configured on our side).
      const oskenImportRts = [...new Set([labRt(LAB_VNI, them.asn), labRt(LAB_VNI, us.asn)])];
      speaker = await startPeerSpeaker(pair.run, lab.peer.kind as 'frr' | 'gobgp' | 'osken', { ...them, site: lab.site }, us, {
        ...root, peerDirName: `cell${cell}`, oskenImportRts,
      });
      t0 = Date.now(); // the peer is running with its configuration (its startup time is not the protocol's)
    }
    const cellPair: SpeakerPair = { ...pair, speaker: us, peer: { ...them, ...speaker, ...(lab.site && { site: lab.site }) } };
    const peer = adapterFor(lab, cellPair);

    step = 'session up';
    await waitFor(`our session with ${them.sessionIp} to be established`, async () => {
      const n = await ours.neighbor(them.sessionIp);
      if (n.state === 'established') return n;
      throw new Error(`state ${n.state}, last error ${n.lastError ?? 'none'}`);
    }, { timeoutMs: STEP_TIMEOUT_MS, intervalMs: 50 });
    result.establishedMs = Date.now() - t0;
    await until('the peer to see the session established', () => peer.established());

    step = 'routes peer -> us';
    await peer.advertise();
    await waitFor(`the peer's type 3 and type 2 imported into VNI ${LAB_VNI} in our route list`, async () => {
      const theirs = (await ours.routes()).filter((r) => r.from === them.sessionIp && r.rd.startsWith(`${them.ip}:`));
      const imet = theirs.some((r) => r.type === 3 && r.vni === LAB_VNI && r.nextHop === them.ip);
      const mac = theirs.some((r) => r.type === 2 && r.mac === PEER_CLIENT.mac && r.vni === LAB_VNI && r.nextHop === them.ip);
      if (imet && mac) return true;
      throw new Error(`the peer's routes as we show them: ${JSON.stringify(theirs.map((r) => ({ type: r.type, mac: r.mac, rts: r.rts, vni: r.vni, nextHop: r.nextHop })))}`);
    }, { timeoutMs: STEP_TIMEOUT_MS, intervalMs: 200 });
    step = 'routes us -> peer';
    let problem: string | null = 'not checked yet';
    await waitFor('the peer to accept our type 3 and type 2', async () => {
      problem = await peer.ourRoutesProblem();
      if (problem === null) return true;
      throw new Error(problem);
    }, { timeoutMs: STEP_TIMEOUT_MS, intervalMs: 200 });

    step = 'withdraw us -> peer';
    await ours.ok('client', 'del', '--vni', String(LAB_VNI), '--mac', OUR_CLIENT.mac);
    await until('the peer to drop our client MAC', () => peer.lacksOurMac());
    step = 'withdraw peer -> us';
    await peer.withdrawMac();
    await until('our route list to drop the peer MAC', async () => !(await ours.routes()).some((r) => r.mac === PEER_CLIENT.mac));
    step = 'withdraw type 3 us -> peer';
    await ours.ok('network', 'del', String(LAB_VNI));
    await until('the peer to drop our type 3', () => peer.lacksOurImet());
    step = 'withdraw type 3 peer -> us';
    await peer.withdrawImet();
    await until("our route list to drop the peer's type 3", async () => !(await ours.routes()).some((r) => r.type === 3 && r.from === them.sessionIp));
    result.result = 'pass';
  } catch (err) {
    result.failedStep = step;
    result.error = err instanceof Error ? err.message : String(err);
  } finally {
    // Leave the lab as the next cell expects it: no speaker on our side, the peer stopped or unconfigured.
    const cleanup = await cleanUpCell(lab, speaker);
    if (cleanup !== null && result.result === 'pass') {
      result.result = 'fail';
      result.failedStep = 'clean up';
      result.error = cleanup;
    }
    result.durationMs = Date.now() - started;
  }
  return result;
}

function adapterFor(lab: PeerLab, pair: SpeakerPair): PeerUnderTest {
  // GoBGP and os-ken have no automatic RT: they use what FRR would derive, <their AS>:<VNI>.
  const rt = labRt(LAB_VNI, pair.peer.asn);
  switch (lab.peer.kind) {
    case 'evpnctl':
      if (!lab.peerDaemon) throw new Error('expected the peer daemon of the evpnctl lab');
      return evpnctlPeer(pair, lab.peerDaemon);
    case 'frr':
      return frrPeer(pair);
    case 'gobgp':
      return gobgpPeer(pair, rt);
    case 'osken':
      return oskenPeer(pair, rt);
  }
}

async function cleanUpCell(lab: PeerLab, speaker: PeerSpeaker): Promise<string | null> {
  const problems: string[] = [];
  const attempt = async (what: string, fn: () => Promise<unknown>) => {
    try {
      await fn();
    } catch (err) {
      problems.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
  };
  await attempt('speaker del on our side', () => lab.ours.ok('speaker', 'del', '--if-exists'));
  if (lab.peerDaemon) await attempt('speaker del on the peer daemon', () => (lab.peerDaemon as SpeakerDaemon).ok('speaker', 'del', '--if-exists'));
  await attempt('stop the peer', async () => {
    await speaker.frr?.stop();
    await speaker.gobgp?.stop();
    await speaker.osken?.stop();
  });
  return problems.length === 0 ? null : problems.join('; ');
}

/** Polls until probe() is true. */
const until = (what: string, probe: () => Promise<boolean>) =>
  waitFor(what, async () => ((await probe()) ? true : undefined), { timeoutMs: STEP_TIMEOUT_MS, intervalMs: 200 });
