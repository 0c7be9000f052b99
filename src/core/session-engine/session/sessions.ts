// All neighbors of the speaker and its listener: routes each accepted connection to the neighbor with
// that address, and closes the others without a NOTIFICATION (socket-io.ts turnAway says why). A listener that
// cannot bind is reported (status degraded) and retried, sessions we dial keep working meanwhile.
import type { Server, Socket } from 'node:net';
import type { Link } from './link.js';
import type { TimerHandle } from '../../clock.js';
import type { NotificationMessage } from '../wire/types.js';
import { SessionListener } from './listener.js';
import { NeighborSession, type NeighborDeps } from './neighbor.js';
import { normalizeAddress, turnAway } from './socket-io.js';
import type { NeighborSettings } from './types.js';
import type { SessionPort } from './port.js';

/** How long to wait before trying to bind the listener again. */
export const LISTEN_RETRY_MS = 5000;

/** The speaker's sessions. Every method runs inside the owner's queue. */
export class Sessions implements SessionPort {
  private readonly table = new Map<string, NeighborSession>();
  private listener: SessionListener | null = null;
  private listenAt: { address?: string; port: number } | null = null;
  private retry: TimerHandle | null = null;
  /** Why the listener is not bound, null while it is (or when none is wanted). */
  listenError: string | null = null;

  constructor(private readonly deps: NeighborDeps) {}

  /** A new neighbor, started at once. */
  add(settings: NeighborSettings): NeighborSession {
    const n = new NeighborSession(settings, this.deps);
    this.table.set(settings.address, n);
    n.start();
    return n;
  }

  /** Stops and forgets a neighbor, sending `notify` on its connections (null: close silently). */
  remove(address: string, notify: NotificationMessage | null): void {
    this.table.get(address)?.stop(notify);
    this.table.delete(address);
  }

  get(address: string): NeighborSession | undefined {
    return this.table.get(address);
  }

  all(): IterableIterator<NeighborSession> {
    return this.table.values();
  }

  /** The bound port, null when not listening. */
  get port(): number | null {
    return this.listener?.port ?? null;
  }

  /** (Re)binds the listener when the address or port changed; null stops listening. */
  async listen(at: { address?: string; port: number } | null): Promise<void> {
    const same = at !== null && this.listenAt !== null && at.address === this.listenAt.address && at.port === this.listenAt.port;
    if (same && (this.listener !== null || this.retry !== null)) return;
    await this.unlisten();
    this.listenAt = at;
    if (at !== null) await this.bind();
  }

  /** Stops every session (silently, or with `notify`) and the listener. */
  async close(notify: NotificationMessage | null): Promise<void> {
    for (const address of [...this.table.keys()]) this.remove(address, notify);
    await this.unlisten();
  }

  /** A neighbor whose Established session the previous session engine handed over (a reload). */
  adopt(settings: NeighborSettings, link: Link, socket: Socket): NeighborSession {
    const n = new NeighborSession(settings, this.deps);
    this.table.set(settings.address, n);
    n.adopt(link, socket);
    return n;
  }

  /** The listening server the previous session engine handed over, bound at `at`. */
  adoptListener(at: { address?: string; port: number }, server: Server): void {
    this.listenAt = at;
    this.listener = new SessionListener({ ...at, log: this.deps.log, onConnection: (socket) => this.deps.schedule(() => this.accept(socket)) });
    this.listener.adopt(server);
    this.listenError = null;
  }

  /** Lets the listening server go to the next session engine; where it listens, or null. */
  handOffListener(): { at: { address?: string; port: number }; server: Server } | null {
    const server = this.listener?.handOff() ?? null;
    const at = this.listenAt;
    this.listener = null;
    if (this.retry !== null) this.deps.clock.clearTimer(this.retry);
    this.retry = null;
    return server === null || at === null ? null : { at, server };
  }

  private async bind(): Promise<void> {
    const at = this.listenAt;
    if (at === null) return;
    const listener = new SessionListener({
      ...at, log: this.deps.log, onConnection: (socket) => this.deps.schedule(() => this.accept(socket)),
    });
    try {
      await listener.start();
      this.listener = listener;
      this.listenError = null;
    } catch (err) {
      const where = `${at.address ?? '[::]'}:${at.port}`;
      this.listenError = `cannot listen on ${where}: ${(err as Error).message}; retrying every ${LISTEN_RETRY_MS / 1000} s`;
      this.deps.log.error(`bgp: ${this.listenError}`);
      this.retry = this.deps.clock.setTimer(LISTEN_RETRY_MS, () => {
        this.retry = null;
        this.deps.schedule(() => this.bind());
      });
    }
  }

  private async unlisten(): Promise<void> {
    if (this.retry !== null) this.deps.clock.clearTimer(this.retry);
    this.retry = null;
    this.listenAt = null;
    this.listenError = null;
    const l = this.listener;
    this.listener = null;
    await l?.close();
  }

  private accept(socket: Socket): void {
    const address = normalizeAddress(socket.remoteAddress);
    const n = address === null ? undefined : this.table.get(address);
    if (n === undefined) {
      this.deps.log.info(`bgp: closed a connection from ${socket.remoteAddress ?? 'an unknown address'}: not a configured neighbor`);
      turnAway(socket, this.deps.clock);
      return;
    }
    n.accept(socket);
  }
}
