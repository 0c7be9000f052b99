// The process edge of the OVN side. Everything that spawns ovs-vsctl, ovn-nbctl or ovsdb-client goes
// through a ProcessRunner, so unit tests swap in a fake here and nowhere else.
import { execa } from 'execa';

/** How one finished process ended. */
export interface RunResult {
  /** Exit code, null when killed by a signal or when it never started. */
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  /** Set when the program could not be started at all (e.g. ENOENT). */
  spawnError: string | null;
}

/** A long-running child (ovsdb-client monitor) whose output is streamed. */
export interface StreamingChild {
  readonly pid: number | undefined;
  /** Resolves once the child has exited, however it ended. */
  readonly exited: Promise<RunResult>;
  kill(signal?: NodeJS.Signals): void;
}

/** Callbacks for a streaming child's output, as it arrives. */
export interface StreamHandlers {
  stdout(chunk: string): void;
  stderr(chunk: string): void;
}

/** Spawns programs from argv arrays, never through a shell. */
export interface ProcessRunner {
  run(file: string, args: readonly string[], opts: { timeoutMs: number }): Promise<RunResult>;
  spawn(file: string, args: readonly string[], handlers: StreamHandlers): StreamingChild;
}

/**
 * The environment handed to the OVS/OVN tools: ours, minus OVN_NB_DAEMON, which would make ovn-nbctl
 * talk to a daemon instead of the --db we pass (ovn-nbctl(8), "Daemon Mode").
 */
function toolEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.OVN_NB_DAEMON;
  return env;
}

const asText = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : String(v));

/** The real runner, on execa: no shell, no rejection (exit status is judged by the caller), bounded time. */
export const execaRunner: ProcessRunner = {
  async run(file, args, { timeoutMs }) {
    const r = await execa(file, [...args], {
      reject: false, timeout: timeoutMs, env: toolEnv(), extendEnv: false, stdin: 'ignore',
      stripFinalNewline: false, maxBuffer: 512 * 1024 * 1024, forceKillAfterDelay: 2000,
    });
    const started = r.exitCode !== undefined || r.signal !== undefined || r.timedOut;
    return {
      exitCode: r.exitCode ?? null,
      signal: r.signal ?? null,
      stdout: asText(r.stdout),
      stderr: asText(r.stderr),
      timedOut: r.timedOut,
      spawnError: started ? null : (r.code ?? r.shortMessage ?? 'unknown spawn failure'),
    };
  },
  spawn(file, args, handlers) {
    const sub = execa(file, [...args], {
      reject: false, buffer: false, env: toolEnv(), extendEnv: false, stdin: 'ignore', encoding: 'utf8',
    });
    sub.stdout.setEncoding('utf8');
    sub.stderr.setEncoding('utf8');
    sub.stdout.on('data', (c: string) => handlers.stdout(c));
    sub.stderr.on('data', (c: string) => handlers.stderr(c));
    const exited = sub.then((r) => ({
      exitCode: r.exitCode ?? null, signal: r.signal ?? null, stdout: '', stderr: '', timedOut: false,
      spawnError: r.exitCode === undefined && r.signal === undefined ? (r.code ?? r.shortMessage ?? 'unknown spawn failure') : null,
    }));
    return { pid: sub.pid, exited, kill: (signal) => void sub.kill(signal ?? 'SIGTERM') };
  },
};
