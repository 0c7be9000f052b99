// Newline framing with a hard size limit: a peer on the socket cannot make the daemon buffer
// more than `maxBytes` of one line, whatever it sends.
import { ProtocolError } from '../errors.js';

/** Splits a byte stream into lines; calls onLine per complete line and onOversize once when a line exceeds maxBytes. */
export class LineSplitter {
  private parts: Buffer[] = [];
  private size = 0;
  private overflowed = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (line: string) => void,
    private readonly onOversize: (err: ProtocolError) => void,
  ) {}

  /** Feeds a chunk; stops delivering lines after an oversize line (the connection is to be closed). */
  push(chunk: Buffer): void {
    let start = 0;
    while (!this.overflowed) {
      const nl = chunk.indexOf(0x0a, start);
      const end = nl === -1 ? chunk.length : nl;
      this.size += end - start;
      if (this.size > this.maxBytes) {
        this.overflowed = true;
        this.onOversize(new ProtocolError(`request exceeds ${this.maxBytes} bytes; expected one JSON line of at most that size`));
        return;
      }
      if (end > start) this.parts.push(chunk.subarray(start, end));
      if (nl === -1) return;
      const line = Buffer.concat(this.parts, this.size).toString('utf8');
      this.parts = [];
      this.size = 0;
      start = nl + 1;
      if (line.trim().length > 0) this.onLine(line);
    }
  }

  /** True when bytes of an unterminated line are buffered (a truncated request at end of stream). */
  get pending(): boolean {
    return this.size > 0;
  }
}
