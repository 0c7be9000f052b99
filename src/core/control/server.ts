// The daemon side of the control socket: one listener, one LineSplitter per connection, and replies
// written by the dispatcher. Owns the socket file: refuses to start while a live daemon holds it and
// removes a stale one left by a crash.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { chmod, mkdir, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConflictError, EvpnError, toEvpnError } from '../errors.js';
import { LineSplitter } from './framing.js';
import { MAX_REQUEST_BYTES, PROTOCOL_VERSION, decodeEnvelope, type Reply, type Request } from './protocol.js';

/** Handles one decoded request: either a single result or an async iterable of items (a listing). */
export type RequestHandler = (req: Request) => Promise<{ result: unknown } | { items: AsyncIterable<unknown> | Iterable<unknown> }>;

export interface ControlServerOptions {
  path: string;
  handler: RequestHandler;
  /** Called with every request outcome, for logs and metrics. */
  onRequest?: (type: string, code: string) => void;
  maxRequestBytes?: number;
}

/** The listening control socket. */
export class ControlServer {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();

  constructor(private readonly opts: ControlServerOptions) {}

  /** Binds the socket (mode 0660). Throws ConflictError when another daemon answers on it. */
  async listen(): Promise<void> {
    const path = this.opts.path;
    await mkdir(dirname(path), { recursive: true });
    if (await socketExists(path)) {
      if (await isAlive(path)) throw new ConflictError(`another evpnctl daemon is listening on ${path}; stop it or use --socket`);
      await rm(path, { force: true }); // stale: left behind by a daemon that was killed
    }
    const server = createServer({ allowHalfOpen: true }, (sock) => this.accept(sock)); // reply after the client half-closes
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(path, () => {
        server.off('error', reject);
        resolve();
      });
    });
    await chmod(path, 0o660);
    this.server = server;
  }

  /** Stops accepting, ends open connections and removes the socket file we bound. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return; // never bound: the socket file, if any, belongs to someone else
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(this.opts.path, { force: true });
  }

  private accept(sock: Socket): void {
    this.sockets.add(sock);
    sock.on('close', () => this.sockets.delete(sock));
    sock.on('error', () => sock.destroy()); // a client going away mid-reply is not the daemon's problem
    // Requests on one connection are answered in order.
    let chain = Promise.resolve();
    const splitter = new LineSplitter(
      this.opts.maxRequestBytes ?? MAX_REQUEST_BYTES,
      (line) => {
        chain = chain.then(() => this.serve(sock, line));
      },
      (err) => {
        chain = chain.then(() => {
          this.reply(sock, { v: PROTOCOL_VERSION, id: 0, kind: 'error', code: err.code, message: err.message });
          this.opts.onRequest?.('oversize', err.code);
          sock.end();
        });
      },
    );
    sock.on('data', (chunk: Buffer) => splitter.push(chunk));
    sock.on('end', () => {
      if (splitter.pending) {
        chain = chain.then(() => {
          this.reply(sock, { v: PROTOCOL_VERSION, id: 0, kind: 'error', code: 'protocol', message: 'truncated request: expected a newline-terminated JSON line' });
          this.opts.onRequest?.('truncated', 'protocol');
        });
      }
      void chain.then(() => sock.end());
    });
  }

  private async serve(sock: Socket, line: string): Promise<void> {
    let id = 0;
    let type = 'invalid';
    try {
      const env = decodeEnvelope(line);
      id = env.id;
      type = env.request.type;
      const out = await this.opts.handler(env.request);
      if ('result' in out) {
        this.reply(sock, { v: PROTOCOL_VERSION, id, kind: 'result', code: 'ok', data: out.result ?? null });
      } else {
        let count = 0;
        for await (const item of out.items) {
          this.reply(sock, { v: PROTOCOL_VERSION, id, kind: 'item', data: item });
          count++;
        }
        this.reply(sock, { v: PROTOCOL_VERSION, id, kind: 'end', code: 'ok', count });
      }
      this.opts.onRequest?.(type, 'ok');
    } catch (err) {
      const e = toEvpnError(err);
      const message = e.code === 'error' && !(err instanceof EvpnError) ? `internal error: ${e.message}` : e.message;
      this.reply(sock, { v: PROTOCOL_VERSION, id, kind: 'error', code: e.code, message });
      this.opts.onRequest?.(type, e.code);
    }
  }

  private reply(sock: Socket, reply: Reply): void {
    if (!sock.destroyed && sock.writable) sock.write(`${JSON.stringify(reply)}\n`);
  }
}

async function socketExists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isSocket();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

/** True when something accepts connections on the socket (a live daemon), false when nobody does (stale). */
function isAlive(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    const c = createConnection(path);
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}
