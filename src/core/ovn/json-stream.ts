// Splits a byte stream of concatenated JSON texts (ovsdb-client and the ctl tools print one object per
// table or update) into parsed values, without trusting line breaks to fall between objects.

/** Incremental splitter of top-level JSON objects/arrays; keeps state between chunks. */
export class JsonSplitter {
  private buf = '';
  private depth = 0;
  private inString = false;
  private escaped = false;
  private scanned = 0;

  /** Feeds a chunk; returns every complete value it closed. Throws SyntaxError on a malformed value. */
  push(chunk: string): unknown[] {
    this.buf += chunk;
    const out: unknown[] = [];
    let start = 0;
    for (let i = this.scanned; i < this.buf.length; i++) {
      const ch = this.buf[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === '\\') this.escaped = true;
        else if (ch === '"') this.inString = false;
        continue;
      }
      if (ch === '"') this.inString = true;
      else if (ch === '{' || ch === '[') this.depth++;
      else if (ch === '}' || ch === ']') {
        this.depth--;
        if (this.depth === 0) {
          out.push(JSON.parse(this.buf.slice(start, i + 1)));
          start = i + 1;
        }
      } else if (this.depth === 0 && !/\s/.test(ch ?? '')) {
        throw new SyntaxError(`expected a JSON object or array, got ${JSON.stringify(this.buf.slice(i, i + 40))}`);
      }
    }
    this.buf = this.buf.slice(start);
    this.scanned = this.buf.length;
    return out;
  }

  /** True when no partial value is pending. */
  idle(): boolean {
    return this.buf.trim().length === 0;
  }
}

/** Every JSON value in a complete text (e.g. one ctl invocation's stdout). */
export function parseJsonSequence(text: string): unknown[] {
  const s = new JsonSplitter();
  const values = s.push(text);
  if (!s.idle()) throw new SyntaxError(`expected complete JSON output, got a truncated value: ${JSON.stringify(text.slice(-80))}`);
  return values;
}
