// Health transitions in the log: each subsystem's move into `degraded` is logged once (with its one-line
// reason), and so is its recovery (with how long it lasted), however often `status` is asked and however
// long the problem stands. Polled from the subsystems' status, so every cause (a missing switch, a failed
// batch, a neighbor down, a listener that cannot bind) is covered without each one logging on its own.
import type { Clock, TimerHandle } from '../clock.js';
import type { Logger } from '../log.js';
import type { SubsystemStatus } from '../model/views.js';

/** How often the subsystems' health is read. */
export const HEALTH_POLL_MS = 1000;

interface Tracked {
  degradedAt: number | null;
}

/** Logs degraded/recovered transitions of named subsystems. */
export class HealthLog {
  private readonly tracked = new Map<string, Tracked>();
  private timer: TimerHandle | null = null;

  constructor(private readonly clock: Clock, private readonly log: Logger, private readonly read: () => Record<string, SubsystemStatus>) {}

  /** Starts polling; stop() ends it. */
  start(): void {
    const tick = (): void => {
      this.check();
      this.timer = this.clock.setTimer(HEALTH_POLL_MS, tick);
    };
    this.timer = this.clock.setTimer(HEALTH_POLL_MS, tick);
  }

  stop(): void {
    if (this.timer !== null) this.clock.clearTimer(this.timer);
    this.timer = null;
  }

  /** Reads every subsystem once and logs what changed. */
  check(): void {
    const now = this.clock.now();
    for (const [name, s] of Object.entries(this.read())) {
      const t = this.tracked.get(name) ?? { degradedAt: null };
      this.tracked.set(name, t);
      if (s.state === 'degraded' && t.degradedAt === null) {
        t.degradedAt = now;
        this.log.warn(`${name}: degraded: ${s.lastError ?? 'no reason given'}`);
      } else if (s.state !== 'degraded' && t.degradedAt !== null) {
        this.log.info(`${name}: recovered after ${Math.round((now - t.degradedAt) / 1000)} s (now ${s.state})`);
        t.degradedAt = null;
      }
    }
  }
}
