// One daemon per state dir: a pidfile taken with O_EXCL. A lock whose pid is gone was left by a
// killed daemon and is taken over; a live one is refused.
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { ConflictError } from '../errors.js';

/** Holds <dir>/daemon.pid until release(). */
export class PidLock {
  private constructor(readonly path: string) {}

  /** Takes the lock or throws ConflictError naming the live holder. */
  static acquire(dir: string): PidLock {
    const path = join(dir, 'daemon.pid');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o644);
        writeSync(fd, `${process.pid}\n`);
        closeSync(fd);
        return new PidLock(path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      }
      const holder = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isRunning(holder)) {
        throw new ConflictError(`another evpnctl daemon (pid ${holder}) uses the state dir ${dir}; stop it or use --state-dir`);
      }
      rmSync(path, { force: true }); // stale: its daemon is gone
    }
    throw new ConflictError(`could not take the lock ${path}: another daemon is starting at the same time`);
  }

  /** Removes the pidfile if it is still ours. */
  release(): void {
    try {
      if (Number.parseInt(readFileSync(this.path, 'utf8'), 10) === process.pid) rmSync(this.path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
