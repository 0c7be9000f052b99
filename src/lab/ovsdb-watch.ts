// Watching one OVSDB table for a test: an `ovsdb-client --format=json monitor` process of the run whose
// updates (initial contents, then every insert, delete and modification, ovsdb-client(1)) are applied to a
// MonitorTable and handed to the caller one by one, so a soak counts every change instead of sampling.
// The process must outlive the watch: its death is an error the caller sees (ended), never a silent gap.
import { JsonSplitter } from '../core/ovn/json-stream.js';
import { MonitorTable } from '../core/ovn/monitor-table.js';
import type { JsonTable } from '../core/ovn/ovsdb-json.js';
import { spawnChild, type ChildProcessHandle } from './daemon.js';
import { LabError } from './errors.js';
import type { LabRun } from './run.js';
import { waitFor } from './wait.js';

/** What to watch. */
export interface TableWatchSpec {
  /** Names the process and its log in the run directory. */
  name: string;
  /** One remote, e.g. `unix:<dir>/sb.sock`. */
  remote: string;
  database: string;
  table: string;
  columns: readonly string[];
  env?: Readonly<Record<string, string>>;
  /** Called after each update was applied, with the rows as they are now and the update itself. */
  onUpdate(rows: ReadonlyMap<string, Record<string, unknown>>, update: JsonTable): void;
}

/** A running watch. */
export interface TableWatch {
  readonly table: MonitorTable;
  /** Updates applied so far (the initial contents count as one). */
  readonly updates: number;
  /** Why the watch broke (the process ended or printed something unparseable), or null while it is sound. */
  readonly ended: string | null;
  /** Waits for the initial contents. */
  ready(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `ovsdb-client monitor` on one table (all rows, the given columns) as a child of the run. */
export async function watchTable(labRun: LabRun, spec: TableWatchSpec): Promise<TableWatch> {
  const table = new MonitorTable();
  const splitter = new JsonSplitter();
  let updates = 0;
  let ended: string | null = null;
  let stopping = false;
  // --no-leader-only: any member of a clustered NB has every committed row (a follower only lags).
  const argv = ['ovsdb-client', '--no-leader-only', '--format=json', '--data=json', 'monitor', spec.remote, spec.database, spec.table, spec.columns.join(',')];
  const child: ChildProcessHandle = await spawnChild(labRun, {
    name: spec.name, argv, ...(spec.env ? { env: spec.env } : {}), logFile: labRun.path(`${spec.name}.log`), pipe: true,
  });
  const stdout = child.stdout;
  if (!stdout) throw new LabError(`${spec.name}: expected a stdout pipe from \`${argv.join(' ')}\`, got none`);
  stdout.setEncoding('utf8');
  stdout.on('data', (chunk: string) => {
    if (ended !== null) return;
    try {
      for (const u of splitter.push(chunk)) {
        table.apply(u as JsonTable);
        updates++;
        spec.onUpdate(table.rows, u as JsonTable);
      }
    } catch (err) {
      ended = `unreadable monitor output: ${err instanceof Error ? err.message : String(err)}`;
    }
  });
  void child.exited.then((r) => {
    if (!stopping && ended === null) ended = `ovsdb-client monitor ended (exit ${r.exitCode ?? '-'}, signal ${r.signal ?? '-'}); see ${child.logFile}`;
  });
  return {
    table,
    get updates() {
      return updates;
    },
    get ended() {
      return ended;
    },
    ready: (timeoutMs = 10_000) => waitFor(`${spec.name}: the initial contents of ${spec.database}.${spec.table}`, async () => {
      if (ended !== null) throw new LabError(ended);
      return updates > 0 ? true : undefined;
    }, { timeoutMs, intervalMs: 20 }).then(() => undefined),
    stop: async () => {
      stopping = true;
      await child.stop();
    },
  };
}
