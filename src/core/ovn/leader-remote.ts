// Which member of a clustered database to stay connected to. OVSDB locks live in one ovsdb-server's memory
// and are not replicated through Raft (ovsdb(7) "Clustered Database Service Model"), so a lock holder must
// sit on the leader: like OVS's own IDL, we read the `_Server` database's Database row of our database
// (ovsdb-server(5)) and leave any member that is not connected to the cluster or not its leader.
import { OvsdbRpcError } from './ovsdb-rpc.js';
import { mapTexts } from './ovsdb-json.js';

/** The `_Server` Database columns we monitor. */
export const SERVER_DATABASE_COLUMNS = ['name', 'model', 'connected', 'leader', 'index'] as const;

/** One `_Server` Database row, the part that decides where to stay. */
export interface ServerDatabase {
  name: string;
  /** "standalone", "clustered" or "relay". */
  model: string;
  connected: boolean;
  leader: boolean;
}

/** Reads a row as sent in a monitor update (`{"name": "...", "leader": true, ...}`). */
export function parseServerDatabase(row: Readonly<Record<string, unknown>>): ServerDatabase {
  const name = row.name;
  const model = row.model;
  if (typeof name !== 'string' || typeof model !== 'string') {
    throw new OvsdbRpcError('_Server', `expected a Database row with string name and model, got ${JSON.stringify(row).slice(0, 200)}`);
  }
  return { name, model, connected: row.connected === true, leader: row.leader === true };
}

/** Why a member is fit (or not) to hold a lock and take writes. */
export type LeaderVerdict = { ok: true } | { ok: false; why: string };

/** A standalone server is always fit; a clustered member only while connected and leader (when leaderOnly). */
export function judgeMember(db: ServerDatabase | undefined, leaderOnly: boolean): LeaderVerdict {
  if (db === undefined) return { ok: false, why: 'the server does not serve the database' };
  if (db.model !== 'clustered' || !leaderOnly) return { ok: true };
  if (!db.connected) return { ok: false, why: 'the member is not connected to its cluster' };
  if (!db.leader) return { ok: false, why: 'the member is not the cluster leader' };
  return { ok: true };
}

/**
 * The remotes to try, in turn. Starts at a random one, as OVS's jsonrpc session shuffles its remotes,
 * so that several clients do not all queue on the first member.
 */
export class RemoteRotation {
  private readonly remotes: readonly string[];
  private i: number;
  private tried = 0;

  constructor(remotes: readonly string[], random: () => number = Math.random) {
    if (remotes.length === 0) throw new RangeError('expected at least one remote');
    this.remotes = remotes;
    this.i = Math.floor(random() * remotes.length) % remotes.length;
  }

  /** The next remote to try. */
  next(): string {
    const r = this.remotes[this.i % this.remotes.length] ?? '';
    this.i++;
    this.tried++;
    return r;
  }

  /** True when every remote has been tried since the last reset (time to back off). */
  get wrapped(): boolean {
    return this.tried >= this.remotes.length;
  }

  /** Forgets the tries (after a connection that was good). */
  reset(): void {
    this.tried = 0;
  }
}

/** A row's columns from a monitor table-update (RFC 7047 §4.1.6): `{uuid: {"new": {...}, "old": {...}}}`. */
export function newRows(tableUpdate: unknown): Map<string, Readonly<Record<string, unknown>> | null> {
  const out = new Map<string, Readonly<Record<string, unknown>> | null>();
  if (typeof tableUpdate !== 'object' || tableUpdate === null) return out;
  for (const [uuid, change] of Object.entries(tableUpdate as Record<string, unknown>)) {
    const n = (change as { new?: unknown } | null)?.new;
    out.set(uuid, typeof n === 'object' && n !== null ? (n as Record<string, unknown>) : null);
  }
  return out;
}

/** A map column of a monitored row as texts (empty when absent). */
export const rowMap = (row: Readonly<Record<string, unknown>> | undefined, column: string): Record<string, string> =>
  (row === undefined ? {} : mapTexts(row[column]));

