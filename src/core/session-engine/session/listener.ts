// The passive side: TCP listeners on the speaker's listen address and port (179 by default). Without a
// listen address one dual-stack socket on "::" takes IPv4 and IPv6; where IPv6 is unavailable, 0.0.0.0.
// Accepted sockets are handed over untouched (paused until someone reads them).
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '../../log.js';

/** Where to listen and who gets the connections. */
export interface ListenerOptions {
  readonly address?: string;
  readonly port: number;
  readonly onConnection: (socket: Socket) => void;
  readonly log: Logger;
}

/** One bound listening socket. */
export class SessionListener {
  private server: Server | null = null;

  constructor(private readonly opts: ListenerOptions) {}

  /** Binds; rejects with the bind error (EADDRINUSE, EACCES, EADDRNOTAVAIL...). */
  async start(): Promise<void> {
    if (this.opts.address !== undefined) {
      this.server = await this.bind(this.opts.address, false);
      return;
    }
    try {
      this.server = await this.bind('::', false);
    } catch (err) {
      if (!isNoIpv6(err)) throw err;
      this.server = await this.bind('0.0.0.0', false);
    }
  }

  /** Takes over a listening server handed over by the previous session engine (a reload). */
  adopt(server: Server): void {
    // Accepted sockets start paused, as with our own servers (createServer's pauseOnConnect).
    (server as Server & { pauseOnConnect: boolean }).pauseOnConnect = true;
    server.on('connection', (socket: Socket) => this.accepted(socket));
    server.on('error', (err) => this.opts.log.error(`bgp: listener: ${err.message}`));
    this.server = server;
  }

  /** Lets the server go to another process (a reload); this listener stops listening without closing it. */
  handOff(): Server | null {
    const s = this.server;
    this.server = null;
    s?.removeAllListeners('connection');
    return s;
  }

  /** The bound port (useful with port 0), null when not listening. */
  get port(): number | null {
    const a = this.server?.address();
    return a !== null && a !== undefined && typeof a === 'object' ? a.port : null;
  }

  /** Stops listening; established connections are not affected. */
  async close(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s === null) return;
    await new Promise<void>((done) => s.close(() => done()));
  }

  private accepted(socket: Socket): void {
    // No socket may ever emit 'error' without a listener (that would crash the daemon).
    socket.on('error', (err) => this.opts.log.debug(`bgp: connection from ${socket.remoteAddress}: ${err.message}`));
    this.opts.onConnection(socket);
  }

  private bind(host: string, ipv6Only: boolean): Promise<Server> {
    return new Promise((resolve, reject) => {
      const server = createServer({ pauseOnConnect: true }, (socket) => this.accepted(socket));
      server.once('error', reject);
      server.listen({ host, port: this.opts.port, ipv6Only }, () => {
        server.off('error', reject);
        server.on('error', (err) => this.opts.log.error(`bgp: listener on ${host}:${this.opts.port}: ${err.message}`));
        resolve(server);
      });
    });
  }
}

function isNoIpv6(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'EAFNOSUPPORT' || code === 'EADDRNOTAVAIL';
}
