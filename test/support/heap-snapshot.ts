// A daemon's V8 heap as a heap snapshot shows it: the daemon runs with NODE_OPTIONS=--heapsnapshot-signal,
// so SIGUSR2 makes it write a snapshot (after a full GC) without any test hook in its code. Read here: the
// bytes of live objects in total and per constructor, for "heap in use after a forced GC" and for diffs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../../src/lab/wait.js';

/** Live bytes after a full GC, in total and by constructor / node name. */
export interface HeapSummary {
  total: number;
  byName: Map<string, { count: number; bytes: number }>;
}

/** NODE_OPTIONS for a daemon whose heap the test reads; snapshots land in `dir`. */
export const heapSnapshotOptions = (dir: string): string => `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}`;

/** Sends SIGUSR2 to `pid` and reads the snapshot it writes into `dir`. */
export async function takeHeapSnapshot(pid: number, dir: string): Promise<HeapSummary> {
  const before = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  const file = await waitFor('the daemon to write a heap snapshot', async () => {
    const f = readdirSync(dir).find((n) => n.endsWith('.heapsnapshot') && !before.has(n));
    if (f === undefined) return undefined;
    const size = statSync(join(dir, f)).size;
    await new Promise((r) => setTimeout(r, 300));
    return size > 0 && statSync(join(dir, f)).size === size ? join(dir, f) : undefined;
  }, { timeoutMs: 60_000, intervalMs: 200 });
  return summarize(JSON.parse(readFileSync(file, 'utf8')) as RawSnapshot);
}

interface RawSnapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

function summarize(s: RawSnapshot): HeapSummary {
  const fields = s.snapshot.meta.node_fields;
  const width = fields.length;
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f)) as [number, number, number];
  const types = s.snapshot.meta.node_types[0];
  const byName = new Map<string, { count: number; bytes: number }>();
  let total = 0;
  for (let i = 0; i < s.nodes.length; i += width) {
    const bytes = s.nodes[i + sizeAt] ?? 0;
    total += bytes;
    const type = types[s.nodes[i + typeAt] ?? 0] ?? '?';
    const name = type === 'object' || type === 'closure' ? `${type}:${s.strings[s.nodes[i + nameAt] ?? 0] ?? '?'}` : type;
    const e = byName.get(name) ?? { count: 0, bytes: 0 };
    e.count++;
    e.bytes += bytes;
    byName.set(name, e);
  }
  return { total, byName };
}

/** The largest growths from `a` to `b`, as lines for a report. */
export function heapDiff(a: HeapSummary, b: HeapSummary, top = 12): string[] {
  const names = new Set([...a.byName.keys(), ...b.byName.keys()]);
  return [...names]
    .map((n) => ({ n, d: (b.byName.get(n)?.bytes ?? 0) - (a.byName.get(n)?.bytes ?? 0), c: (b.byName.get(n)?.count ?? 0) - (a.byName.get(n)?.count ?? 0) }))
    .sort((x, y) => Math.abs(y.d) - Math.abs(x.d)).slice(0, top)
    .map(({ n, d, c }) => `${(d / 1024).toFixed(1).padStart(9)} KB ${String(c).padStart(7)} objects  ${n}`);
}
