// What every benchmark's entry needs: its `--name value` options, rounding for the results file, and a main
// that keeps the event loop alive while lab children and stop timers (all unref'd) are the only things left.

/** The value after `--name` on the command line, or undefined. */
export const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
};

/** A figure rounded for the results file. */
export const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

/** Runs a benchmark with the loop held open: the lab's daemons are unref'd children and its stop timers are unref'd. */
export async function runKeptAlive(run: () => Promise<void>): Promise<void> {
  const keepAlive = setInterval(() => undefined, 60_000);
  try {
    await run();
  } finally {
    clearInterval(keepAlive);
  }
}
