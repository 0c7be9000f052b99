// A scripted BGP EVPN peer in the peer netns of a lab pair (table-peer-main.ts is its process): the
// daemon under test dials it, and it originates whatever routes a test gives it, with any next hop,
// originating IP or MAC Mobility sequence (gobgp's CLI cannot set the sequence), replays its whole table
// to every new session (a restarted daemon relearns everything), and reports what the daemon advertised.
import { join } from 'node:path';
import type { ChildProcessHandle } from '../../src/lab/daemon.js';
import { spawnChild } from '../../src/lab/daemon.js';
import { LineEventLog, type LineEvent } from '../../src/lab/line-events.js';
import type { SpeakerPair } from '../../src/lab/topology/speaker-pair.js';
import type { BulkSpec, PeerRoute, ReceivedRoute } from './peer-routes.js';
import type { TablePeerRequest } from './table-peer-main.js';

const MAIN = join(import.meta.dirname, 'table-peer-main.ts');

/** Routes given one by one and/or generated in the peer from bulk specs (10k routes need no JSON trip). */
export interface RouteSet {
  routes?: PeerRoute[];
  bulk?: BulkSpec[];
}

/** The running peer. */
export class TablePeer {
  private nextId = 1;

  private constructor(readonly process: ChildProcessHandle, readonly log: LineEventLog, readonly address: string) {}

  /** Starts the peer on the pair's peer address (AS `asn`, iBGP with the daemon by default). */
  static async start(pair: SpeakerPair, o: { asn?: number } = {}): Promise<TablePeer> {
    const cfg = { address: pair.peer.ip, asn: o.asn ?? pair.peer.asn, routerId: pair.peer.ip };
    const proc = await spawnChild(pair.run, {
      name: 'table-peer', netns: pair.peer.netns, pipe: true, logFile: pair.run.path('table-peer.log'),
      argv: ['node', '--import', 'tsx', MAIN, JSON.stringify(cfg)],
    });
    if (!proc.stdin || !proc.stdout) throw new Error('expected stdin/stdout pipes to the table peer');
    const log = new LineEventLog(proc.stdout);
    pair.run.cleanup.add('close the table peer\'s stdin', async () => void proc.stdin?.end());
    const first = await log.waitFor(`the table peer to listen (log ${proc.logFile})`, (e) => e.event === 'listening' || e.event === 'error', 20_000);
    if (first.event !== 'listening') throw new Error(`expected the table peer to listen on ${cfg.address}:179, got ${String(first.error)}`);
    return new TablePeer(proc, log, cfg.address);
  }

  /** Adds (or replaces, by NLRI) routes; sent at once when a session is up. */
  announce(set: RouteSet): Promise<LineEvent> {
    return this.command({ op: 'announce', ...set });
  }

  /** Withdraws routes (matched by NLRI). */
  withdraw(set: RouteSet): Promise<LineEvent> {
    return this.command({ op: 'withdraw', ...set });
  }

  /** Makes the table exactly this (what is gone is withdrawn on a live session). */
  replace(set: RouteSet): Promise<LineEvent> {
    return this.command({ op: 'replace', ...set });
  }

  /** What the daemon advertises to us now (its Adj-RIB-Out towards us, per NLRI). */
  async received(): Promise<ReceivedRoute[]> {
    return (await this.command({ op: 'received' })).routes as ReceivedRoute[];
  }

  /** The event of session `n` (1 = the first) having got the whole table and End-of-RIB. */
  tableSent(n: number, timeoutMs = 30_000): Promise<LineEvent> {
    return this.log.waitFor(`the table peer to send its table on session ${n}`, (e) => e.event === 'sent' && e.session === n, timeoutMs);
  }

  /** The event of session `n` ending. */
  closed(n: number, timeoutMs = 15_000): Promise<LineEvent> {
    return this.log.waitFor(`session ${n} of the table peer to close`, (e) => e.event === 'closed' && e.session === n, timeoutMs);
  }

  private async command(c: TablePeerRequest): Promise<LineEvent> {
    const id = this.nextId++;
    const stdin = this.process.stdin;
    if (!stdin) throw new Error('expected the table peer\'s stdin');
    const from = this.log.events.length;
    stdin.write(`${JSON.stringify({ ...c, id })}\n`);
    const reply = await this.log.waitFor(`the table peer's reply to ${c.op} #${id}`, (e) => e.event === 'reply' && e.id === id, 30_000, from);
    if (reply.ok !== true) throw new Error(`table peer ${c.op}: expected ok, got ${String(reply.error)}`);
    return reply;
  }
}
