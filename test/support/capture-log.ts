// A Logger that keeps its lines, for tests of what gets logged.
import type { Logger } from '../../src/core/log.js';

/** A logger at debug level that keeps every line as "LEVEL message". */
export function captureLog(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const keep = (l: string) => (m: string) => void lines.push(`${l} ${m}`);
  return { lines, error: keep('ERROR'), warn: keep('WARN'), info: keep('INFO'), debug: keep('DEBUG'), enabled: () => true };
}
