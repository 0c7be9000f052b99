// The demo drives site Y only through the real CLI: `node bin/evpnctl --socket <run dir> ...`, exactly
// what a person would type. The control socket is a path in the run directory, so the CLI works from
// the host netns (Unix sockets are not per network namespace) and needs no `ip netns exec`.
import { fileURLToPath } from 'node:url';
import { run, type RunResult } from '../lab/exec.js';
import { LabError } from '../lab/errors.js';

/** bin/evpnctl of this checkout (needs dist/, built by `npm run build`). */
export const EVPNCTL_BIN = fileURLToPath(new URL('../../bin/evpnctl', import.meta.url));

/** One evpnctl invocation: what was typed (for the demo's output) and what it printed. */
export interface CliCall {
  /** The command as a person would type it (`evpnctl neighbor list`), without --socket. */
  typed: string;
  result: RunResult;
}

/** The CLI bound to one daemon's socket. */
export interface EvpnctlCli {
  readonly socket: string;
  /** Runs `evpnctl --socket S ...args`; throws CommandError (argv, stderr, exit code) unless it exits 0. */
  run(args: readonly string[]): Promise<CliCall>;
  /** Runs it with --json and parses stdout. */
  json<T>(args: readonly string[]): Promise<T>;
  /** The full argv for `args` (for hints and for spawning `evpnctl daemon`). */
  argv(args: readonly string[]): string[];
}

/**
 * Makes the CLI for a socket path. configDir isolates the CLI defaults file (a person's `evpnctl defaults
 * set output json` must not change what the demo parses). bin is the evpnctl entry (default this checkout's).
 */
export function evpnctlCli(socket: string, configDir: string, bin: string = EVPNCTL_BIN): EvpnctlCli {
  const argv = (args: readonly string[]): string[] => [process.execPath, bin, '--socket', socket, ...args];
  const call = async (args: readonly string[]): Promise<CliCall> => {
    // `status` exits 6 while the daemon is unhealthy (a neighbor not up yet): it answered, and callers read the state.
    const okExitCodes = args.find((a) => !a.startsWith('-')) === 'status' ? [6] : [];
    const result = await run(argv(args), { timeoutMs: 30_000, env: { NO_COLOR: '1', EVPNCTL_CONFIG_DIR: configDir }, okExitCodes });
    return { typed: ['evpnctl', ...args].join(' '), result };
  };
  return {
    socket,
    argv,
    run: call,
    json: async <T>(args: readonly string[]): Promise<T> => {
      const { result } = await call(['--json', ...args]);
      try {
        return JSON.parse(result.stdout) as T;
      } catch (err) {
        throw new LabError(`evpnctl --json ${args.join(' ')}: expected JSON, got ${JSON.stringify(result.stdout.slice(0, 200))}`, { cause: err });
      }
    },
  };
}
