// Exclusion by a kernel lock that dies with its holder: flock(2) on a file we keep open. Node has no flock,
// so util-linux's flock(1) takes it for us on a descriptor it inherits (`flock -n 3`): a flock belongs to
// the open file description, which the child shares with us, so the lock stays ours after flock(1) exits
// and goes when our descriptor closes, whichever way the daemon ends (kill -9 and reboots included). No
// pid is ever trusted: a pidfile naming some unrelated live process (a reused pid) blocks nothing.
import { spawnSync } from 'node:child_process';
import { closeSync, constants, openSync, readFileSync, writeFileSync } from 'node:fs';
import { EvpnError } from './errors.js';

/** flock(1)'s exit code when the lock is held elsewhere (EX_TEMPFAIL, as we ask for it). */
const HELD = 75;

/** A held lock; release() (or the process ending) frees it. */
export class FileLock {
  private fd: number | undefined;

  private constructor(readonly path: string, fd: number) {
    this.fd = fd;
  }

  /**
   * Takes an exclusive lock on `path` (created 0644 if missing) without waiting. Returns null when another
   * open file holds it. Errors opening the file (EROFS, EACCES) are thrown as they come.
   */
  static tryAcquire(path: string): FileLock | null {
    // libuv opens with O_CLOEXEC: the descriptor reaches flock(1) (stdio slot 3) and no other child. Read-only:
    // flock needs no write access, and a descriptor open for writing would keep its file system from being
    // remounted read-only.
    const fd = openSync(path, constants.O_RDONLY | constants.O_CREAT, 0o644);
    const r = spawnSync('flock', ['--exclusive', '--nonblock', '--conflict-exit-code', String(HELD), '3'], {
      stdio: ['ignore', 'ignore', 'pipe', fd], encoding: 'utf8',
    });
    if (r.status === 0) return new FileLock(path, fd);
    closeSync(fd);
    if (r.status === HELD) return null;
    const why = r.error ? `${r.error.message} (flock(1) is in util-linux)` : `exit ${r.status ?? r.signal}: ${r.stderr.trim()}`;
    throw new EvpnError('error', `cannot lock ${path}: expected flock(1) to take the lock or report it held, got ${why}`);
  }

  /** Replaces the file's content with `text` (e.g. our pid, for people; the lock never reads it). */
  write(text: string): void {
    if (this.fd === undefined) return;
    writeFileSync(this.path, text);
  }

  /** Frees the lock by closing our descriptor. The file stays: removing it would race with a new taker. */
  release(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/** What a lock file says about its holder, for an error message; '' when unreadable. */
export function lockHolderText(path: string): string {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
    return Number.isInteger(pid) && pid > 0 ? ` (pid ${pid})` : '';
  } catch (_err) {
    return ''; // only decoration for the message: the lock itself was the answer
  }
}
