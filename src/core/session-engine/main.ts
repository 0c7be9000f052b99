// The session engine process (`evpnctl daemon` forks it): binds the channel socket in the state dir
// (mode 0600) and runs the sessions until told to stop. It exits at once when its supervisor goes
// (`kill -9` of the daemon must look like today's crash), and stops gracefully on SIGTERM. In a reload
// the old engine hands everything over and exits; the new one (EVPNCTL_SE_TAKEOVER=1) takes it over
// before it binds the channel.
import { chmodSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { systemClock } from '../clock.js';
import type { Logger } from '../log.js';
import { tellParent, toParent } from '../parent-channel.js';
import { SessionEngine } from './engine.js';
import type { HandoverMessage } from './handover.js';
import { CHANNEL_SOCKET } from './protocol.js';

/** Set by the supervisor on the new session engine of a reload. */
export const TAKEOVER_ENV = 'EVPNCTL_SE_TAKEOVER';

/** Runs until SIGTERM/SIGINT (graceful), a hand-over (reload) or the supervisor's disconnect (immediate). */
export async function runSessionEngine(stateDir: string, log: Logger): Promise<void> {
  const path = join(stateDir, CHANNEL_SOCKET);
  const engine = new SessionEngine(systemClock, log);
  // The supervisor is gone (killed, most likely): go as it went, at once, as today's daemon on kill -9.
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
  if (process.env[TAKEOVER_ENV] === '1') {
    const n = await takenOver(engine, log);
    log.info(`session engine: took over ${n} established session(s) from the previous session engine`);
  }
  rmSync(path, { force: true }); // a crashed or replaced engine's socket; the state dir lock says no other daemon runs here
  const server = createServer((socket) => engine.attach(socket));
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(path, () => done());
  });
  chmodSync(path, 0o600);
  tellParent({ type: 'ready' }, log);
  log.debug(`session engine: pid ${process.pid}, channel ${path}`);
  await stopped(server, engine, log);
}

/** Takes every message of the old engine's hand-over; resolves with the session count at its end. */
function takenOver(engine: SessionEngine, log: Logger): Promise<number> {
  return new Promise((done) => {
    const onMessage = (m: unknown, handle: unknown) => {
      const h = m as HandoverMessage;
      if (typeof h.type !== 'string' || !h.type.startsWith('handover-')) return;
      engine.takeOver(h, handle);
      if (h.type !== 'handover-done') return;
      process.off('message', onMessage);
      void engine.idle().then(() => done(h.sessions));
    };
    process.on('message', onMessage);
    tellParent({ type: 'takeover-ready' }, log);
  });
}

/** Resolves once the hand-over (a reload) or a graceful stop is done. */
function stopped(server: Server, engine: SessionEngine, log: Logger): Promise<void> {
  return new Promise((done) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      // Only the supervisor signals us (systemd's KillMode=mixed): its own line says why; a startup failure stays one line.
      log.debug(`session engine: ${signal} received, stopping`);
      server.close();
      engine.stop().then(done, (err: unknown) => {
        log.error(`session engine: stopping failed: ${(err as Error).message}`);
        done();
      });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    process.on('message', (m: unknown) => {
      if ((m as { type?: unknown }).type !== 'handover' || stopping) return;
      stopping = true;
      server.close();
      engine.handOver(toParent).then((n) => {
        log.info(`session engine: handed ${n} established session(s) over to the next session engine`);
        done();
      }, (err: unknown) => {
        log.error(`session engine: the hand-over failed: ${(err as Error).message}`);
        done();
      });
    });
  });
}
