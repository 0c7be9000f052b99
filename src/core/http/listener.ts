// One node:http listener with the guarantees both HTTP servers need: a handler's failure becomes a JSON
// 500 (never a stack trace, never a crash), malformed HTTP gets a JSON 400, and close() ends every
// open connection so the daemon stops promptly.
import { STATUS_CODES, createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { ConflictError, EvpnError } from '../errors.js';
import type { Logger } from '../log.js';
import { MAX_BODY_BYTES, tooLarge } from './body.js';
import { HttpError } from './http-error.js';
import { sendError } from './json-response.js';

/** Where a server listens. */
export interface ListenAddress {
  host: string;
  port: number;
}

/** Replies one connection may leave unread in node:http (beyond what the kernel buffers) before it is dropped. */
export const MAX_UNSENT_REPLIES = 64;

/** A connection with no traffic either way for this long is closed (see HttpListener.idle). */
export const HTTP_IDLE_MS = 10_000;

/** Serves one request; may throw, see HttpListener. */
export type HttpHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** `http://host:port` with IPv6 hosts in brackets, for logs. */
export function urlOf(a: ListenAddress): string {
  return `http://${a.host.includes(':') ? `[${a.host}]` : a.host}:${a.port}`;
}

/** A started HTTP server. */
export class HttpListener {
  private server: Server | undefined;

  /** `maxBodyBytes` lets a client that sends `Expect: 100-continue` learn of a 413 before it sends the body. */
  /** Per connection: handlers still running (waiting for the daemon), and replies not yet handed to the OS. */
  private readonly running = new WeakMap<Socket, number>();
  private readonly unsent = new WeakMap<Socket, number>();

  constructor(
    private readonly name: string, private readonly handler: HttpHandler, private readonly log: Logger,
    private readonly maxBodyBytes = MAX_BODY_BYTES, private readonly idleMs = HTTP_IDLE_MS,
  ) {}

  /** Binds `addr`; resolves with the bound address (the real port when 0 was asked). */
  async listen(addr: ListenAddress): Promise<ListenAddress> {
    const server = createServer((req, res) => void this.serve(req, res));
    server.requestTimeout = 30_000; // a client trickling a body must not hold a connection forever
    server.headersTimeout = 10_000;
    // node:http stops reading pipelined requests while a reply is unread (its own backpressure); a client
    // that never reads would then hold its socket and buffers forever. No traffic either way for this long
    // drops it, unless a request of its own is still being served.
    server.setTimeout(this.idleMs, (socket: Socket) => this.idle(socket));
    server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => this.checkContinue(req, res));
    server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => this.clientError(err, socket));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host: addr.host, port: addr.port, exclusive: true }, () => {
        server.off('error', reject);
        resolve();
      });
    }).catch((err: NodeJS.ErrnoException) => {
      const msg = `${this.name}: cannot listen on ${urlOf(addr)}: ${err.code ?? err.message}`;
      throw err.code === 'EADDRINUSE' ? new ConflictError(`${msg} (another process uses that port)`) : new EvpnError('error', msg, { cause: err });
    });
    server.on('error', (err) => this.log.error(`${this.name}: ${err.message}`));
    this.server = server;
    const bound = server.address() as AddressInfo;
    return { host: addr.host, port: bound.port };
  }

  /** Stops listening and ends open connections. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  /** RFC 9110 §10.1.1: refuse an oversize body before the client sends it; otherwise invite it and serve. */
  private checkContinue(req: IncomingMessage, res: ServerResponse): void {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.maxBodyBytes) {
      void this.serve(req, res, tooLarge(this.maxBodyBytes, `${declared} (Content-Length)`));
      return;
    }
    res.writeContinue();
    void this.serve(req, res);
  }

  private async serve(req: IncomingMessage, res: ServerResponse, refused?: HttpError): Promise<void> {
    const socket = req.socket;
    const add = (m: WeakMap<Socket, number>, n: number) => m.set(socket, (m.get(socket) ?? 0) + n);
    add(this.running, 1);
    add(this.unsent, 1);
    res.once('close', () => add(this.unsent, -1)); // 'close' also when finished: pipelined replies wait in node:http until then
    const unsent = this.unsent.get(socket) ?? 0;
    if (unsent > MAX_UNSENT_REPLIES) {
      // The kernel's buffers are full and node:http keeps each further reply in memory: past this, drop.
      this.log.warn(`${this.name}: dropped a client that left ${unsent} replies unread (${socket.writableLength} bytes buffered): it pipelines requests but stopped reading`);
      socket.destroy();
      add(this.running, -1);
      return;
    }
    try {
      if (refused) throw refused;
      await this.handler(req, res);
    } catch (err) {
      if (err instanceof HttpError) {
        sendError(res, err.status, err.message, err.headers);
        if (err.headers.Connection === 'close') res.once('finish', () => req.socket.destroy());
        return;
      }
      this.log.error(`${this.name}: ${req.method ?? '?'} ${req.url ?? '?'} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      sendError(res, 500, `internal error: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      add(this.running, -1);
    }
  }

  /** A connection without traffic for idleMs: dropped, with a log line when replies were left unread. */
  private idle(socket: Socket): void {
    if ((this.running.get(socket) ?? 0) > 0) {
      socket.setTimeout(this.idleMs); // waiting for the daemon, not for the client
      return;
    }
    const unread = socket.writableLength;
    const replies = this.unsent.get(socket) ?? 0;
    const secs = this.idleMs / 1000;
    if (unread > 0 || replies > 0) this.log.warn(`${this.name}: dropped a client that left ${replies} replies (${unread} bytes buffered) unread for ${secs} s (it stopped reading)`);
    else this.log.debug(`${this.name}: closed a connection idle for ${secs} s`);
    socket.destroy();
  }

  /** Malformed HTTP (bad request line, huge headers): answer in JSON when the socket still takes it. */
  private clientError(err: NodeJS.ErrnoException, socket: Socket): void {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
    const body = JSON.stringify({ error: `malformed HTTP request: ${err.code ?? err.message}`, status });
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
}
