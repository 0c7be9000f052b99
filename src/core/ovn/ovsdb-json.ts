// Readers for OVSDB data in its JSON notation (RFC 7047 §5.1): atoms, ["uuid", u], ["set", [...]],
// ["map", [[k, v], ...]], and the `--format=json` table shape {"headings": [...], "data": [[...], ...]}.
// A one-element set is written as the bare atom, so every reader accepts both.
import { parseJsonSequence } from './json-stream.js';

/** One row of a table, by column heading. */
export type Row = Readonly<Record<string, unknown>>;

/** A table as `--format=json` prints it. */
export interface JsonTable {
  headings: string[];
  data: unknown[][];
}

const isTable = (v: unknown): v is JsonTable =>
  typeof v === 'object' && v !== null && Array.isArray((v as JsonTable).headings) && Array.isArray((v as JsonTable).data);

/** Parses a ctl call's stdout (one table per find/list command) into row lists. */
export function parseTables(stdout: string): Row[][] {
  return parseJsonSequence(stdout).map((v, i) => {
    if (!isTable(v)) throw new SyntaxError(`expected table ${i} as {"headings":[...],"data":[...]}, got ${JSON.stringify(v).slice(0, 80)}`);
    return rowsOf(v);
  });
}

/** The rows of a table as objects keyed by heading. */
export function rowsOf(t: JsonTable): Row[] {
  return t.data.map((cells) => Object.fromEntries(t.headings.map((h, i) => [h, cells[i]])));
}

const isTagged = (v: unknown, tag: string): v is [string, unknown] => Array.isArray(v) && v.length === 2 && v[0] === tag;

/** An atom as text: strings as is, uuids unwrapped, numbers and booleans printed. */
export function atomText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (isTagged(v, 'uuid') || isTagged(v, 'named-uuid')) return String(v[1]);
  throw new TypeError(`expected an OVSDB atom, got ${JSON.stringify(v)}`);
}

/** A set (or a bare atom, or null) as a list of texts. */
export function setTexts(v: unknown): string[] {
  if (v === null || v === undefined) return [];
  if (isTagged(v, 'set')) {
    if (!Array.isArray(v[1])) throw new TypeError(`expected ["set", [...]], got ${JSON.stringify(v)}`);
    return v[1].map(atomText);
  }
  return [atomText(v)];
}

/** A map as a plain record of texts. */
export function mapTexts(v: unknown): Record<string, string> {
  if (v === null || v === undefined) return {};
  if (!isTagged(v, 'map') || !Array.isArray(v[1])) throw new TypeError(`expected ["map", [...]], got ${JSON.stringify(v)}`);
  const out: Record<string, string> = {};
  for (const pair of v[1] as unknown[]) {
    if (!Array.isArray(pair) || pair.length !== 2) throw new TypeError(`expected a [key, value] pair, got ${JSON.stringify(pair)}`);
    out[atomText(pair[0])] = atomText(pair[1]);
  }
  return out;
}

/** A scalar column (string/integer) as text; empty for an empty optional value. */
export function scalarText(v: unknown): string {
  const all = setTexts(v);
  return all[0] ?? '';
}
