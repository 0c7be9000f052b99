// The shared ending of the lab's and the demo's command-line programs: run commander, turn its usage errors
// into exit code 2 and anything else into a one-line error and exit code 1 (they are program entries, so they
// set process.exitCode; nothing calls process.exit).
import type { Command } from 'commander';

/** Parses process.argv with `program` and sets process.exitCode from the outcome. */
export async function runProgram(program: Command, prefix = 'error:'): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    const code = (err as { exitCode?: number }).exitCode;
    if (typeof code === 'number') process.exitCode = code === 0 ? 0 : 2;
    else {
      process.stderr.write(`${prefix} ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    }
  }
}
