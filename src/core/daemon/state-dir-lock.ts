// One daemon per state dir: a flock on <dir>/daemon.pid (see FileLock). The file also carries our pid
// for people and for the leftover hunt's messages, but whether a start may proceed is only the kernel's call.
import { join } from 'node:path';
import { ConflictError } from '../errors.js';
import { FileLock, lockHolderText } from '../file-lock.js';

/** Takes the state dir's lock or throws ConflictError naming the holder's pid as its file gives it. */
export function lockStateDir(dir: string): FileLock {
  const path = join(dir, 'daemon.pid');
  const lock = FileLock.tryAcquire(path);
  if (lock === null) {
    throw new ConflictError(`another evpnctl daemon${lockHolderText(path)} holds the lock ${path} on the state dir ${dir}; stop it or use --state-dir`);
  }
  lock.write(`${process.pid}\n`);
  return lock;
}
