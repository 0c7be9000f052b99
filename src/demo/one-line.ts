// The demo prints each evpnctl step on one line; this turns a command's output into that line.

/** A key/value block ("AS:  65000") joined with commas, or a table's last row; at most `max` characters. */
export function oneLine(text: string, max = 110): string {
  const lines = text.trim().split('\n').map((l) => l.trim().replace(/\s{2,}/g, ' ')).filter((l) => l !== '');
  const first = lines[0] ?? '';
  const line = first.includes(':') ? lines.join(', ') : (lines[lines.length - 1] ?? '');
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
