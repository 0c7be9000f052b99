// The daemon side of the control socket: one listener, and per connection a ControlConnection that
// reads requests one at a time and writes their replies. Owns the socket file through a flock on
// <socket>.lock (see FileLock): a live daemon's socket is never taken, a dead one's never blocks.
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import { chmod, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { ConflictError, EvpnError } from '../errors.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { makeDir } from '../make-dir.js';
import { FileLock, lockHolderText } from '../file-lock.js';
import { ControlConnection, DEFAULT_LIMITS, type ConnectionLimits, type RequestHandler } from './connection.js';

export type { RequestHandler } from './connection.js';

export interface ControlServerOptions {
  path: string;
  handler: RequestHandler;
  /** Called with every request outcome, for logs and metrics. */
  onRequest?: (type: string, code: string) => void;
  /** Where dropped and timed-out clients are reported. */
  log?: Logger;
  limits?: Partial<ConnectionLimits>;
  /** File mode of the socket; default 0660 (a read-only socket, which refuses changes, may be 0666). */
  mode?: number;
}

/** The socket's directory: others may traverse it to reach the 0660 socket, but never write to it. */
const SOCKET_DIR_MODE = 0o755;
const SOCKET_MODE = 0o660;

/** The listening control socket. */
export class ControlServer {
  private server: Server | undefined;
  private lock: FileLock | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly limits: ConnectionLimits;

  constructor(private readonly opts: ControlServerOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
  }

  /** Binds the socket (mode 0660). Throws ConflictError when another daemon holds it. */
  async listen(): Promise<void> {
    const path = this.opts.path;
    try {
      makeDir(dirname(path), SOCKET_DIR_MODE);
    } catch (err) {
      throw new EvpnError('error', `cannot create the socket's directory ${dirname(path)}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}; give a --socket in a writable directory`, { cause: err });
    }
    const lockPath = `${path}.lock`;
    const lock = FileLock.tryAcquire(lockPath);
    if (lock === null) {
      throw new ConflictError(`another evpnctl daemon is listening on ${path}${lockHolderText(lockPath)}: it holds ${lockPath}; stop it or use --socket`);
    }
    try {
      lock.write(`${process.pid}\n`);
      if (await socketExists(path)) {
        // With the lock ours, no evpnctl daemon serves this file; something else answering on it is still not ours to take.
        if (await isAlive(path)) throw new ConflictError(`another process is listening on ${path} without holding ${lockPath}; stop it or use --socket`);
        await rm(path, { force: true }); // stale: left behind by a daemon that was killed
      }
      const server = createServer({ allowHalfOpen: true }, (sock) => this.accept(sock)); // reply after the client half-closes
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        // bind(2) happens inside listen(), synchronously: under this umask the socket is never, even briefly,
        // connectable by others (the caller's umask may be 000). chmod then sets 0660 whatever the umask was.
        const umask = process.umask(0o177);
        try {
          server.listen(path, () => {
            server.off('error', reject);
            resolve();
          });
        } finally {
          process.umask(umask);
        }
      });
      await chmod(path, this.opts.mode ?? SOCKET_MODE);
      this.server = server;
      this.lock = lock;
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  /** Stops accepting, ends open connections and removes the socket file we bound. */
  async close(): Promise<void> {
    const server = this.server;
    if (!server) return; // never bound: the socket file, if any, belongs to someone else
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await rm(this.opts.path, { force: true });
    this.lock?.release();
    this.lock = undefined;
  }

  private accept(sock: Socket): void {
    this.sockets.add(sock);
    sock.on('close', () => this.sockets.delete(sock));
    new ControlConnection(sock, {
      handler: this.opts.handler,
      onRequest: this.opts.onRequest ?? (() => undefined),
      log: this.opts.log ?? silentLogger,
      limits: this.limits,
    });
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

/** True when something accepts connections on the socket, false when nobody does (stale). */
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
