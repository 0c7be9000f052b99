// The speakers the ingest benchmark feeds, each started fresh in the speaker netns of a lab pair
// (192.168.100.2) with the injector at 192.168.100.1 as an iBGP neighbor, and each asked the same
// question: how many routes from the injector have you accepted? evpnctl-evi also programs a real
// OVS conf.db and OVN NB (an OvsSandbox), so it can be asked when every MAC is in the NB.
// evpnctl-single and evpnctl-split are issue 12's pair, RIB only like evpnctl: `evpnctl daemon --single-process`
// and the split daemon (supervisor + session engine + route engine), whose PIDs come from `status` → processes
// and whose CPU and memory are the three processes' together.
import { readFile } from 'node:fs/promises';
import { request } from '../../src/core/control/client.js';
import { allPids, processesOf } from '../../test/support/daemon-processes.js';
import { startFrr } from '../../src/lab/frr.js';
import { startGobgp } from '../../src/lab/gobgp.js';
import type { SpeakerPair } from '../../src/lab/topology/speaker-pair.js';
import { SpeakerDaemon } from '../../test/interop/support/speaker-daemon.js';
import { OvsSandbox } from '../../test/support/ovs-sandbox.js';

/**
 * Which speaker. `evpnctl` and `evpnctl-evi` run `--single-process`, the figures issue 13 compares with FRR;
 * `evpnctl-evi` also maps every VNI to a network, so routes are imported into EVIs. `evpnctl-single` and
 * `evpnctl-split` are issue 12's pair (the split daemon observed as all three of its processes).
 */
export type TargetKind = 'frr' | 'gobgp' | 'evpnctl' | 'evpnctl-evi' | 'evpnctl-single' | 'evpnctl-split';

/** A started target. */
export interface Target {
  readonly kind: TargetKind;
  /** The processes whose CPU and memory are measured (one, but the split daemon's three). */
  readonly pids: readonly number[];
  /** Routes from the injector the target has accepted. */
  accepted(): Promise<number>;
  /** evpnctl-evi: the NB it programs (to time the MACs' arrival) and its debug log (batches, spawn counts). */
  readonly ovn?: { nbDb: string; log: string };
  /** Stops what the target brought besides the lab pair's processes (the OvsSandbox); the pair goes with pair.down(). */
  close(): Promise<void>;
}

const nothingToClose = async (): Promise<void> => undefined;

const ASN = 65000;

/** Resident set size of processes, summed, in MB. */
export async function rssMB(pids: readonly number[]): Promise<number> {
  let kbs = 0;
  for (const pid of pids) {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
    if (kb === undefined) throw new Error(`expected VmRSS in /proc/${pid}/status, got none`);
    kbs += Number(kb);
  }
  return kbs / 1024;
}

/** Starts a target in the pair's speaker netns, configured to accept the injector. */
export async function startTarget(kind: TargetKind, pair: SpeakerPair, vnis: number): Promise<Target> {
  const me = pair.speaker.ip;
  const injector = pair.peer.ip;
  if (kind === 'frr') {
    const frr = await startFrr(pair.run, pair.speaker.netns, 'target', {
      hostname: 'bench', asn: ASN, routerId: me, advertiseAllVni: false,
      neighbors: [{ address: injector, remoteAs: ASN, updateSource: me, passive: true }],
    });
    return {
      kind, pids: [frr.bgpd.pid], close: nothingToClose,
      accepted: async () => {
        const json = (await frr.vtyshJson('show bgp l2vpn evpn summary json')) as { peers?: Record<string, { pfxRcd?: number }> };
        return json.peers?.[injector]?.pfxRcd ?? 0;
      },
    };
  }
  if (kind === 'gobgp') {
    const g = await startGobgp(pair.run, pair.speaker.netns, 'target', {
      asn: ASN, routerId: me, listenAddresses: [me], neighbors: [{ address: injector, peerAs: ASN, passive: true }],
    });
    return {
      kind, pids: [g.process.pid], close: nothingToClose,
      accepted: async () => {
        const json = (await g.cliJson('neighbor', injector)) as { afi_safis?: { state?: { accepted?: number; received?: number } }[] };
        return (json.afi_safis ?? []).reduce((sum, a) => sum + (a.state?.accepted ?? 0), 0);
      },
    };
  }
  if (kind === 'evpnctl') {
    // No networks and no database arguments: the OVN side never starts (the RIB alone, like FRR and gobgpd here).
    const d = await SpeakerDaemon.start(pair, { ovnDbs: false, extraArgs: ['--single-process'] });
    await configureDaemon(d, me, injector);
    return { kind, pids: [d.pid], close: nothingToClose, accepted: acceptedBy(d, injector) };
  }
  if (kind === 'evpnctl-single') {
    const d = await startDaemon(pair, ['--single-process'], kind);
    await configureDaemon(d, me, injector);
    return { kind, pids: [d.pid], close: nothingToClose, accepted: acceptedBy(d, injector) };
  }
  if (kind === 'evpnctl-split') {
    const d = await startDaemon(pair, [], kind);
    await configureDaemon(d, me, injector);
    const processes = processesOf(await request(d.socket, { type: 'status' }), 'the evpnctl-split target: status');
    if (processes.sessionEngine === null) throw new Error('the evpnctl-split target: expected a running session engine in status → processes, got null');
    if (processes.supervisor !== d.pid) throw new Error(`the evpnctl-split target: expected the supervisor to be the process started (${d.pid}), got ${processes.supervisor}`);
    return { kind, pids: allPids(processes), close: nothingToClose, accepted: acceptedBy(d, injector) };
  }
  // With networks the OVN side runs: on a private OvsSandbox with br-int and the switches ls1..lsN made up
  // front, so the run includes real OVN programming (never the host's OVS).
  const sb = await OvsSandbox.start({ bridge: 'br-int' });
  try {
    await sb.nbctl(...Array.from({ length: vnis }, (_, i) => ['--', 'ls-add', `ls${i + 1}`]).flat().slice(1));
    const d = await SpeakerDaemon.start(pair, { dbs: { ovsDb: sb.ovsDb, nbDb: sb.nbDb }, extraArgs: ['--single-process'] });
    await configureDaemon(d, me, injector);
    for (let v = 1; v <= vnis; v++) await d.ok('network', 'add', '--vni', String(v), '--logical-switch', `ls${v}`);
    return { kind, pids: [d.pid], ovn: { nbDb: sb.nbDb, log: d.logFile }, close: () => sb.stop(), accepted: acceptedBy(d, injector) };
  } catch (err) {
    await sb.stop();
    throw err;
  }
}

/** The RIB-only daemon with more options; a daemon that refuses them says so with its own words from the log. */
async function startDaemon(pair: SpeakerPair, extraArgs: readonly string[], kind: TargetKind): Promise<SpeakerDaemon> {
  try {
    return await SpeakerDaemon.start(pair, { ovnDbs: false, extraArgs });
  } catch (err) {
    const log = await readFile(pair.run.path('evpnctl-daemon-1.log'), 'utf8').catch(() => '');
    throw new Error(`the ${kind} target: \`evpnctl daemon ${extraArgs.join(' ')}\` did not start (${(err as Error).message})`
      + `${log.trim() === '' ? '' : `; its log: ${log.trim().split('\n').slice(-3).join(' | ')}`}`, { cause: err });
  }
}

async function configureDaemon(d: SpeakerDaemon, me: string, injector: string): Promise<void> {
  await d.ok('speaker', 'add', '--as', String(ASN), '--router-id', me);
  await d.ok('neighbor', 'add', injector, '--remote-as', String(ASN), '--passive', '--hold-time', '180');
}

/** Straight over the control socket: a CLI process per poll would cost more than the 10k ingest itself. */
const acceptedBy = (d: SpeakerDaemon, injector: string) => async (): Promise<number> =>
  (await request(d.socket, { type: 'neighbor.show', address: injector })).prefixes.accepted;
