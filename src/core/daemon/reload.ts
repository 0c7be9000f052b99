// `evpnctl daemon reload` and SIGHUP: the new on-disk binary's engines take over without a session drop.
// The supervisor starts the new session engine, lets the old route engine go (the sessions stay), then
// relays the old session engine's hand-over to the new one: each message with its handle (an Established
// socket, the listening server), since handles only pass between a parent and its child. A relayed socket
// is paused at once, so the supervisor reads nothing of it. Then the new binary's route engine starts and
// adopts the sessions (RemoteSessions; ROUTE-REFRESH relearns the peers' routes).
import type { ChildProcess } from 'node:child_process';
import { Server, Socket } from 'node:net';
import { forkChild, waitExit } from './children.js';
import type { Supervisor } from './supervisor.js';

/** How long the old session engine gets to hand everything over and exit. */
const HANDOVER_TIMEOUT_MS = 20_000;

/** Replaces both engines; resolves with what was done. */
export async function reloadEngines(s: Supervisor): Promise<string[]> {
  const old = s.se;
  if (old === null) throw new Error('expected a running session engine to reload, got none');
  const next = forkChild('session-engine', s.args, { EVPNCTL_SE_TAKEOVER: '1' });
  try {
    await message(next, 'takeover-ready', HANDOVER_TIMEOUT_MS);
  } catch (err) {
    next.kill('SIGKILL');
    throw new Error(`the new session engine did not start: ${(err as Error).message}; the running engines carry on`);
  }
  const oldRe = s.re?.pid;
  await s.detachRe();
  relay(old, next);
  s.retireSe(old);
  const ready = message(next, 'ready', HANDOVER_TIMEOUT_MS);
  old.send({ type: 'handover' });
  try {
    await ready;
  } catch (err) {
    // The sessions went with the failed hand-over: start over as after a session engine crash.
    next.kill('SIGKILL');
    s.restartAfterLoss();
    throw new Error(`the hand-over to the new session engine failed: ${(err as Error).message}; starting both engines again`);
  }
  s.adoptSe(next);
  await waitExit(old, HANDOVER_TIMEOUT_MS);
  const code = await s.startRe();
  if (code !== null) s.restartReLater();
  return [`session engine ${old.pid} -> ${next.pid}, route engine ${oldRe ?? 'none'} -> ${s.re?.pid ?? 'restarting'}; every established session kept`];
}

/** Passes the old engine's hand-over messages, with their handles, to the new engine, in order. */
function relay(from: ChildProcess, to: ChildProcess): void {
  const onMessage = (m: unknown, handle: unknown) => {
    const type = (m as { type?: unknown }).type;
    if (typeof type !== 'string' || !type.startsWith('handover-')) return;
    if (handle instanceof Socket) handle.pause(); // the supervisor must read nothing of it
    const sent = () => {
      if (handle instanceof Server) handle.close(); // the new engine listens on it now; this copy goes
      if (handle instanceof Socket) handle.destroy(); // our copy of the descriptor only (no FIN: the new engine holds it)
    };
    to.send(m as object, handle as Socket | Server | undefined, {}, sent);
    if (type === 'handover-done') from.off('message', onMessage);
  };
  from.on('message', onMessage);
}

/** Resolves when `child` sends a message of `type`; rejects if it exits or the time is up. */
function message(child: ChildProcess, type: string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`expected "${type}" from pid ${child.pid} within ${timeoutMs / 1000} s, got none`)), timeoutMs);
    const onMessage = (m: unknown) => {
      if ((m as { type?: unknown }).type === type) finish(null);
    };
    const onExit = (code: number | null, signal: string | null) => finish(new Error(`expected "${type}" from pid ${child.pid}, got its exit (${signal ?? code})`));
    const finish = (err: Error | null) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      if (err === null) resolve();
      else reject(err);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
