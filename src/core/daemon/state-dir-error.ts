// File system failures on the state dir and the state file, as one line that says what happened and what
// to do: a full or read-only disk is an operator's problem to fix, not an "internal error" with a stack.
import { EvpnError, StorageError } from '../errors.js';

/** What each errno means for the state, in words. */
const WHY: Readonly<Record<string, string>> = {
  EROFS: 'the file system is read-only (EROFS)',
  ENOSPC: 'no space left on the device (ENOSPC)',
  EDQUOT: 'the disk quota is exhausted (EDQUOT)',
  EACCES: 'permission denied (EACCES)',
  EPERM: 'operation not permitted (EPERM)',
  ENOTDIR: 'a path component is not a directory (ENOTDIR)',
  EIO: 'an I/O error (EIO)',
};

/** The errno code of a file system error, if it is one we can explain. */
export function fsErrorCode(err: unknown): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code !== undefined && Object.hasOwn(WHY, code) ? code : undefined;
}

/** The state dir cannot be used at start. EvpnErrors and unknown errors pass unchanged. */
export function stateDirError(dir: string, err: unknown): unknown {
  if (err instanceof EvpnError) return err;
  const code = fsErrorCode(err);
  if (code === undefined) return err;
  return new StorageError(`cannot use the state dir ${dir}: ${WHY[code]}; the daemon keeps its state there, so give it a writable --state-dir`, { cause: err });
}

/** Writing the state file failed: nothing changed, and the message says why. Unknown errors pass unchanged. */
export function stateWriteError(path: string, err: unknown): unknown {
  if (err instanceof EvpnError) return err;
  const code = fsErrorCode(err);
  if (code === undefined) return err;
  return new StorageError(`cannot save the state file ${path}: ${WHY[code]}; the change was not applied (the daemon keeps running with the previous state)`, { cause: err });
}
