// A LIFO cleanup registry: every helper that creates something registers how to undo it, and one
// run() undoes everything in reverse order. It keeps going when a step fails (collecting the errors),
// and it is idempotent: a second run() does nothing new, concurrent run() calls share one pass.

/** One undo step's outcome. */
export interface CleanupStepResult {
  label: string;
  ok: boolean;
  ms: number;
  error?: unknown;
}

/** What a cleanup pass did. */
export interface CleanupReport {
  steps: CleanupStepResult[];
  /** True when every step succeeded. */
  ok: boolean;
}

interface Step {
  label: string;
  fn: () => Promise<void> | void;
}

/** The registry. Create one per lab run; it is plain data, no process-wide state. */
export class CleanupRegistry {
  #stack: Step[] = [];
  #inFlight: Promise<CleanupReport> | undefined;
  #done: CleanupStepResult[] = [];

  /** Registers an undo step; it runs before every step registered earlier. */
  add(label: string, fn: () => Promise<void> | void): void {
    this.#stack.push({ label, fn });
  }

  /** Number of steps not yet run. */
  get pending(): number {
    return this.#stack.length;
  }

  /** Runs all pending steps, newest first. Errors are collected, never thrown. */
  run(): Promise<CleanupReport> {
    this.#inFlight ??= this.#drain().finally(() => {
      this.#inFlight = undefined;
    });
    return this.#inFlight;
  }

  /** Every step run so far, across passes. */
  get history(): readonly CleanupStepResult[] {
    return this.#done;
  }

  async #drain(): Promise<CleanupReport> {
    const steps: CleanupStepResult[] = [];
    for (let step = this.#stack.pop(); step !== undefined; step = this.#stack.pop()) {
      const t0 = performance.now();
      try {
        await step.fn();
        steps.push({ label: step.label, ok: true, ms: performance.now() - t0 });
      } catch (error) {
        steps.push({ label: step.label, ok: false, ms: performance.now() - t0, error });
      }
    }
    this.#done.push(...steps);
    return { steps, ok: steps.every((s) => s.ok) };
  }
}

/** Wraps an async action so that it runs at most once; later calls get the first call's promise. */
export function once(fn: () => Promise<void>): () => Promise<void> {
  let p: Promise<void> | undefined;
  return () => (p ??= fn());
}

/** Formats the failed steps of a report as one message per line (empty when all succeeded). */
export function describeFailures(report: CleanupReport): string {
  return report.steps
    .filter((s) => !s.ok)
    .map((s) => `${s.label}: ${s.error instanceof Error ? s.error.message : String(s.error)}`)
    .join('\n');
}
