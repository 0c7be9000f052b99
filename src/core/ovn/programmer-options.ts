// The programmer's options and counters, apart from the engine so both stay short.
import type { BackoffPolicy } from './backoff.js';
import type { Clock } from '../clock.js';
import type { NbFence, SpawnCounts, SslFiles } from './exec.js';
import type { ProcessRunner } from './process-runner.js';
import type { OvnLog } from './types.js';
import type { Owner } from './owner.js';

/** Where the databases are, the bridge, the batching and retry knobs, and the injectable edges. */
export interface OvnProgrammerOptions {
  ovsDb?: string;
  nbDb?: string;
  ssl?: SslFiles;
  /** The integration bridge; default br-int. */
  bridge?: string;
  /** How long events are coalesced before a batch; default 5 ms. */
  batchWindowMs?: number;
  /** Seconds each tool call may take (--timeout); default 30. */
  timeoutSec?: number;
  /** argv budget per ctl invocation (the reads). */
  maxArgvBytes?: number;
  /** JSON budget per prepared transaction (tests lower it to force several chunks). */
  maxTxnBytes?: number;
  backoff?: BackoffPolicy;
  clock?: Clock;
  log?: OvnLog;
  runner?: ProcessRunner;
  /** Our chassis and HA group, stamped on every object; other owners' objects are never touched (owner.ts). */
  owner?: Owner;
  /** The fence of NB writes in an HA group (OvnExecOptions.nbFence). */
  nbFence?: () => NbFence;
  /** Called after every batch with its duration and outcome (metrics: latency histogram, errors). */
  onBatch?: (ms: number, ok: boolean) => void;
}

/** Counters for metrics and the benchmark. */
export interface OvnProgrammerStats {
  /** Successful batches (incremental or reconcile). */
  batches: number;
  /** Batches that began with a full read of the managed objects. */
  reconciles: number;
  errors: number;
  /** Events refused as malformed (logged). */
  rejectedEvents: number;
  spawns: SpawnCounts;
  lastBatchMs: number | null;
  remoteMacs: number;
  /** Managed objects as last read or written. */
  managed: { ports: number; lsps: number; pgs: number; addresses: number };
}
