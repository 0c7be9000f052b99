// The CLI entry: runs one invocation and returns its exit code (bin/evpnctl applies it).
import { CommanderError } from 'commander';
import { EvpnError } from './core/errors.js';
import { CliContext } from './commands/context.js';
import { EXIT, exitCodeFor } from './commands/exit-codes.js';
import type { Io } from './commands/output.js';
import { buildProgram } from './commands/program.js';

/** Runs `evpnctl` with `argv` (as process.argv: node, script, args...). */
export async function run(argv: string[], io: Io): Promise<number> {
  const ctx = new CliContext(io);
  const program = buildProgram(ctx);
  try {
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and --version end with code 0; everything else commander rejects is a usage error.
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    if (err instanceof EvpnError) {
      io.stderr(`evpnctl: ${err.message}\n`);
      return exitCodeFor(err.code);
    }
    io.stderr(`evpnctl: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    return EXIT.error;
  }
}
