// Transactions of one database kept in flight two at a time. A chunk's `ovsdb-client transact` spends most of its
// ~15-25 ms starting, parsing its argument and printing the reply; ovsdb-server commits a chunk in a few ms (the NB
// server's whole CPU for a 100k-MAC load is ~0.05 s). Run one after the other, the daemon waits on one process at a
// time while a core sits idle; with two in flight the next process starts while the previous one commits.
// Order still holds where it matters: a chunk that refers to a row another in-flight chunk inserts (by the uuid we
// chose, txn.ts) waits for that chunk. Everything else in one plan commutes: inserts into a set column (Bridge.ports,
// Logical_Switch.ports, addresses) and deletes of different elements, updates of different rows. A failed chunk stops
// the ones not started; those in flight finish, and the programmer's retry re-reads both databases, so a committed
// set that is not a prefix of the plan is found like any other partial batch.
import type { TxChunk } from './txn.js';

/** Chunks of one database in flight at once (more only adds processes fighting for 2 cores and the server). */
export const TXN_WINDOW = 2;

/** How a reference to a row starts in a chunk's JSON (txn.ts uuidRef: ["uuid","<36 characters>"]). */
const REF_OPEN = '["uuid","';

/** The uuids of the rows a chunk inserts with a uuid of ours. */
export function insertedUuids(chunk: TxChunk): Set<string> {
  const out = new Set<string>();
  for (const op of chunk.ops) if (op.op === 'insert' && typeof op.uuid === 'string') out.add(op.uuid);
  return out;
}

/** The rows a chunk refers to (["uuid", X] anywhere: where clauses, references, mutations), read from its JSON once. */
export function referencedUuids(chunk: TxChunk): Set<string> {
  const out = new Set<string>();
  for (const text of chunk.json) {
    // indexOf, not a regex: a chunk is ~120 KiB of JSON and this runs once per chunk (2-3x faster measured).
    for (let at = text.indexOf(REF_OPEN); at >= 0; at = text.indexOf(REF_OPEN, at + REF_OPEN.length)) {
      const start = at + REF_OPEN.length;
      if (text.charCodeAt(start + 36) === 0x22 /* " */) out.add(text.slice(start, start + 36));
    }
  }
  return out;
}

/** Whether a chunk refers to one of these rows. */
export function refersTo(chunk: TxChunk, uuids: ReadonlySet<string>): boolean {
  if (uuids.size === 0) return false;
  for (const u of referencedUuids(chunk)) if (uuids.has(u)) return true;
  return false;
}

/**
 * Runs every chunk with `run`, in order of start, at most `window` at once, a chunk never beside one that inserts a
 * row it refers to. Resolves when all succeeded; otherwise rejects with the first failure once the chunks in
 * flight have ended (no chunk starts after a failure).
 */
export async function runWindowed(chunks: readonly TxChunk[], run: (chunk: TxChunk) => Promise<unknown>, window = TXN_WINDOW): Promise<void> {
  const inFlight = new Set<{ inserts: Set<string>; done: Promise<void> }>();
  let failed: { error: unknown } | null = null;
  for (const chunk of chunks) {
    // Its references are read only while a chunk that inserts rows is in flight, and then once.
    let refs: Set<string> | null = null;
    const waitsOn = (f: { inserts: Set<string> }): boolean => {
      if (f.inserts.size === 0) return false;
      refs ??= referencedUuids(chunk);
      for (const u of refs) if (f.inserts.has(u)) return true;
      return false;
    };
    const blocked = (): boolean => inFlight.size >= window || [...inFlight].some(waitsOn);
    while (failed === null && inFlight.size > 0 && blocked()) await Promise.race([...inFlight].map((f) => f.done));
    if (failed !== null) break;
    const entry = { inserts: insertedUuids(chunk), done: Promise.resolve() };
    entry.done = run(chunk).then(() => undefined, (error: unknown) => { failed ??= { error }; }).then(() => { inFlight.delete(entry); });
    inFlight.add(entry);
  }
  await Promise.all([...inFlight].map((f) => f.done));
  if (failed !== null) throw (failed as { error: unknown }).error;
}
