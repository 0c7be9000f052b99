// What systemd-journald makes of one line on a service's stdout/stderr stream (journald-stream.c,
// sd-daemon(3)): a leading "<N>" with N in 0..7 is the syslog priority and is stripped; a line without
// it gets the stream's default priority, LOG_INFO (6).
export interface JournalRecord {
  priority: number;
  message: string;
}

export function journalRecord(line: string): JournalRecord {
  const m = /^<([0-7])>/.exec(line);
  return m === null ? { priority: 6, message: line } : { priority: Number(m[1]), message: line.slice(m[0].length) };
}
