// One client on the control socket. Memory per client is bounded whatever the client does:
// - requests are served one at a time, and reading stops while one is served or while replies wait in the
//   socket's buffer beyond `highWaterBytes` (a client that never reads its replies stops being read);
// - a listing waits for the buffer to drain before writing more items;
// - a client that makes no progress for `idleMs` (sends nothing, holds half a request, or leaves replies
//   unread) is closed, with a log line saying which; one merely waiting for a slow request is not.
import type { Socket } from 'node:net';
import { EvpnError, toEvpnError, type ProtocolError } from '../errors.js';
import type { Logger } from '../log.js';
import { LineSplitter } from './framing.js';
import { MAX_REQUEST_BYTES, PROTOCOL_VERSION, decodeEnvelope, type Reply, type Request } from './protocol.js';

/** Handles one decoded request: either a single result or an async iterable of items (a listing). */
export type RequestHandler = (req: Request) => Promise<{ result: unknown } | { items: AsyncIterable<unknown> | Iterable<unknown> }>;

/** The bounds of one connection. */
export interface ConnectionLimits {
  /** Longest request line. */
  maxRequestBytes: number;
  /** Unread reply bytes above which we stop reading and writing until the client catches up. */
  highWaterBytes: number;
  /** Close a client that made no progress (no request, no reply read) for this long. */
  idleMs: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = { maxRequestBytes: MAX_REQUEST_BYTES, highWaterBytes: 256 * 1024, idleMs: 10_000 };

export interface ConnectionDeps {
  handler: RequestHandler;
  onRequest: (type: string, code: string) => void;
  log: Logger;
  limits: ConnectionLimits;
}

/** Serves one accepted socket until either side ends it. */
export class ControlConnection {
  private readonly lines: string[] = [];
  private readonly splitter: LineSplitter;
  private serving = false;
  private ended = false;
  /** The connection's last reply is written: nothing more is read or served. */
  private finished = false;
  /** An oversize line: answered, after the requests before it, and then the connection ends. */
  private oversize: ProtocolError | undefined;

  constructor(private readonly sock: Socket, private readonly deps: ConnectionDeps) {
    this.splitter = new LineSplitter(deps.limits.maxRequestBytes, (line) => this.lines.push(line), (err) => {
      this.oversize = err;
    });
    sock.on('error', () => sock.destroy()); // a client going away mid-reply is not the daemon's problem
    sock.on('data', (chunk: Buffer) => {
      this.splitter.push(chunk);
      void this.pump();
    });
    sock.on('end', () => {
      this.ended = true;
      void this.pump();
    });
    sock.setTimeout(deps.limits.idleMs, () => this.onIdle());
  }

  /** Serves queued lines in order; reads more only when they are done and the client has read the replies. */
  private async pump(): Promise<void> {
    if (this.serving || this.finished) return;
    this.serving = true;
    this.sock.pause();
    try {
      while (!this.sock.destroyed) {
        if (!(await this.drained())) return;
        const line = this.lines.shift();
        if (line === undefined) break;
        await this.serve(line);
      }
      if (this.sock.destroyed) return;
      if (this.oversize) {
        this.reply({ v: PROTOCOL_VERSION, id: 0, kind: 'error', code: this.oversize.code, message: this.oversize.message });
        this.deps.onRequest('oversize', this.oversize.code);
        this.finished = true;
        this.sock.end();
        return;
      }
      if (this.ended) {
        if (this.splitter.pending) {
          this.reply({ v: PROTOCOL_VERSION, id: 0, kind: 'error', code: 'protocol', message: 'truncated request: expected a newline-terminated JSON line' });
          this.deps.onRequest('truncated', 'protocol');
        }
        this.finished = true;
        this.sock.end();
        return;
      }
      this.sock.resume();
    } finally {
      this.serving = false;
    }
  }

  private async serve(line: string): Promise<void> {
    let id = 0;
    let type = 'invalid';
    try {
      const env = decodeEnvelope(line);
      id = env.id;
      type = env.request.type;
      const out = await this.deps.handler(env.request);
      if ('result' in out) {
        this.reply({ v: PROTOCOL_VERSION, id, kind: 'result', code: 'ok', data: out.result ?? null });
      } else {
        let count = 0;
        for await (const item of out.items) {
          if (!(await this.drained())) return;
          this.reply({ v: PROTOCOL_VERSION, id, kind: 'item', data: item });
          count++;
        }
        this.reply({ v: PROTOCOL_VERSION, id, kind: 'end', code: 'ok', count });
      }
      this.deps.onRequest(type, 'ok');
    } catch (err) {
      const e = toEvpnError(err);
      const message = e.code === 'error' && !(err instanceof EvpnError) ? `internal error: ${e.message}` : e.message;
      this.reply({ v: PROTOCOL_VERSION, id, kind: 'error', code: e.code, message });
      this.deps.onRequest(type, e.code);
    }
  }

  /** Resolves true once unread replies are under the high-water mark, false if the socket closed first. */
  private drained(): Promise<boolean> {
    const sock = this.sock;
    if (sock.destroyed) return Promise.resolve(false);
    if (sock.writableLength <= this.deps.limits.highWaterBytes) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (ok: boolean) => () => {
        sock.off('drain', onDrain);
        sock.off('close', onClose);
        resolve(ok);
      };
      const onDrain = done(true);
      const onClose = done(false);
      sock.once('drain', onDrain);
      sock.once('close', onClose);
    });
  }

  private reply(reply: Reply): void {
    if (!this.sock.destroyed && this.sock.writable) this.sock.write(`${JSON.stringify(reply)}\n`);
  }

  /** No traffic either way for idleMs: close the client unless it is only waiting for us. */
  private onIdle(): void {
    const sock = this.sock;
    const unread = sock.writableLength;
    const secs = this.deps.limits.idleMs / 1000;
    if (this.serving && unread === 0) {
      sock.setTimeout(this.deps.limits.idleMs); // a slow request (e.g. waiting for OVN): the client is not at fault
      return;
    }
    if (unread > 0) {
      this.deps.log.warn(`control: dropped a client that left ${unread} bytes of replies unread for ${secs} s (it stopped reading)`);
    } else if (this.splitter.pending) {
      this.deps.log.info(`control: closed a client that held half a request for ${secs} s`);
    } else {
      this.deps.log.debug(`control: closed a client idle for ${secs} s`);
    }
    sock.destroy();
  }
}
