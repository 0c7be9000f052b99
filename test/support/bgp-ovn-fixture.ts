// The whole path from a BGP session to OVN, for integration tests: a private OvsSandbox (OVS conf.db with
// br-int and an OVN NB, real schemas, no vswitchd), a lab speaker pair, the table peer in the peer netns,
// and the compiled `evpnctl daemon` in the speaker netns with --ovs-db/--ovn-nb-db on the sandbox's unix
// sockets, configured only through the CLI. down() takes everything away, also after a failed start.
import { buildSpeakerPair, type SpeakerPair } from '../../src/lab/topology/speaker-pair.js';
import { SpeakerDaemon } from '../interop/support/speaker-daemon.js';
import { downAndVerify } from './lab-teardown.js';
import { OvsSandbox } from './ovs-sandbox.js';
import { TablePeer } from './table-peer.js';

/** The daemon's bridge: it has no option for another, so the sandbox names its bridge so. */
export const BRIDGE = 'br-int';
export const ASN = 65000;

export interface BgpOvnOptions {
  description: string;
  /** VNI -> logical switch; the switches are created before the daemon starts. */
  networks: ReadonlyMap<number, string>;
  /** Runs on the sandbox before the daemon starts (objects the daemon must leave alone). */
  prepare?: (sb: OvsSandbox) => Promise<void>;
  /** Extra `network add` arguments per VNI (e.g. --import-rt). */
  networkArgs?: ReadonlyMap<number, readonly string[]>;
  holdTime?: number;
  /** Run ovs-vswitchd on the sandbox too, so interfaces are really set up (and can fail). */
  vswitchd?: boolean;
}

/** A running setup. */
export interface BgpOvn {
  sb: OvsSandbox;
  pair: SpeakerPair;
  daemon: SpeakerDaemon;
  peer: TablePeer;
  /** Our router id and VTEP IP. */
  local: string;
  down(): Promise<void>;
}

/** Builds the setup and configures speaker, networks and then the neighbor, so routes arrive into EVIs. */
export async function startBgpOvn(o: BgpOvnOptions): Promise<BgpOvn> {
  let sb: OvsSandbox | undefined;
  let pair: SpeakerPair | undefined;
  const down = async (): Promise<void> => {
    try {
      await downAndVerify(pair);
    } finally {
      await sb?.stop();
    }
  };
  try {
    sb = await OvsSandbox.start({ bridge: BRIDGE, ...(o.vswitchd === true && { vswitchd: true }) });
    const switches = [...new Set(o.networks.values())].flatMap((ls) => ['--', 'ls-add', ls]).slice(1);
    if (switches.length > 0) await sb.nbctl(...switches);
    await o.prepare?.(sb);
    pair = await buildSpeakerPair({ peer: 'none', runOptions: { description: o.description } });
    const peer = await TablePeer.start(pair, { asn: ASN });
    const daemon = await SpeakerDaemon.start(pair, { dbs: { ovsDb: sb.ovsDb, nbDb: sb.nbDb } });
    const local = pair.speaker.ip;
    await daemon.ok('speaker', 'add', '--as', String(ASN), '--router-id', local);
    for (const [vni, ls] of o.networks) await daemon.ok('network', 'add', '--vni', String(vni), '--logical-switch', ls, ...(o.networkArgs?.get(vni) ?? []));
    await daemon.ok('neighbor', 'add', pair.peer.ip, '--remote-as', String(ASN), '--hold-time', String(o.holdTime ?? 30));
    await daemon.waitEstablished(pair.peer.ip, 20_000);
    return { sb, pair, daemon, peer, local, down };
  } catch (err) {
    try {
      await down();
    } catch (cleanup) {
      throw new AggregateError([err, cleanup], `starting the BGP-to-OVN setup failed, and so did tearing it down: ${(err as Error).message}`);
    }
    throw err;
  }
}
