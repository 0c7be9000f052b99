// Running a cleanup registry when the process is told to stop (Ctrl-C, kill). This is the only place
// the lab touches process-level signal handlers; the handlers close over the registry passed in, so
// there is still no module-level state, and uninstall() removes exactly what install added.
import type { CleanupRegistry } from './cleanup.js';

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * On SIGINT/SIGTERM/SIGHUP: runs the registry, reports through onReport, then re-raises the signal with
 * the default action so the process ends with the conventional status (bin/ and src/ never call exit).
 * Returns a function that removes the handlers.
 */
export function installSignalCleanup(registry: CleanupRegistry, onReport: (signal: NodeJS.Signals, ok: boolean) => void = () => undefined): () => void {
  let handling = false;
  const handler = (sig: NodeJS.Signals): void => {
    if (handling) return; // a second Ctrl-C while cleaning up: keep cleaning, the first pass is still running
    handling = true;
    void registry.run().then((report) => {
      onReport(sig, report.ok);
      uninstall();
      process.kill(process.pid, sig);
    });
  };
  const uninstall = (): void => {
    for (const s of SIGNALS) process.off(s, handler);
  };
  for (const s of SIGNALS) process.on(s, handler);
  return uninstall;
}
