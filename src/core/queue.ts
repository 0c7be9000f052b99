// The daemon's single state-change queue: every mutation (control requests, BGP events, OVN discoveries)
// runs here one at a time, so no two changes interleave (GoBGP's mgmtOperation channel, in one line).

/** Runs submitted tasks strictly one after another, in submission order. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private depth = 0;

  /** Queues `task`; resolves or rejects with its outcome. A failing task does not stop the queue. */
  run<T>(task: () => Promise<T> | T): Promise<T> {
    this.depth++;
    const result = this.tail.then(task);
    this.tail = result.then(
      () => this.depth--,
      () => this.depth--,
    );
    return result;
  }

  /** Tasks queued or running. */
  get pending(): number {
    return this.depth;
  }

  /** Resolves when everything queued so far has run. */
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
