// The session port of the route engine: the session engine's sessions over the channel. Commands go out
// as messages; ups, downs and received bytes come back and run in the owner's queue, in order. The
// UPDATE and ROUTE-REFRESH bytes are decoded here, with the RFC 7606 outcomes drain.ts gives in one
// process; an error that resets the session (RFC 7606 §3) makes the SE send its NOTIFICATION.
import { bounded, hexExcerpt, RateLimitedLog } from '../log-limit.js';
import type { NeighborDeps } from '../session-engine/session/neighbor.js';
import type { SessionPort } from '../session-engine/session/port.js';
import type { NeighborSettings, ReceivedUpdate } from '../session-engine/session/types.js';
import { BgpError } from '../session-engine/wire/errors.js';
import { decodeMessage } from '../session-engine/wire/message.js';
import type { NotificationMessage } from '../session-engine/wire/types.js';
import { splitMessages } from '../session-engine/frames.js';
import type { ListenStatus, SeMessage } from '../session-engine/protocol.js';
import type { SeConnection } from './se-client.js';
import { wireSettingsOf } from '../session-engine/settings.js';
import { RemoteNeighbor } from './remote-neighbor.js';

/** The session engine's sessions, as a SessionPort. */
export class RemoteSessions implements SessionPort {
  private readonly table = new Map<string, RemoteNeighbor>();
  private status: ListenStatus;
  private nextId = 1;
  private readonly waiting = new Map<number, () => void>();
  private readonly logLimit: RateLimitedLog;
  /** We closed the channel ourselves (stop or detach). */
  private leaving = false;

  constructor(private readonly deps: NeighborDeps, private readonly se: SeConnection) {
    this.status = se.hello.listen;
    this.logLimit = new RateLimitedLog(deps.clock);
    se.listen({
      message: (m) => this.receive(m),
      bytes: (address, bytes) => this.deps.schedule(() => this.ingest(address, bytes)),
      closed: () => {
        if (this.leaving) return;
        this.deps.log.error('bgp: the session engine went away; its supervisor restarts it');
        this.deps.schedule(() => this.lostAll());
      },
    });
  }

  get port(): number | null {
    return this.status.port;
  }

  get listenError(): string | null {
    return this.se.channel.connected ? this.status.listenError : 'the session engine is not running';
  }

  listen(at: { address?: string; port: number } | null): Promise<void> {
    if (!this.se.channel.connected) return Promise.resolve();
    const id = this.nextId++;
    return new Promise((done) => {
      this.waiting.set(id, done);
      this.se.channel.send({ type: 'listen', id, at });
    });
  }

  add(settings: NeighborSettings): void {
    this.table.set(settings.address, new RemoteNeighbor(settings, this.se.channel, this.deps.metrics));
    this.se.channel.send({ type: 'add', settings: wireSettingsOf(settings) });
  }

  remove(address: string, notify: NotificationMessage | null): void {
    this.table.delete(address);
    this.se.channel.send({ type: 'remove', address, notify });
  }

  get(address: string): RemoteNeighbor | undefined {
    return this.table.get(address);
  }

  all(): IterableIterator<RemoteNeighbor> {
    return this.table.values();
  }

  /** After a configuration: the SE stops the sessions of neighbors this RE does not have. */
  configured(): void {
    this.se.channel.send({ type: 'configured', addresses: [...this.table.keys()] });
  }

  async close(notify: NotificationMessage | null): Promise<void> {
    for (const address of [...this.table.keys()]) this.remove(address, notify);
    this.se.channel.send({ type: 'close', notify });
    this.leaving = true;
    await this.se.channel.end();
  }

  /** Leaves the sessions as they are (a restart or an upgrade of the route engine). */
  async detach(): Promise<void> {
    this.table.clear();
    this.leaving = true;
    await this.se.channel.end();
  }

  private receive(m: SeMessage): void {
    const now = this.deps.clock.now();
    switch (m.type) {
      case 'listening':
        this.status = m.status;
        this.waiting.get(m.id)?.();
        this.waiting.delete(m.id);
        return;
      case 'status':
        this.table.get(m.neighbor.address)?.show(m.neighbor, now);
        return;
      case 'up':
        return this.deps.schedule(() => {
          const n = this.table.get(m.address);
          if (n === undefined) return;
          n.up = m.up;
          n.resetting = false;
          this.deps.handler.up(m.address, { ...m.up, adopted: m.adopted });
        });
      case 'down':
        return this.deps.schedule(() => {
          const n = this.table.get(m.address);
          if (n === undefined || n.up === null) return;
          n.up = null;
          this.deps.handler.down(m.address, m.down);
        });
      default:
        return;
    }
  }

  /** The SE is gone and with it every session. */
  private lostAll(): void {
    for (const n of this.table.values()) {
      const up = n.up;
      if (up === null) continue;
      n.up = null;
      this.deps.handler.down(n.address, { reason: 'connection-lost', detail: 'the session engine went away', ...up });
    }
  }

  /** One socket read's UPDATE / ROUTE-REFRESH messages, decoded and handed over as drain.ts does. */
  private ingest(address: string, bytes: Uint8Array): void {
    const n = this.table.get(address);
    if (n?.up === null || n === undefined || n.resetting) return;
    const ctx = { fourOctetAs: n.up.peer.fourOctetAs };
    const batch: ReceivedUpdate[] = [];
    const flush = () => {
      if (batch.length > 0) this.deps.handler.updates(address, batch.splice(0));
    };
    for (const raw of splitMessages(bytes)) {
      try {
        const { message: m, action, problems } = decodeMessage(raw, ctx);
        this.deps.metrics.bgpMessage(address, 'in', m.type);
        if (m.type === 'update') batch.push(problems.length === 0 ? { update: m, action, problems } : { update: m, action, problems, raw });
        else if (m.type === 'route-refresh') {
          flush(); // UPDATEs before the ROUTE-REFRESH first
          this.deps.handler.routeRefresh(address, m);
        }
      } catch (err) {
        if (!(err instanceof BgpError)) throw err;
        flush();
        this.logLimit.write(this.deps.log, 'warn', 'bad message', `bgp: bad message from ${address}: ${bounded(err.message)}; message ${hexExcerpt(raw)}`);
        n.resetting = true;
        this.se.channel.send({ type: 'reset', address, code: err.notifyCode, subcode: err.notifySubcode, data: err.data, detail: bounded(err.detail) });
        return;
      }
    }
    flush();
  }
}
