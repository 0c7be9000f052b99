// Polling for integration tests that wait on real processes (never for unit tests: those use a fake clock).

/** Retries check until it stops throwing or timeoutMs passes; rethrows the last failure. */
export async function eventually<T>(check: () => Promise<T> | T, timeoutMs = 10_000, everyMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, everyMs));
    }
  }
}
