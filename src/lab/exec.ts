// The one way the lab runs a short-lived command: an argv array (no shell), optionally inside a netns
// through `ip netns exec`, with a timeout, and a CommandError carrying argv and stderr on failure.
import { execa } from 'execa';
import { CommandError } from './errors.js';

/** Where and how to run a command. */
export interface RunOptions {
  /** Run inside this network namespace (`ip netns exec NS ...`, which keeps the environment). */
  netns?: string;
  /** Extra environment variables, on top of the current environment. */
  env?: Readonly<Record<string, string>>;
  /** Kill the command after this many milliseconds (default 20 s). */
  timeoutMs?: number;
  /** Data for stdin. */
  input?: string;
  /** Exit codes that count as success besides 0 (e.g. `ping` exits 1 when replies are missing). */
  okExitCodes?: readonly number[];
}

/** What a finished command printed. */
export interface RunResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** The full argv after wrapping for a netns. */
export function inNetns(netns: string | undefined, argv: readonly string[]): string[] {
  return netns === undefined ? [...argv] : ['ip', 'netns', 'exec', netns, ...argv];
}

/** Runs argv to completion; throws CommandError unless it exits 0 (or with one of okExitCodes). */
export async function run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const full = inNetns(options.netns, argv);
  const [file, ...args] = full;
  if (file === undefined) throw new CommandError(full, undefined, '', 'was empty: expected at least a program name');
  const result = await execa(file, args, {
    env: options.env,
    timeout: options.timeoutMs ?? 20_000,
    reject: false,
    stripFinalNewline: false,
    ...(options.input === undefined ? { stdin: 'ignore' as const } : { input: options.input }),
  });
  const stdout = String(result.stdout ?? '');
  const stderr = String(result.stderr ?? '');
  const exitCode = result.exitCode;
  if (result.timedOut) throw new CommandError(full, exitCode, stderr, `timed out after ${options.timeoutMs ?? 20_000} ms`);
  if (exitCode === undefined) {
    const why = result.signal ? `was killed by ${result.signal}` : `could not be started (${result.originalMessage ?? 'unknown reason'})`;
    throw new CommandError(full, undefined, stderr, why, { cause: result.cause });
  }
  if (exitCode !== 0 && !(options.okExitCodes ?? []).includes(exitCode)) {
    throw new CommandError(full, exitCode, stderr || stdout, `exited with ${exitCode}, expected 0`);
  }
  return { stdout, stderr, exitCode };
}

/** Runs argv and parses its stdout as JSON; the error names the command when the output is not JSON. */
export async function runJson(argv: readonly string[], options: RunOptions = {}): Promise<unknown> {
  const { stdout } = await run(argv, options);
  try {
    return JSON.parse(stdout) as unknown;
  } catch (err) {
    throw new CommandError(inNetns(options.netns, argv), 0, stdout.slice(0, 400), 'printed something that is not JSON', { cause: err });
  }
}
