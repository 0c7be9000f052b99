// Prepared OVSDB transactions (RFC 7047 §5.2) for `ovsdb-client transact`: the programmer's writes to the OVS
// conf.db and the NB. Unlike an ovs-vsctl/ovn-nbctl chain, nothing is downloaded first and nothing is re-verified
// row by row, so a batch costs what it writes, not what the database holds (issue 13: 4k add-ports in one chain
// took 19-110 s; the same rows as inserts took ~0.5 s per 1k, on top of 8k ports). Rows we insert carry a uuid we
// chose (ovsdb-server takes "uuid" on insert), so the programmer knows every managed row's uuid without reading
// it back, and later changes address rows by `_uuid ==`, which the server looks up by hash instead of scanning.
// The whole transaction is one argv string, and Linux caps one argument at 128 KiB (MAX_ARG_STRLEN), so long
// plans are cut into chunks at step boundaries; each chunk is one transaction, atomic on its own.
import { randomUUID } from 'node:crypto';
import { MAX_ARG_BYTES } from './chain.js';

/** One OVSDB operation (RFC 7047 §5.2), in its JSON form. */
export type Op = Readonly<Record<string, unknown>>;

/**
 * A reference from a parent row's set column to a child row (Bridge.ports → Port, Logical_Switch.ports → LSP),
 * added or removed. The children are non-root rows: removing the last reference deletes them (garbage
 * collection at commit, before the index check, so a same-named row can be inserted in the same transaction).
 * A chunk turns all links of one parent column into one mutate: one row copy per chunk instead of per child.
 */
export interface Link {
  table: string;
  where: readonly unknown[];
  column: string;
  mutator: 'insert' | 'delete';
  uuid: string;
}

/** Operations that must share one transaction (a row and what references it). Chunking never splits a step. */
export interface TxStep {
  readonly ops: readonly Op[];
  readonly links?: readonly Link[];
}

/** Wraps ops (and links) into one step. */
export const txStep = (ops: readonly Op[], links: readonly Link[] = []): TxStep => ({ ops, links });

/** A fresh row uuid for an insert. */
export const newUuid = (): string => randomUUID();

/** The JSON of a uuid reference. */
export const uuidRef = (u: string): ['uuid', string] => ['uuid', u];

/** A where clause on a row's uuid: a hash lookup in ovsdb-server, never a scan. */
export const byUuid = (u: string): unknown[] => [['_uuid', '==', uuidRef(u)]];

/** An OVSDB map from a record, keys sorted. */
export const ovsMap = (m: Readonly<Record<string, string>>): ['map', [string, string][]] =>
  ['map', Object.keys(m).sort().map((k): [string, string] => [k, m[k] ?? ''])];

/** An OVSDB set of atoms. */
export const ovsSet = (xs: Iterable<unknown>): ['set', unknown[]] => ['set', [...xs]];

/** Mutations that set these keys of a map column to these values and leave the other keys alone (a map "insert" keeps an existing key's value, so delete first). */
export function setKeys(column: string, m: Readonly<Record<string, string>>): unknown[][] {
  const keys = Object.keys(m).sort();
  if (keys.length === 0) return [];
  return [[column, 'delete', ovsSet(keys)], [column, 'insert', ovsMap(m)]];
}

/**
 * The budget of one transaction's JSON: below MAX_ARG_STRLEN (it is one argv string), with room for the
 * fence op. Chunks as large as allowed: every chunk is one process, and spawning is synchronous work on our
 * thread whose cost grows with our heap.
 */
export const DEFAULT_MAX_TXN_BYTES = MAX_ARG_BYTES - 8 * 1024;

const LINK_BYTES = 48; // a ["uuid","<36>"] in a merged set, with its comma
const PARENT_BYTES = 96; // {"op":"mutate","table":…,"where":…,"mutations":[[col,mut,["set",[…]]]]} without the where

/** One chunk: the ops to send, in order (step ops first, then one mutate per linked parent column), and their JSON. */
export interface TxChunk {
  ops: Op[];
  json: string[];
}

/**
 * Packs steps, in order, into chunks of at most budget bytes of JSON. A step that alone passes the argument
 * limit cannot be sent at all: that is a programming error (address lists are cut into steps upstream).
 */
export function chunkTx(steps: readonly TxStep[], budget = DEFAULT_MAX_TXN_BYTES): TxChunk[] {
  const out: TxChunk[] = [];
  let ops: Op[] = [];
  let json: string[] = [];
  let links: Link[] = [];
  let parents = new Set<string>();
  let bytes = 0;
  const flush = (): void => {
    if (ops.length === 0 && links.length === 0) return;
    const merged = mergeLinks(links);
    out.push({ ops: [...ops, ...merged], json: [...json, ...merged.map((m) => JSON.stringify(m))] });
    ops = [];
    json = [];
    links = [];
    parents = new Set();
    bytes = 0;
  };
  // What a step's links add: a uuid each, plus a merged mutate for each parent column new to the chunk.
  const linkBytes = (ls: readonly Link[]): number =>
    ls.length * LINK_BYTES + [...new Set(ls.map(parentKey))].filter((k) => !parents.has(k)).reduce((n, k) => n + k.length + PARENT_BYTES, 0);
  for (const s of steps) {
    const texts = s.ops.map((op) => JSON.stringify(op));
    const stepLinks = s.links ?? [];
    const opBytes = texts.reduce((n, t) => n + t.length + 1, 0);
    let size = opBytes + linkBytes(stepLinks);
    if (bytes + size > budget) {
      flush();
      size = opBytes + linkBytes(stepLinks);
    }
    if (size > MAX_ARG_BYTES - 4096) {
      throw new RangeError(`expected one OVSDB step to fit in one argument (at most ${MAX_ARG_BYTES - 4096} bytes), got ${size} bytes (first op: ${(texts[0] ?? '').slice(0, 120)})`);
    }
    ops.push(...s.ops);
    json.push(...texts);
    links.push(...stepLinks);
    for (const l of stepLinks) parents.add(parentKey(l));
    bytes += size;
  }
  flush();
  return out;
}

const parentKey = (l: Link): string => JSON.stringify([l.table, l.where, l.column, l.mutator]);

/** One mutate per (parent table, row, column, mutator), in first-seen order; deletes before inserts. */
function mergeLinks(links: readonly Link[]): Op[] {
  const groups = new Map<string, { link: Link; uuids: string[] }>();
  for (const l of [...links.filter((x) => x.mutator === 'delete'), ...links.filter((x) => x.mutator === 'insert')]) {
    const key = parentKey(l);
    const g = groups.get(key);
    if (g === undefined) groups.set(key, { link: l, uuids: [l.uuid] });
    else g.uuids.push(l.uuid);
  }
  return [...groups.values()].map(({ link, uuids }) => ({
    op: 'mutate', table: link.table, where: link.where, mutations: [[link.column, link.mutator, ovsSet(uuids.map(uuidRef))]],
  }));
}

/** The result of one operation, as ovsdb-server answers (RFC 7047 §5.2): an object, or null after a failed one. */
export type OpResult = Readonly<Record<string, unknown>> | null;

/** The first failed operation of a reply: its index and text; null when every operation succeeded. */
export function firstFailure(results: readonly OpResult[], sent: number): { index: number; text: string } | null {
  for (let i = 0; i < results.length; i++) {
    const r = results[i];
    if (r !== null && typeof r === 'object' && typeof r.error === 'string') {
      const details = typeof r.details === 'string' ? `: ${r.details}` : '';
      return { index: i, text: `${r.error}${details}` };
    }
  }
  // A reply with fewer results than operations and no error does not happen; treat it as a failure anyway.
  if (results.length < sent) return { index: results.length, text: `only ${results.length} results for ${sent} operations` };
  return null;
}

/** A short name of an op for messages: "mutate Logical_Switch_Port". */
export const opLabel = (op: Op | undefined): string =>
  (op === undefined ? 'the commit' : `${String(op.op)}${typeof op.table === 'string' ? ` ${op.table}` : ''}`);
