// HTTP helpers for tests of the daemon's REST and metrics servers: free loopback ports and curl, the
// client the documentation's examples use.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A TCP port on 127.0.0.1 that nothing listens on right now (the OS picks it, so parallel runs don't collide). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr !== null ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface CurlReply {
  status: number;
  headers: Record<string, string>;
  /** The body as text. */
  text: string;
  /** The body parsed as JSON (undefined when it is not JSON). */
  json: unknown;
}

/** Runs `curl -s <args>` and returns the status, the headers of the final response (lower-cased) and the body. */
export async function curl(args: string[], input?: string | Buffer): Promise<CurlReply> {
  const dir = mkdtempSync(join(tmpdir(), `evpnctl-curl-${process.pid}-`));
  try {
    const bodyFile = join(dir, 'body');
    const r = await execa('curl', ['-s', '-S', '-o', bodyFile, '-w', '%{http_code}\n%{header_json}', ...args], {
      reject: false, timeout: 30_000, ...(input !== undefined ? { input } : { stdin: 'ignore' as const }),
    });
    if (r.exitCode !== 0) throw new Error(`curl ${args.join(' ')} failed (${r.exitCode}): ${r.stderr}`);
    const [code = '0', ...rest] = r.stdout.split('\n');
    const raw = JSON.parse(rest.join('\n') || '{}') as Record<string, string[]>;
    const headers = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k.toLowerCase(), v.join(', ')]));
    let text = '';
    try {
      text = readFileSync(bodyFile, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // no body at all
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (_err) {
      json = undefined;
    }
    return { status: Number(code), headers, text, json };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
