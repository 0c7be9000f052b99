// Step-by-step progress for people: each step prints its name, duration and outcome; summary() prints
// PASS/FAIL. Output goes through a writer function so the CLI decides where it lands.
import chalk from 'chalk';

/** The outcome of one step. */
export interface StepResult {
  name: string;
  ok: boolean;
  ms: number;
  detail?: string;
}

/** Runs and reports steps in order. */
export class StepReporter {
  readonly results: StepResult[] = [];
  readonly #write: (line: string) => void;
  readonly #t0 = performance.now();

  /** Creates a reporter writing lines through write. */
  constructor(write: (line: string) => void) {
    this.#write = write;
  }

  /** Runs fn as a step; rethrows its error after reporting it. `detail` may describe the result. */
  async step<T>(name: string, fn: () => Promise<T>, detail?: (value: T) => string): Promise<T> {
    const t0 = performance.now();
    try {
      const value = await fn();
      this.#record({ name, ok: true, ms: performance.now() - t0, ...(detail ? { detail: detail(value) } : {}) });
      return value;
    } catch (err) {
      this.#record({ name, ok: false, ms: performance.now() - t0, detail: err instanceof Error ? err.message : String(err) });
      throw err;
    }
  }

  /** Records a check that has no async work (a condition on values already gathered). */
  check(name: string, ok: boolean, detail: string): void {
    this.#record({ name, ok, ms: 0, detail });
  }

  /** True when every step so far passed. */
  get ok(): boolean {
    return this.results.every((r) => r.ok);
  }

  /** Prints the PASS/FAIL line with counts and total time. */
  summary(): void {
    const failed = this.results.filter((r) => !r.ok).length;
    const total = `${this.results.length} steps, ${failed} failed, ${fmt(performance.now() - this.#t0)}`;
    this.#write(failed === 0 ? chalk.green.bold(`PASS (${total})`) : chalk.red.bold(`FAIL (${total})`));
  }

  #record(r: StepResult): void {
    this.results.push(r);
    const mark = r.ok ? chalk.green('✔') : chalk.red('✘');
    const time = chalk.dim(`${fmt(r.ms)}`.padStart(8));
    this.#write(`${mark} ${time}  ${r.name}${r.detail ? chalk.dim(` — ${r.detail}`) : ''}`);
  }
}

function fmt(ms: number): string {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}
