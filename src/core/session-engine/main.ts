// The session engine process (`evpnctl daemon` forks it): binds the channel socket in the state dir
// (mode 0600) and runs the sessions until told to stop. It exits at once when its supervisor goes
// (`kill -9` of the daemon must look like today's crash), and stops gracefully on SIGTERM.
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { systemClock } from '../clock.js';
import type { Logger } from '../log.js';
import { SessionEngine } from './engine.js';
import { CHANNEL_SOCKET } from './protocol.js';

/** Runs until SIGTERM/SIGINT (graceful) or the supervisor's disconnect (immediate). */
export async function runSessionEngine(stateDir: string, log: Logger): Promise<void> {
  const path = join(stateDir, CHANNEL_SOCKET);
  const engine = new SessionEngine(systemClock, log);
  rmSync(path, { force: true }); // a crashed engine's socket; the state dir lock says no other daemon runs here
  const server = createServer((socket) => engine.attach(socket));
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(path, () => done());
  });
  chmodSync(path, 0o600);
  // The supervisor is gone (killed, most likely): go as it went, at once, as today's daemon on kill -9.
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
  process.send?.({ type: 'ready' });
  log.info(`session engine: pid ${process.pid}, channel ${path}`);
  await stopped(server, engine, log);
}

function stopped(server: Server, engine: SessionEngine, log: Logger): Promise<void> {
  return new Promise((done) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      log.info(`session engine: ${signal} received, stopping`);
      server.close();
      engine.stop().then(done, (err: unknown) => {
        log.error(`session engine: stopping failed: ${(err as Error).message}`);
        done();
      });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
