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
 * The environment handed to the OVS/OVN tools: ours plus `extra` (the daemon's ownership mark), minus
 * OVN_NB_DAEMON, which would make ovn-nbctl talk to a daemon instead of the --db we pass (ovn-nbctl(8),
 * "Daemon Mode").
 */
function toolEnv(extra: Readonly<Record<string, string>>): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env, ...extra };
  delete env.OVN_NB_DAEMON;
  return env;
}

/**
 * Every tool runs under util-linux's `setpriv --pdeathsig KILL`, which sets PR_SET_PDEATHSIG and execs it:
 * the kernel kills the child when the thread that forked it ends. That thread is Node's main thread
 * (child_process spawns synchronously from it), which lives exactly as long as the daemon, so no
 * ovsdb-client monitor or ovn-nbctl outlives us, however we end (kill -9 included). The mark survives
 * exec (no setuid tools here); a child that setpriv reached too late is found by its environment mark.
 */
const PDEATHSIG = ['--pdeathsig', 'KILL', '--'] as const;

/** setpriv's exit code when it cannot exec the tool (util-linux EX_EXEC_ENOENT). */
const EXEC_ENOENT = 127;

/** A spawn failure, as execa would report it had it spawned the tool itself. */
function spawnFailure(exitCode: number | undefined, stderr: string): string | null {
  return exitCode === EXEC_ENOENT && /^setpriv: (failed to execute|cannot execute)/m.test(stderr) ? 'ENOENT' : null;
}

const asText = (v: unknown): string => (typeof v === 'string' ? v : v === undefined ? '' : String(v));

/** Options of the real runner. */
export interface ExecaRunnerOptions {
  /** Added to every child's environment (the daemon marks its children with their owner). */
  env?: Readonly<Record<string, string>>;
}

/** The real runner, on execa: no shell, no rejection (exit status is judged by the caller), bounded time. */
export function createExecaRunner(opts: ExecaRunnerOptions = {}): ProcessRunner {
  const env = toolEnv(opts.env ?? {});
  return {
    async run(file, args, { timeoutMs }) {
      const r = await execa('setpriv', [...PDEATHSIG, file, ...args], {
        reject: false, timeout: timeoutMs, env, extendEnv: false, stdin: 'ignore',
        stripFinalNewline: false, maxBuffer: 512 * 1024 * 1024, forceKillAfterDelay: 2000,
      });
      const started = r.exitCode !== undefined || r.signal !== undefined || r.timedOut;
      const stderr = asText(r.stderr);
      const notFound = spawnFailure(r.exitCode, stderr);
      return {
        exitCode: notFound === null ? (r.exitCode ?? null) : null,
        signal: r.signal ?? null,
        stdout: asText(r.stdout),
        stderr,
        timedOut: r.timedOut,
        spawnError: notFound ?? (started ? null : (r.code ?? r.shortMessage ?? 'unknown spawn failure')),
      };
    },
    spawn(file, args, handlers) {
      const sub = execa('setpriv', [...PDEATHSIG, file, ...args], {
        reject: false, buffer: false, env, extendEnv: false, stdin: 'ignore', encoding: 'utf8',
      });
      sub.stdout.setEncoding('utf8');
      sub.stderr.setEncoding('utf8');
      // The last stderr, to tell setpriv's "cannot execute" from the tool's own exit 127.
      let tail = '';
      sub.stdout.on('data', (c: string) => handlers.stdout(c));
      sub.stderr.on('data', (c: string) => {
        tail = (tail + c).slice(-512);
        handlers.stderr(c);
      });
      const exited = sub.then((r) => {
        const notFound = spawnFailure(r.exitCode, tail);
        return {
          exitCode: notFound === null ? (r.exitCode ?? null) : null, signal: r.signal ?? null, stdout: '', stderr: '', timedOut: false,
          spawnError: notFound ?? (r.exitCode === undefined && r.signal === undefined ? (r.code ?? r.shortMessage ?? 'unknown spawn failure') : null),
        };
      });
      return { pid: sub.pid, exited, kill: (signal) => void sub.kill(signal ?? 'SIGTERM') };
    },
  };
}

/** The real runner without an owner mark (tools and tests outside the daemon). */
export const execaRunner: ProcessRunner = createExecaRunner();
