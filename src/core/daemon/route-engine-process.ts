// The route engine process (`evpnctl daemon` forks it): today's daemon with its sessions in the session
// engine. It attaches over the channel, adopts what the session engine kept, and asks the supervisor
// for reloads over IPC. It exits at once when the supervisor goes (like today's daemon on kill -9), and
// on the supervisor's `detach` stops without touching the sessions.
import { join, resolve } from 'node:path';
import { createLogger, logStyleFor } from '../log.js';
import { runDaemon, type RunOptions } from './main.js';
import type { ReloadView } from '../model/views.js';
import { tellParent, toParent } from '../parent-channel.js';
import { CHANNEL_SOCKET } from '../session-engine/protocol.js';
import { RemoteSessions } from '../route-engine/remote-sessions.js';
import { connectSessionEngine } from '../route-engine/se-client.js';

interface Io {
  stderr: (s: string) => void;
  env: NodeJS.ProcessEnv;
}

/** Runs the route engine until stopped or detached. */
export async function runRouteEngine(opts: RunOptions, io: Io): Promise<void> {
  const log = createLogger(opts.logLevel, (line) => io.stderr(`${line}\n`), logStyleFor(opts.logFormat ?? 'text', io.env));
  // The supervisor is gone (killed, most likely): go as it went, at once, as today's daemon on kill -9.
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
  const se = await connectSessionEngine(join(resolve(opts.stateDir), CHANNEL_SOCKET), log);
  let remote: RemoteSessions | null = null;
  const detached = new Promise<void>((done) => {
    process.on('message', (m: unknown) => {
      if ((m as { type?: unknown }).type !== 'detach') return;
      log.info('route engine: leaving the sessions to the next route engine');
      void (remote?.detach() ?? Promise.resolve()).then(done);
    });
  });
  try {
    await runDaemon(opts, io, {
      sessions: (deps) => (remote = new RemoteSessions(deps, se)),
      processes: { supervisor: process.ppid, sessionEngine: se.hello.pid, routeEngine: process.pid },
      reload: askSupervisor,
      detached,
      ready: () => tellParent({ type: 'ready' }, log),
    });
  } finally {
    // Stopped, detached or failed to start: nothing may keep this process alive (its exit code tells the supervisor).
    se.channel.destroy();
    process.removeAllListeners('disconnect');
    process.disconnect?.();
  }
}

let nextReload = 1;

/** `daemon reload` goes to the supervisor, which alone can start processes and pass sockets. */
function askSupervisor(): Promise<ReloadView> {
  const id = nextReload++;
  return new Promise((done, fail) => {
    const onMessage = (m: unknown) => {
      const r = m as { type?: unknown; id?: unknown; notes?: string[]; error?: string };
      if (r.type !== 'reload-result' || r.id !== id) return;
      process.off('message', onMessage);
      if (r.error !== undefined) fail(new Error(`reload failed: ${r.error}`));
      else done({ notes: r.notes ?? [] });
    };
    process.on('message', onMessage);
    toParent({ type: 'reload', id }).catch((err: unknown) => {
      process.off('message', onMessage);
      fail(new Error(`reload failed: the supervisor did not take the request: ${(err as Error).message}`));
    });
  });
}
