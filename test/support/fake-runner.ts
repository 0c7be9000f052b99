// A ProcessRunner fake for unit tests: the only fake at the process edge. It records every argv and
// answers through a handler; by default ctl calls succeed and JSON reads return empty tables.
import type { ProcessRunner, RunResult, StreamHandlers, StreamingChild } from '../../src/core/ovn/process-runner.js';

/** One recorded call. */
export interface Call { file: string; args: string[] }

/** A successful result with this stdout. */
export const ok = (stdout = ''): RunResult => ({ exitCode: 0, signal: null, stdout, stderr: '', timedOut: false, spawnError: null });

/** A failed result with this exit code and stderr. */
export const fail = (stderr: string, exitCode = 1): RunResult => ({ exitCode, signal: null, stdout: '', stderr, timedOut: false, spawnError: null });

/** An empty `--format=json` table. */
export const emptyTable = '{"data":[],"headings":[]}\n';

/** For a JSON read chain, one empty table per command; otherwise empty success. */
export function emptyReads(_file: string, args: readonly string[]): RunResult {
  if (!args.includes('--format=json')) return ok();
  const commands = args.filter((a) => a === '--').length;
  return ok(emptyTable.repeat(commands));
}

/** A streaming child driven by the test. */
export class FakeChild implements StreamingChild {
  readonly pid = 4242;
  readonly exited: Promise<RunResult>;
  killed: string | null = null;
  private end!: (r: RunResult) => void;
  constructor(readonly args: string[], readonly handlers: StreamHandlers) {
    this.exited = new Promise((r) => { this.end = r; });
  }
  /** Writes to the child's stdout. */
  emit(text: string): void {
    this.handlers.stdout(text);
  }
  /** Ends the child with an exit code and stderr. */
  die(exitCode: number, stderr = ''): void {
    this.handlers.stderr(stderr);
    this.end({ exitCode, signal: null, stdout: '', stderr: '', timedOut: false, spawnError: null });
  }
  kill(signal?: NodeJS.Signals): void {
    this.killed = signal ?? 'SIGTERM';
    this.end({ exitCode: null, signal: this.killed, stdout: '', stderr: '', timedOut: false, spawnError: null });
  }
}

/** Records calls; `handler` decides each result. */
export class FakeRunner implements ProcessRunner {
  readonly calls: Call[] = [];
  readonly children: FakeChild[] = [];
  constructor(public handler: (file: string, args: readonly string[]) => RunResult | Promise<RunResult> = emptyReads) {}

  async run(file: string, args: readonly string[]): Promise<RunResult> {
    this.calls.push({ file, args: [...args] });
    return this.handler(file, args);
  }

  spawn(file: string, args: readonly string[], handlers: StreamHandlers): StreamingChild {
    this.calls.push({ file, args: [...args] });
    const c = new FakeChild([...args], handlers);
    this.children.push(c);
    return c;
  }

  /** Calls of one tool. */
  of(file: string): Call[] {
    return this.calls.filter((c) => c.file === file);
  }
}
