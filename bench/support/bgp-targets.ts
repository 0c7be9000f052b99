// The speakers the ingest benchmark feeds, each started fresh in the speaker netns of a lab pair
// (192.168.100.2) with the injector at 192.168.100.1 as an iBGP neighbor, and each asked the same
// question: how many routes from the injector have you accepted? evpnctl-evi also programs a real
// OVS conf.db and OVN NB (an OvsSandbox), so it can be asked when every MAC is in the NB.
import { readFile } from 'node:fs/promises';
import { request } from '../../src/core/control/client.js';
import { startFrr } from '../../src/lab/frr.js';
import { startGobgp } from '../../src/lab/gobgp.js';
import type { SpeakerPair } from '../../src/lab/topology/speaker-pair.js';
import { SpeakerDaemon } from '../../test/interop/support/speaker-daemon.js';
import { OvsSandbox } from '../../test/support/ovs-sandbox.js';

/** Which speaker. `evpnctl-evi` also maps every VNI to a network, so routes are imported into EVIs. */
/** evpnctl and evpnctl-evi run --single-process (the baseline); evpnctl-split is the supervised daemon, observed at its route engine. */
export type TargetKind = 'frr' | 'gobgp' | 'evpnctl' | 'evpnctl-split' | 'evpnctl-evi';

/** A started target. */
export interface Target {
  readonly kind: TargetKind;
  /** Other processes that must be idle too (the split daemon's session engine). */
  readonly alsoIdle?: readonly number[];
  /** The process whose memory is measured. */
  readonly pid: number;
  /** Routes from the injector the target has accepted. */
  accepted(): Promise<number>;
  /** evpnctl-evi: the NB it programs (to time the MACs' arrival) and its debug log (batches, spawn counts). */
  readonly ovn?: { nbDb: string; log: string };
  /** Stops what the target brought besides the lab pair's processes (the OvsSandbox); the pair goes with pair.down(). */
  close(): Promise<void>;
}

const nothingToClose = async (): Promise<void> => undefined;

const ASN = 65000;

/** Resident set size of a process, in MB. */
export async function rssMB(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1];
  if (kb === undefined) throw new Error(`expected VmRSS in /proc/${pid}/status, got none`);
  return Number(kb) / 1024;
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
      kind, pid: frr.bgpd.pid, close: nothingToClose,
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
      kind, pid: g.process.pid, close: nothingToClose,
      accepted: async () => {
        const json = (await g.cliJson('neighbor', injector)) as { afi_safis?: { state?: { accepted?: number; received?: number } }[] };
        return (json.afi_safis ?? []).reduce((sum, a) => sum + (a.state?.accepted ?? 0), 0);
      },
    };
  }
  if (kind === 'evpnctl' || kind === 'evpnctl-split') {
    // No networks and no database arguments: the OVN side never starts (the RIB alone, like FRR and gobgpd here).
    const d = await SpeakerDaemon.start(pair, { ovnDbs: false, singleProcess: kind === 'evpnctl' });
    await configureDaemon(d, me, injector);
    // Split: the route engine decodes and ingests (its RSS is the one shown); the session engine frames and
    // forwards, and must be idle too for the run to end.
    const p = await d.processes();
    return { kind, pid: p.routeEngine, ...(p.sessionEngine !== null && { alsoIdle: [p.sessionEngine] }), close: nothingToClose, accepted: acceptedBy(d, injector) };
  }
  // With networks the OVN side runs: on a private OvsSandbox with br-int and the switches ls1..lsN made up
  // front, so the run includes real OVN programming (never the host's OVS).
  const sb = await OvsSandbox.start({ bridge: 'br-int' });
  try {
    await sb.nbctl(...Array.from({ length: vnis }, (_, i) => ['--', 'ls-add', `ls${i + 1}`]).flat().slice(1));
    const d = await SpeakerDaemon.start(pair, { dbs: { ovsDb: sb.ovsDb, nbDb: sb.nbDb }, singleProcess: true });
    await configureDaemon(d, me, injector);
    for (let v = 1; v <= vnis; v++) await d.ok('network', 'add', '--vni', String(v), '--logical-switch', `ls${v}`);
    return { kind, pid: d.pid, ovn: { nbDb: sb.nbDb, log: d.logFile }, close: () => sb.stop(), accepted: acceptedBy(d, injector) };
  } catch (err) {
    await sb.stop();
    throw err;
  }
}

async function configureDaemon(d: SpeakerDaemon, me: string, injector: string): Promise<void> {
  await d.ok('speaker', 'add', '--as', String(ASN), '--router-id', me);
  await d.ok('neighbor', 'add', injector, '--remote-as', String(ASN), '--passive', '--hold-time', '180');
}

/** Straight over the control socket: a CLI process per poll would cost more than the 10k ingest itself. */
const acceptedBy = (d: SpeakerDaemon, injector: string) => async (): Promise<number> =>
  (await request(d.socket, { type: 'neighbor.show', address: injector })).prefixes.accepted;
