// The OVN programmer's work as the daemon's debug log tells it: one line per successful batch,
//   <ISO time> DEBUG ovn: batch|reconcile applied N OVS and M NB steps in T ms
//     (spawned so far: C ovsdb-client, V ovs-vsctl, B ovn-nbctl)
// `evpnctl status --json` shows no spawn counts, so the benchmark reads them here.
import { readFile } from 'node:fs/promises';

const LINE = /^(\S+) DEBUG ovn: (batch|reconcile) applied \d+ OVS and \d+ NB steps in (\d+) ms \(spawned so far: (\d+) ovsdb-client, (\d+) ovs-vsctl, (\d+) ovn-nbctl\)$/;

/** What the programmer did from `since` (Date.now() ms) on. */
export interface OvnWork {
  batches: number;
  reconciles: number;
  /** Processes spawned for those batches (and the failed attempts between them). */
  spawns: { client: number; vsctl: number; nbctl: number };
  /** The longest single batch. */
  maxBatchMs: number;
  /** When the last batch logged its line (Date.now() ms; null: none): its transactions were all acknowledged then. */
  lastBatchAt: number | null;
}

/** Reads the daemon's log and counts the batches logged at or after `since`. */
export async function ovnWorkSince(logFile: string, since: number): Promise<OvnWork> {
  const work: OvnWork = { batches: 0, reconciles: 0, spawns: { client: 0, vsctl: 0, nbctl: 0 }, maxBatchMs: 0, lastBatchAt: null };
  let base = { client: 0, vsctl: 0, nbctl: 0 };
  let last = base;
  for (const line of (await readFile(logFile, 'utf8')).split('\n')) {
    const m = LINE.exec(line);
    if (m === null) continue;
    const counts = { client: Number(m[4]), vsctl: Number(m[5]), nbctl: Number(m[6]) };
    if (Date.parse(m[1] ?? '') < since) {
      base = counts;
      last = counts;
      continue;
    }
    if (m[2] === 'reconcile') work.reconciles++;
    work.batches++;
    work.maxBatchMs = Math.max(work.maxBatchMs, Number(m[3]));
    work.lastBatchAt = Date.parse(m[1] ?? '');
    last = counts;
  }
  work.spawns = { client: last.client - base.client, vsctl: last.vsctl - base.vsctl, nbctl: last.nbctl - base.nbctl };
  return work;
}
