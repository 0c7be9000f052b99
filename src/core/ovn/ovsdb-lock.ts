// The HA group's lock on the OVN NB (issue 10): one JSON-RPC connection that stays on the cluster leader,
// waits for the lock named after the group (RFC 7047 §4.1.8), and, once granted, claims a fencing token in
// NB_Global through the same connection (ha-fence.ts). It reports acquired / lost (stolen, disconnected,
// not leader, fenced) and who holds the group's token, so standbys can show the active.
//
// Why not `ovsdb-client lock`: the token must be written on the lock-holding session ({"op": "assert"}),
// which a second process cannot do, and the lock has to follow the leader across elections (`_Server`),
// which `ovsdb-client lock` does not: it stays on the member it reached and exits when that one goes.
import { systemClock, type Clock, type TimerHandle } from '../clock.js';
import { backoffDelay, type BackoffPolicy } from './backoff.js';
import type { SslFiles } from './exec.js';
import { claimOps, currentToken, lockName, restampOps, sameMember, type FenceMember, type FenceToken } from './ha-fence.js';
import { judgeMember, newRows, parseServerDatabase, RemoteRotation, rowMap, SERVER_DATABASE_COLUMNS, type ServerDatabase } from './leader-remote.js';
import { OvsdbRpcConnection, OvsdbRpcError, splitRemotes, transact } from './ovsdb-rpc.js';
import { quietLog, type OvnLog } from './types.js';

/** The NB database name (the lock and the token live there). */
export const NB_DATABASE = 'OVN_Northbound';

/** Why the lock (and with it the right to write) went away. */
export type LockLossReason = 'stolen' | 'disconnected' | 'not-leader' | 'fenced' | 'claim-failed' | 'stopped';

/** What the lock reports to its owner, in order. */
export type HaLockEvent =
  | { kind: 'acquired'; token: FenceToken }
  | { kind: 'lost'; token: FenceToken; reason: LockLossReason; detail: string }
  /** The group's current token changed (another chassis took over, or none has yet). */
  | { kind: 'holder'; holder: FenceToken | null };

/** Where the lock stands. */
export interface HaLockStatus {
  /** connecting: looking for the leader; waiting: queued for the lock; claiming: granted, writing the token; active: token written. */
  state: 'stopped' | 'connecting' | 'waiting' | 'claiming' | 'active';
  remote: string | null;
  token: FenceToken | null;
  holder: FenceToken | null;
  lastError: string | null;
}

/** How to run the lock. */
export interface HaLockOptions {
  /** The NB remotes, comma-separated for a cluster. */
  remotes: string;
  group: string;
  chassis: string;
  /** Our BGP identity at claim time, written with the token so the other members know our routes. */
  member?: () => FenceMember | null;
  ssl?: SslFiles;
  /** Stay on the cluster leader only (default true; locks are per server). */
  leaderOnly?: boolean;
  /** Inactivity probe of the connection (default 5000 ms). */
  probeMs?: number;
  /** Reconnect spacing once every remote failed (default 50 ms doubling to 1 s: failover is the point). */
  backoff?: BackoffPolicy;
  /** Per-request timeout (default 10 s). */
  requestTimeoutMs?: number;
  /**
   * How long to wait before asking for the lock while another chassis holds the group's token (default 0).
   * After an NB leader change every client reconnects at once; this lets the previous holder win the lock
   * back on the new leader instead of the group changing hands (and tunnels) for nothing.
   */
  yieldMs?: number;
  clock?: Clock;
  log?: OvnLog;
  random?: () => number;
  onEvent(e: HaLockEvent): void;
}

const SERVER_MONITOR = 'evpnctl-server';
const NB_GLOBAL_MONITOR = 'evpnctl-nb-global';
const CLAIM_TRIES = 5;

/** The lock client. start() once; stop() unlocks and closes. */
export class HaLock {
  private readonly o: HaLockOptions;
  private readonly clock: Clock;
  private readonly log: OvnLog;
  private readonly remotes: string[];
  private readonly rotation: RemoteRotation;
  private conn: OvsdbRpcConnection | null = null;
  /** Bumped per connection, so late callbacks of an old one change nothing. */
  private session = 0;
  private state: HaLockStatus['state'] = 'stopped';
  private token: FenceToken | null = null;
  private holder: FenceToken | null = null;
  private lastError: string | null = null;
  private server: ServerDatabase | undefined;
  private nbGlobal: { uuid: string; externalIds: Record<string, string> } | null = null;
  private failures = 0;
  /** Connections that reached the leader and read its state. */
  private sessionsUp = 0;
  private retryTimer: TimerHandle | null = null;

  constructor(o: HaLockOptions) {
    this.o = o;
    this.clock = o.clock ?? systemClock;
    this.log = o.log ?? quietLog;
    this.remotes = splitRemotes(o.remotes);
    this.rotation = new RemoteRotation(this.remotes, o.random);
  }

  /** Starts connecting; events follow through onEvent. */
  start(): void {
    if (this.state !== 'stopped') return;
    this.state = 'connecting';
    this.connectNext();
  }

  /** Gives the lock back (unlock) and closes; a held token is reported lost with reason 'stopped'. */
  async stop(): Promise<void> {
    if (this.retryTimer !== null) this.clock.clearTimer(this.retryTimer);
    this.retryTimer = null;
    const conn = this.conn;
    this.session++;
    this.conn = null;
    const held = this.token;
    this.token = null;
    this.state = 'stopped';
    if (conn !== null && !conn.closed) {
      // Unlocking first hands the lock to the next waiter at once, instead of at our connection's end.
      await conn.request('unlock', [lockName(this.o.group)], 1000).catch((err: unknown) => {
        this.log.debug(`ha lock: unlock on stop failed: ${(err as Error).message}`);
      });
      conn.close();
    }
    if (held !== null) this.o.onEvent({ kind: 'lost', token: held, reason: 'stopped', detail: 'the daemon stopped' });
  }

  /**
   * Our identity (member()) changed: while we hold the token, its value is rewritten so the other members
   * know our routes; a claim made before the speaker was configured had none to write.
   */
  async restamp(): Promise<void> {
    const conn = this.conn;
    const token = this.token;
    if (this.state !== 'active' || conn === null || token === null) return;
    const member = this.o.member?.() ?? null;
    if (sameMember(token.member, member ?? undefined)) return;
    try {
      await transact(conn, NB_DATABASE, restampOps(token, member), this.o.requestTimeoutMs ?? 10_000);
    } catch (err) {
      this.log.warn(`ha lock: writing our identity into fencing epoch ${token.epoch}: ${(err as Error).message}`);
      return;
    }
    if (this.token === token) this.token = { group: token.group, epoch: token.epoch, chassis: token.chassis, ...(member !== null && { member }) };
  }

  /** A snapshot for status output. */
  status(): HaLockStatus {
    return { state: this.state, remote: this.conn?.remote ?? null, token: this.token, holder: this.holder, lastError: this.lastError };
  }

  private connectNext(): void {
    const session = ++this.session;
    const remote = this.rotation.next();
    this.state = 'connecting';
    void this.runSession(session, remote);
  }

  private async runSession(session: number, remote: string): Promise<void> {
    let conn: OvsdbRpcConnection;
    try {
      conn = await OvsdbRpcConnection.open({
        remote, clock: this.clock, ...(this.o.ssl ? { ssl: this.o.ssl } : {}), ...(this.o.probeMs === undefined ? {} : { probeMs: this.o.probeMs }),
        onNotification: (method, params) => this.onNotification(session, method, params),
        onClose: (err) => this.onClose(session, err),
      });
    } catch (err) {
      this.retry(session, err);
      return;
    }
    if (session !== this.session) {
      conn.close();
      return;
    }
    this.conn = conn;
    const timeout = this.o.requestTimeoutMs ?? 10_000;
    try {
      const servers = await conn.request('monitor', ['_Server', SERVER_MONITOR, { Database: { columns: [...SERVER_DATABASE_COLUMNS] } }], timeout);
      if (session !== this.session) return;
      this.takeServerUpdate((servers as Record<string, unknown> | null)?.Database);
      const verdict = judgeMember(this.server, this.o.leaderOnly ?? true);
      if (!verdict.ok) {
        this.lastError = `${remote}: ${verdict.why}`;
        this.log.debug(`ha lock: ${this.lastError}; trying the next remote`);
        conn.close();
        return;
      }
      const nb = await conn.request('monitor', [NB_DATABASE, NB_GLOBAL_MONITOR, { NB_Global: { columns: ['external_ids'] } }], timeout);
      if (session !== this.session) return;
      this.takeNbGlobalUpdate((nb as Record<string, unknown> | null)?.NB_Global);
      this.checkFence(session);
      this.rotation.reset();
      this.failures = 0;
      this.lastError = null; // members skipped on the way to the leader are no error
      this.state = 'waiting';
      this.log.info(`ha lock: on ${remote} (leader), waiting for lock ${lockName(this.o.group)}`);
      const yieldMs = this.o.yieldMs ?? 0;
      this.sessionsUp++;
      // Only on a reconnect: at the first connection there is no previous holder racing us back.
      if (yieldMs > 0 && this.sessionsUp > 1 && this.holder !== null && this.holder.chassis !== this.o.chassis) {
        await new Promise<void>((resolve) => this.clock.setTimer(yieldMs, resolve));
        if (session !== this.session) return;
      }
      const r = await conn.request('lock', [lockName(this.o.group)], timeout);
      if (session !== this.session) return;
      if ((r as { locked?: unknown } | null)?.locked === true) await this.claim(session, conn);
      // Otherwise a "locked" notification comes when the holder lets go.
    } catch (err) {
      if (session !== this.session) return;
      this.lastError = (err as Error).message;
      this.log.warn(`ha lock: ${remote}: ${this.lastError}`);
      conn.close();
    }
  }

  private async claim(session: number, conn: OvsdbRpcConnection): Promise<void> {
    this.state = 'claiming';
    for (let attempt = 1; attempt <= CLAIM_TRIES; attempt++) {
      const { ops, token } = claimOps(this.o.group, this.o.chassis, this.nbGlobal, this.o.member?.());
      try {
        await transact(conn, NB_DATABASE, ops, this.o.requestTimeoutMs ?? 10_000);
      } catch (err) {
        if (session !== this.session) return;
        const rpc = err instanceof OvsdbRpcError ? err.rpcError : null;
        // "timed out": the wait op saw NB_Global change since our monitor's copy; the update is on its way.
        if (rpc === 'timed out' && attempt < CLAIM_TRIES) {
          await new Promise<void>((resolve) => this.clock.setTimer(20 * attempt, resolve));
          if (session !== this.session) return;
          continue;
        }
        this.lastError = `claiming the fencing token: ${(err as Error).message}`;
        this.log.warn(`ha lock: ${this.lastError}`);
        conn.close();
        return;
      }
      if (session !== this.session) return;
      this.token = token;
      this.state = 'active';
      this.holder = token;
      this.log.info(`ha lock: holding ${lockName(this.o.group)}, fencing epoch ${token.epoch}`);
      this.o.onEvent({ kind: 'acquired', token });
      this.checkFence(session);
      return;
    }
  }

  private onNotification(session: number, method: string, params: unknown): void {
    if (session !== this.session) return;
    const p = Array.isArray(params) ? params : [];
    if (method === 'update') {
      const updates = p[1] as Record<string, unknown> | undefined;
      if (p[0] === SERVER_MONITOR) {
        this.takeServerUpdate(updates?.Database);
        const verdict = judgeMember(this.server, this.o.leaderOnly ?? true);
        if (!verdict.ok) this.drop(session, 'not-leader', verdict.why);
      } else if (p[0] === NB_GLOBAL_MONITOR) {
        this.takeNbGlobalUpdate(updates?.NB_Global);
        this.checkFence(session);
      }
    } else if (method === 'locked') {
      if (this.state === 'waiting' && this.conn !== null) void this.claim(session, this.conn);
    } else if (method === 'stolen') {
      this.loseToken('stolen', 'another client stole the lock');
      this.state = 'waiting';
      // Queue again behind the thief: unlock drops whatever the server kept of our request, lock re-queues.
      const conn = this.conn;
      if (conn !== null) {
        void conn.request('unlock', [lockName(this.o.group)])
          .then(() => conn.request('lock', [lockName(this.o.group)]))
          .then((r) => {
            if (session === this.session && (r as { locked?: unknown } | null)?.locked === true) return this.claim(session, conn);
            return undefined;
          })
          .catch((err: unknown) => {
            if (session === this.session) this.drop(session, 'disconnected', (err as Error).message);
          });
      }
    }
  }

  /** An NB_Global change: tell who holds the group, and notice when our token was replaced. */
  private checkFence(session: number): void {
    const current = currentToken(this.o.group, this.nbGlobal?.externalIds ?? {});
    if (!sameToken(current, this.holder) || !sameMember(current?.member, this.holder?.member)) {
      this.holder = current;
      this.o.onEvent({ kind: 'holder', holder: current });
    }
    if (this.state === 'active' && this.token !== null && !sameToken(current, this.token)) {
      this.drop(session, 'fenced', `the group's token is now ${current === null ? 'gone' : `epoch ${current.epoch} of ${current.chassis}`}`);
    }
  }

  private onClose(session: number, err: OvsdbRpcError | null): void {
    if (session !== this.session) return;
    this.conn = null;
    this.loseToken('disconnected', err?.message ?? 'connection closed');
    this.retry(session, err);
  }

  /** Leaves this connection (and with it the lock) and looks for the leader again. */
  private drop(session: number, reason: LockLossReason, detail: string): void {
    if (session !== this.session) return;
    this.lastError = detail;
    this.log.info(`ha lock: leaving ${this.conn?.remote ?? 'the connection'}: ${detail}`);
    this.loseToken(reason, detail);
    const conn = this.conn;
    this.conn = null;
    this.session++;
    conn?.close();
    this.connectNext();
  }

  private loseToken(reason: LockLossReason, detail: string): void {
    const held = this.token;
    this.token = null;
    if (this.state !== 'stopped') this.state = 'connecting';
    if (held !== null) this.o.onEvent({ kind: 'lost', token: held, reason, detail });
  }

  private retry(session: number, err: unknown): void {
    if (session !== this.session || this.state === 'stopped') return;
    if (err !== null && err !== undefined) this.lastError = (err as Error).message;
    this.state = 'connecting';
    const delay = this.rotation.wrapped ? backoffDelay(++this.failures, this.o.backoff ?? { initialMs: 50, maxMs: 1000 }) : 0;
    if (this.rotation.wrapped) this.rotation.reset();
    this.retryTimer = this.clock.setTimer(delay, () => {
      this.retryTimer = null;
      if (session === this.session && this.state !== 'stopped') this.connectNext();
    });
  }

  private takeServerUpdate(tableUpdate: unknown): void {
    for (const row of newRows(tableUpdate).values()) {
      if (row === null) continue;
      const db = parseServerDatabase(row);
      if (db.name === NB_DATABASE) this.server = db;
    }
  }

  private takeNbGlobalUpdate(tableUpdate: unknown): void {
    for (const [uuid, row] of newRows(tableUpdate)) {
      if (row === null) {
        if (this.nbGlobal?.uuid === uuid) this.nbGlobal = null;
      } else this.nbGlobal = { uuid, externalIds: rowMap(row, 'external_ids') };
    }
  }
}

const sameToken = (a: FenceToken | null, b: FenceToken | null): boolean =>
  a === b || (a !== null && b !== null && a.epoch === b.epoch && a.chassis === b.chassis && a.group === b.group);
