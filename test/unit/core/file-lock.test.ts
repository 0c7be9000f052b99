// flock through flock(1) on an inherited descriptor (issue 14, 2): exclusive between open files, free again
// on release, and never decided by the pid written in the file.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileLock, lockHolderText } from '../../../src/core/file-lock.js';

describe('FileLock', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'evpnctl-lock-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is exclusive while held and free after release; the content is only for people', () => {
    const path = join(dir, 'daemon.pid');
    writeFileSync(path, '1\n'); // "held" by pid 1 according to the file: irrelevant
    const a = FileLock.tryAcquire(path);
    expect(a).not.toBeNull();
    a?.write(`${process.pid}\n`);
    expect(readFileSync(path, 'utf8')).toBe(`${process.pid}\n`);
    expect(lockHolderText(path)).toBe(` (pid ${process.pid})`);
    expect(FileLock.tryAcquire(path)).toBeNull();
    a?.release();
    const b = FileLock.tryAcquire(path);
    expect(b).not.toBeNull();
    b?.release();
  });
});
