// A process's children as /proc shows them (/proc/PID/task/TID/children, CONFIG_PROC_CHILDREN), to catch
// the daemon while one of its ovs-vsctl/ovn-nbctl calls runs, and to wait for such a call to end after
// the daemon is gone. Read-only: nothing here signals anything.
import { readdir, readFile } from 'node:fs/promises';

const gone = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ESRCH';

/** The pids of pid's children; [] once pid is gone. */
export async function childrenOf(pid: number): Promise<number[]> {
  let tasks: string[];
  try {
    tasks = await readdir(`/proc/${pid}/task`);
  } catch (err) {
    if (gone(err)) return [];
    throw err;
  }
  const out: number[] = [];
  for (const tid of tasks) {
    try {
      for (const c of (await readFile(`/proc/${pid}/task/${tid}/children`, 'utf8')).split(' ')) if (c !== '') out.push(Number(c));
    } catch (err) {
      if (!gone(err)) throw err;
    }
  }
  return out;
}

/** A process's argv, or null once it is gone. */
export async function argvOf(pid: number): Promise<string[] | null> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw.split('\0').filter((a) => a !== '');
  } catch (err) {
    if (gone(err)) return null;
    throw err;
  }
}

/** Polls (every ~1 ms) until a child of pid matches; returns its pid and argv. */
export async function waitForChild(pid: number, match: (argv: readonly string[]) => boolean, timeoutMs: number): Promise<{ pid: number; argv: string[] }> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const c of await childrenOf(pid)) {
      const argv = await argvOf(c);
      if (argv !== null && match(argv)) return { pid: c, argv };
    }
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error(`expected a child of ${pid} matching the condition within ${timeoutMs} ms, got none`);
}

/** True while pid runs (a zombie has finished: only its parent's wait() is missing). */
export async function running(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch (err) {
    if (gone(err)) return false;
    throw err;
  }
}

/** Resolves once pid has finished. */
export async function waitGone(pid: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (await running(pid)) {
    if (Date.now() > deadline) throw new Error(`expected process ${pid} to end within ${timeoutMs} ms, it still runs`);
    await new Promise((r) => setTimeout(r, 5));
  }
}
