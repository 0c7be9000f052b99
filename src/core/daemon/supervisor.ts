// `evpnctl daemon`: composition only. It holds the state dir lock and runs two children of the same
// CLI: the session engine (sessions, ../session-engine) and the route engine (everything else, the daemon
// of --single-process with its sessions in the session engine). A route engine that dies is started
// again (back-off; the sessions stay up and are adopted). A session engine that dies takes the sessions
// with it: both are started again. SIGTERM/SIGINT stop both gracefully; SIGHUP or `evpnctl daemon reload`
// hands the sessions to the new on-disk binary (reload.ts). Children exit when the supervisor goes.
import type { ChildProcess } from 'node:child_process';
import type { Logger } from '../log.js';
import type { FileLock } from '../file-lock.js';
import { forkChild, waitExit, type ChildRole } from './children.js';

/** Back-off between route engine restarts: doubles up to the maximum, back to the minimum after a long run. */
const RESTART_MIN_MS = 200;
const RESTART_MAX_MS = 5000;
const STABLE_RUN_MS = 30_000;
/** How long a child gets to stop gracefully before SIGKILL. */
const STOP_GRACE_MS = 15_000;

export interface SupervisorOptions {
  readonly log: Logger;
  /** The CLI arguments the children get, before their hidden role flag. */
  readonly args: readonly string[];
  readonly lock: FileLock;
  /** The reload, given the running children (reload.ts). */
  readonly reload: (s: Supervisor) => Promise<string[]>;
}

/** The two children and what to do when either goes. */
export class Supervisor {
  se: ChildProcess | null = null;
  re: ChildProcess | null = null;
  private stopping = false;
  /** A SIGTERM/SIGINT that came while the engines were starting: acted on once they answered. */
  private stopAsked = false;
  private reloading: Promise<string[]> | null = null;
  private backoff = RESTART_MIN_MS;
  private readonly done: Promise<number>;
  private finish: (code: number) => void = () => undefined;

  constructor(private readonly o: SupervisorOptions) {
    this.done = new Promise((resolve) => { this.finish = resolve; });
  }

  /** Starts both; resolves with the exit code once stopped (a child's own code if it failed to start). */
  async run(): Promise<number> {
    // Handlers first: a signal during start-up must stop the engines gracefully, not end this process by the
    // default action (its children would then see the IPC channel close under them and die without a word).
    let started = false;
    const stop = (signal: NodeJS.Signals) => {
      if (this.stopping || this.stopAsked) return this.o.log.info(`${signal} received again; still stopping`);
      this.o.log.info(`${signal} received, stopping`);
      if (started) void this.stop();
      else this.stopAsked = true;
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
    const failed = await this.startBoth(true);
    started = true;
    if (failed !== null) {
      this.stopping = true; // the session engine's exit is ours, not a crash to recover from
      await this.stopChildren();
      this.o.lock.release();
      return failed;
    }
    if (this.stopAsked) void this.stop();
    process.on('SIGHUP', () => void this.reload().catch((err: unknown) => this.o.log.error(`reload failed: ${(err as Error).message}`)));
    return this.done;
  }

  /** Hands the sessions to the new binary's engines; one at a time. */
  reload(): Promise<string[]> {
    if (this.stopping) return Promise.reject(new Error('the daemon is stopping'));
    this.reloading ??= this.o.reload(this).finally(() => { this.reloading = null; });
    return this.reloading;
  }

  /** Starts a session engine (resolves once it listens on the channel), or null with its exit code. */
  async startSe(): Promise<number | null> {
    const se = forkChild('session-engine', this.o.args, {});
    const r = await ready(se);
    if (r !== null) return r;
    this.watch(se, 'session-engine');
    this.se = se;
    return null;
  }

  /** Starts a route engine attached to the running session engine, or null with its exit code. */
  async startRe(): Promise<number | null> {
    const re = forkChild('route-engine', this.o.args, { EVPNCTL_SESSION_ENGINE_PID: String(this.se?.pid ?? '') });
    re.on('message', (m: unknown) => this.fromRe(re, m));
    const r = await ready(re);
    if (r !== null) return r;
    this.watch(re, 'route-engine');
    this.re = re;
    return null;
  }

  /** Lets the route engine go without touching the sessions (restart, reload). */
  async detachRe(): Promise<void> {
    const re = this.re;
    this.re = null;
    if (re === null) return;
    re.send({ type: 'detach' });
    await waitExit(re, STOP_GRACE_MS);
  }

  /** The CLI arguments of the engines. */
  get args(): readonly string[] {
    return this.o.args;
  }

  /** Reload: `old` is about to hand over and exit; its exit is not a crash. */
  retireSe(old: ChildProcess): void {
    if (this.se === old) this.se = null;
  }

  /** Reload: `next` took the sessions over and is the session engine now. */
  adoptSe(next: ChildProcess): void {
    this.watch(next, 'session-engine');
    this.se = next;
  }

  /** Reload failed half-way: the sessions are gone, start both engines as after a crash. */
  restartAfterLoss(): void {
    void this.startBoth(false);
  }

  /** Starts a route engine later (after a failed start). */
  restartReLater(): void {
    const wait = this.backoff;
    this.backoff = Math.min(RESTART_MAX_MS, this.backoff * 2);
    setTimeout(() => {
      if (this.stopping || this.re !== null || this.reloading !== null || this.se === null) return;
      void this.startRe().then((code) => {
        if (code !== null) this.restartReLater();
      });
    }, wait);
  }

  private async startBoth(first: boolean): Promise<number | null> {
    const se = await this.startSe();
    if (se !== null) return se;
    const re = await this.startRe();
    if (re !== null && !first) this.restartReLater();
    return first ? re : null;
  }

  /**
   * Answers the route engine's `daemon reload` request at once: the reload replaces that route engine,
   * so it cannot wait for the end. The outcome is logged (and visible in status: new pids).
   */
  private fromRe(re: ChildProcess, m: unknown): void {
    const msg = m as { type?: unknown; id?: unknown };
    if (msg.type !== 'reload' || typeof msg.id !== 'number') return;
    if (this.stopping) return void re.send({ type: 'reload-result', id: msg.id, error: 'the daemon is stopping' });
    re.send({ type: 'reload-result', id: msg.id, notes: ['reload started: the new binary\'s session engine takes over the sessions, then its route engine starts (see the daemon log; status shows the new pids)'] });
    this.reload().then(
      (notes) => { for (const n of notes) this.o.log.info(`reload: ${n}`); },
      (err: unknown) => this.o.log.error(`reload failed: ${(err as Error).message}`),
    );
  }

  private watch(child: ChildProcess, role: ChildRole): void {
    const startedAt = Date.now();
    child.once('exit', (code, signal) => {
      const current = role === 'session-engine' ? this.se : this.re;
      if (current !== child || this.stopping) return;
      const how = signal !== null ? `signal ${signal}` : `code ${code}`;
      if (role === 'route-engine') {
        this.re = null;
        if (Date.now() - startedAt > STABLE_RUN_MS) this.backoff = RESTART_MIN_MS;
        this.o.log.error(`the route engine (pid ${child.pid}) exited with ${how}; the sessions stay up, starting a new one in ${this.backoff} ms`);
        this.restartReLater();
        return;
      }
      this.se = null;
      this.o.log.error(`the session engine (pid ${child.pid}) exited with ${how}: its sessions are gone; starting both engines again`);
      void this.detachRe().then(() => this.startBoth(false));
    });
  }

  private async stop(): Promise<void> {
    this.stopping = true;
    await this.reloading?.catch(() => undefined);
    await this.stopChildren();
    this.o.lock.release();
    this.o.log.info('stopped');
    this.finish(0);
  }

  /** The route engine first (it sends what today's stop sends through the session engine), then the session engine. */
  private async stopChildren(): Promise<void> {
    for (const child of [this.re, this.se]) {
      if (child === null || child.exitCode !== null || child.signalCode !== null) continue;
      child.kill('SIGTERM');
      await waitExit(child, STOP_GRACE_MS);
    }
  }
}

/** Resolves null once the child says it is ready, or with its exit code if it exits first. */
function ready(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    const onMessage = (m: unknown) => {
      if ((m as { type?: unknown }).type !== 'ready') return;
      child.off('exit', onExit);
      child.off('message', onMessage);
      resolve(null);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      resolve(code === null || code === 0 ? 1 : code);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}
