// Chained ctl commands. ovs-vsctl and ovn-nbctl run every `--`-separated command of one invocation in a
// single OVSDB transaction (ovs-vsctl(8), ovn-nbctl(8)), so we batch many changes into one process. Linux
// bounds one execve's argv+env (ARG_MAX) and every single argument (MAX_ARG_STRLEN, 128 KiB), so a long
// chain is cut into several invocations at step boundaries: still batched, never one process per route.

/** One ctl command with its options, e.g. ['--may-exist', 'lsp-add', 'ls0', 'p1']. */
export type Command = readonly string[];

/**
 * Commands that must share one transaction (e.g. `--id=@acl create ACL` and the Port_Group that uses @acl).
 * Chunking never splits a step.
 */
export interface Step {
  readonly commands: readonly Command[];
}

/** Wraps commands into one step. */
export const step = (...commands: Command[]): Step => ({ commands });

/** The default budget for one invocation's argv, well below ARG_MAX (usually 2 MiB with the environment). */
export const DEFAULT_MAX_ARGV_BYTES = 512 * 1024;
/** Linux MAX_ARG_STRLEN: no single argument may be longer (execve(2)). */
export const MAX_ARG_BYTES = 128 * 1024;

/** Bytes an argument occupies in execve's argv area: its UTF-8 length plus the NUL. */
export const argBytes = (arg: string): number => Buffer.byteLength(arg, 'utf8') + 1;

/** The argv of a chain: each command preceded by `--`, so options never leak between commands. */
export function chainArgs(steps: readonly Step[]): string[] {
  const out: string[] = [];
  for (const s of steps) for (const c of s.commands) out.push('--', ...c);
  return out;
}

/**
 * Packs steps, in order, into chunks whose chained argv stays within budget bytes (besides the fixed
 * leading options). A step larger than the budget gets a chunk of its own; an argument past
 * MAX_ARG_BYTES is refused because no execve could carry it.
 */
export function chunkSteps(steps: readonly Step[], budget: number): Step[][] {
  const chunks: Step[][] = [];
  let current: Step[] = [];
  let used = 0;
  for (const s of steps) {
    let size = 0;
    for (const c of s.commands) {
      size += argBytes('--');
      for (const a of c) {
        const n = argBytes(a);
        if (n > MAX_ARG_BYTES) {
          throw new RangeError(`expected every argument to be at most ${MAX_ARG_BYTES} bytes, got one of ${n} bytes (${a.slice(0, 60)}…)`);
        }
        size += n;
      }
    }
    if (current.length > 0 && used + size > budget) {
      chunks.push(current);
      current = [];
      used = 0;
    }
    current.push(s);
    used += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/** Quotes a string as an OVSDB value for the generic database commands (ovs-vsctl(8), "Database Values"). */
export const q = (s: string): string => JSON.stringify(s);

/** `column:key=value` with key and value quoted, for maps such as external_ids and options. */
export const kv = (column: string, key: string, value: string): string => `${column}:${q(key)}=${q(value)}`;

/** A whole map value `{k="v", ...}` for `set T r column=...`, which replaces the map. */
export const mapValue = (m: Readonly<Record<string, string>>): string =>
  `{${Object.keys(m).sort().map((k) => `${q(k)}=${q(m[k] ?? '')}`).join(', ')}}`;
