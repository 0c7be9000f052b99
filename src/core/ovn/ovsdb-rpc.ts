// One OVSDB JSON-RPC 1.0 connection (RFC 7047 §4): requests matched to replies by id, notifications
// (update, locked, stolen) handed to the owner, the server's "echo" answered at once, and an inactivity
// probe of our own (as OVS's reconnect FSM: silence for probeMs → echo; silence for another probeMs → close).
// The lock must live on a connection that the daemon keeps (RFC 7047 §4.1.8: a lock belongs to the session),
// which no ctl tool can keep for us, hence this small client. It speaks unix:, tcp: and ssl: remotes.
import { readFileSync } from 'node:fs';
import { createConnection, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Clock, TimerHandle } from '../clock.js';
import { EvpnError } from '../errors.js';
import type { SslFiles } from './exec.js';
import { JsonSplitter } from './json-stream.js';

/** A failure on an OVSDB JSON-RPC connection: connect, close, timeout, error reply, or bad framing. */
export class OvsdbRpcError extends EvpnError {
  readonly remote: string;
  /** The "error" member of an error reply (RFC 7047 §4.1), or the op error of a failed transaction. */
  readonly rpcError: string | null;
  readonly details: string | null;
  constructor(remote: string, message: string, o: { rpcError?: string | null; details?: string | null; unreachable?: boolean; cause?: unknown } = {}) {
    super(o.unreachable === true ? 'unreachable' : 'error', `ovsdb ${remote}: ${message}`, { cause: o.cause });
    this.remote = remote;
    this.rpcError = o.rpcError ?? null;
    this.details = o.details ?? null;
  }
}

/** A parsed remote (ovsdb-server(1) "Database Connection Methods", active forms only). */
export type OvsdbRemote =
  | { kind: 'unix'; path: string }
  | { kind: 'tcp' | 'ssl'; host: string; port: number };

/** Parses one `unix:PATH`, `tcp:IP:PORT` or `ssl:IP:PORT` (IPv6 in brackets). */
export function parseRemote(text: string): OvsdbRemote {
  if (text.startsWith('unix:') && text.length > 5) return { kind: 'unix', path: text.slice(5) };
  const m = /^(tcp|ssl):(?:\[([0-9a-fA-F:.]+)\]|([0-9.]+)):(\d{1,5})$/.exec(text);
  const port = Number(m?.[4]);
  if (!m || port < 1 || port > 65535) throw new OvsdbRpcError(text, 'expected unix:PATH, tcp:IP:PORT or ssl:IP:PORT');
  return { kind: m[1] as 'tcp' | 'ssl', host: m[2] ?? m[3] ?? '', port };
}

/** Splits a comma-separated list of remotes (a clustered database), checking each. */
export function splitRemotes(list: string): string[] {
  const parts = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) throw new OvsdbRpcError(list, 'expected at least one remote');
  for (const p of parts) parseRemote(p);
  return parts;
}

/** How to open a connection. */
export interface OvsdbRpcOptions {
  remote: string;
  ssl?: SslFiles;
  clock: Clock;
  /** Inactivity probe in ms (0: none). Default 5000, ovsdb-server's own default for its remotes. */
  probeMs?: number;
  /** Give up connecting after this many ms. Default 5000. */
  connectTimeoutMs?: number;
  /** A notification (a request with id null): "update", "locked", "stolen", ... */
  onNotification(method: string, params: unknown): void;
  /** The connection ended; error is null after our own close(). Called once. */
  onClose(error: OvsdbRpcError | null): void;
}

interface Pending {
  method: string;
  resolve(result: unknown): void;
  reject(err: OvsdbRpcError): void;
  timer: TimerHandle | null;
}

/** An open connection. */
export class OvsdbRpcConnection {
  readonly remote: string;
  private readonly socket: Socket;
  private readonly opts: OvsdbRpcOptions;
  private readonly splitter = new JsonSplitter();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private lastRx: number;
  private probeOutstanding = false;
  private probeTimer: TimerHandle | null = null;
  private closedWith: OvsdbRpcError | null | undefined = undefined;

  private constructor(socket: Socket, opts: OvsdbRpcOptions) {
    this.socket = socket;
    this.opts = opts;
    this.remote = opts.remote;
    this.lastRx = opts.clock.now();
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', (err) => this.finish(new OvsdbRpcError(this.remote, `connection error: ${err.message}`, { unreachable: true, cause: err })));
    socket.on('close', () => this.finish(new OvsdbRpcError(this.remote, 'connection closed by the server', { unreachable: true })));
    this.armProbe();
  }

  /** Connects; rejects with an OvsdbRpcError (code unreachable) when the remote cannot be reached in time. */
  static open(opts: OvsdbRpcOptions): Promise<OvsdbRpcConnection> {
    const r = parseRemote(opts.remote);
    return new Promise((resolve, reject) => {
      let socket: Socket;
      const ready = r.kind === 'ssl' ? 'secureConnect' : 'connect';
      if (r.kind === 'unix') socket = createConnection({ path: r.path });
      else if (r.kind === 'tcp') socket = createConnection({ host: r.host, port: r.port });
      else {
        if (opts.ssl === undefined) {
          reject(new OvsdbRpcError(opts.remote, 'an ssl: remote needs the private key, certificate and CA files'));
          return;
        }
        socket = tlsConnect({
          host: r.host, port: r.port, key: readFileSync(opts.ssl.privateKey), cert: readFileSync(opts.ssl.certificate),
          ca: readFileSync(opts.ssl.caCert), checkServerIdentity: () => undefined,
        });
      }
      const timer = opts.clock.setTimer(opts.connectTimeoutMs ?? 5000, () => {
        socket.destroy();
        reject(new OvsdbRpcError(opts.remote, `no connection within ${opts.connectTimeoutMs ?? 5000} ms`, { unreachable: true }));
      });
      const fail = (err: Error): void => {
        opts.clock.clearTimer(timer);
        reject(new OvsdbRpcError(opts.remote, `cannot connect: ${err.message}`, { unreachable: true, cause: err }));
      };
      socket.once('error', fail);
      socket.once(ready, () => {
        opts.clock.clearTimer(timer);
        socket.off('error', fail);
        resolve(new OvsdbRpcConnection(socket, opts));
      });
    });
  }

  /** True once closed, by either side. */
  get closed(): boolean {
    return this.closedWith !== undefined;
  }

  /** Sends a request; resolves with its "result", rejects on an error reply, a timeout, or the connection's end. */
  request(method: string, params: readonly unknown[], timeoutMs?: number): Promise<unknown> {
    if (this.closed) return Promise.reject(new OvsdbRpcError(this.remote, `cannot send "${method}": the connection is closed`, { unreachable: true }));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = timeoutMs === undefined ? null : this.opts.clock.setTimer(timeoutMs, () => {
        this.pending.delete(id);
        reject(new OvsdbRpcError(this.remote, `no reply to "${method}" within ${timeoutMs} ms`, { unreachable: true }));
      });
      this.pending.set(id, { method, resolve, reject, timer });
      this.send({ method, params, id });
    });
  }

  /** Closes the connection; pending requests are rejected. */
  close(): void {
    this.finish(null);
  }

  private send(msg: unknown): void {
    this.socket.write(JSON.stringify(msg));
  }

  private onData(chunk: string): void {
    this.lastRx = this.opts.clock.now();
    this.probeOutstanding = false;
    let values: unknown[];
    try {
      values = this.splitter.push(chunk);
    } catch (err) {
      this.finish(new OvsdbRpcError(this.remote, `expected JSON-RPC messages, got malformed JSON: ${(err as Error).message}`, { cause: err }));
      return;
    }
    for (const v of values) {
      if (this.closed) return;
      this.onMessage(v);
    }
  }

  private onMessage(v: unknown): void {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      this.finish(new OvsdbRpcError(this.remote, `expected a JSON-RPC object, got ${JSON.stringify(v).slice(0, 100)}`));
      return;
    }
    const msg = v as { method?: unknown; params?: unknown; id?: unknown; result?: unknown; error?: unknown };
    if (typeof msg.method === 'string') {
      // The server's inactivity probe (RFC 7047 §4.1.11): answer with the same params and id.
      if (msg.method === 'echo' && msg.id !== null && msg.id !== undefined) this.send({ result: msg.params ?? [], error: null, id: msg.id });
      else if (msg.id === null || msg.id === undefined) this.opts.onNotification(msg.method, msg.params);
      else this.send({ result: null, error: 'unknown method', id: msg.id });
      return;
    }
    if (typeof msg.id !== 'number') return; // a reply to our echo probe (id "echo") or to nothing we sent
    const p = this.pending.get(msg.id);
    if (p === undefined) return;
    this.pending.delete(msg.id);
    if (p.timer !== null) this.opts.clock.clearTimer(p.timer);
    if (msg.error !== null && msg.error !== undefined) {
      const e = msg.error as { error?: unknown; details?: unknown } | string;
      const code = typeof e === 'string' ? e : String(e.error ?? JSON.stringify(e));
      const details = typeof e === 'object' && typeof e.details === 'string' ? e.details : null;
      p.reject(new OvsdbRpcError(this.remote, `"${p.method}" failed: ${code}${details ? ` (${details})` : ''}`, { rpcError: code, details }));
    } else p.resolve(msg.result);
  }

  private armProbe(): void {
    const probeMs = this.opts.probeMs ?? 5000;
    if (probeMs <= 0 || this.closed) return;
    this.probeTimer = this.opts.clock.setTimer(probeMs, () => {
      this.probeTimer = null;
      if (this.closed) return;
      const idle = this.opts.clock.now() - this.lastRx;
      if (idle >= probeMs) {
        if (this.probeOutstanding) {
          this.finish(new OvsdbRpcError(this.remote, `no message for ${Math.round(idle)} ms, echo unanswered (inactivity probe ${probeMs} ms)`, { unreachable: true }));
          return;
        }
        this.probeOutstanding = true;
        this.send({ method: 'echo', params: ['evpnctl'], id: 'echo' });
      }
      this.armProbe();
    });
  }

  private finish(error: OvsdbRpcError | null): void {
    if (this.closedWith !== undefined) return;
    this.closedWith = error;
    if (this.probeTimer !== null) this.opts.clock.clearTimer(this.probeTimer);
    this.socket.destroy();
    const why = error ?? new OvsdbRpcError(this.remote, 'connection closed by us', { unreachable: true });
    for (const p of this.pending.values()) {
      if (p.timer !== null) this.opts.clock.clearTimer(p.timer);
      p.reject(why);
    }
    this.pending.clear();
    this.opts.onClose(error);
  }
}

/** One operation's outcome inside a transact reply (RFC 7047 §5.2). */
export type OpResult = Readonly<Record<string, unknown>>;

/**
 * Runs `transact` and checks every op result: RFC 7047 §4.1.3 reports a failed op as {"error", "details"}
 * in place, with the ops after it left out or null, so the whole reply must be read, not only the status.
 */
export async function transact(conn: OvsdbRpcConnection, db: string, ops: readonly unknown[], timeoutMs?: number): Promise<OpResult[]> {
  const result = await conn.request('transact', [db, ...ops], timeoutMs);
  if (!Array.isArray(result)) throw new OvsdbRpcError(conn.remote, `transact: expected an array of op results, got ${JSON.stringify(result).slice(0, 100)}`);
  for (const [i, r] of result.entries()) {
    const e = (r as { error?: unknown; details?: unknown } | null)?.error;
    if (typeof e === 'string') {
      const details = (r as { details?: unknown }).details;
      const d = typeof details === 'string' ? details : null;
      const what = i < ops.length ? `op ${i} (${String((ops[i] as { op?: unknown }).op)})` : 'the commit';
      throw new OvsdbRpcError(conn.remote, `transact: ${what} failed: ${e}${d ? ` (${d})` : ''}`, { rpcError: e, details: d });
    }
  }
  return result as OpResult[];
}
