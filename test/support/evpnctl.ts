// Test harness: runs the real, compiled CLI (bin/evpnctl) and real daemons on temp sockets and state dirs.
// Nothing is mocked; a test talks to the daemon exactly as a user's shell script would.
import { execa, type ResultPromise } from 'execa';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(ROOT, 'bin/evpnctl');

/** Fails loudly when the build is missing: the CLI under test is the compiled one. */
export function requireBuild(): void {
  if (!existsSync(join(ROOT, 'dist/cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` before these tests (npm test does)');
}

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Runs `evpnctl args...` and returns its exit code and output (never throws on non-zero exit). */
export async function evpnctl(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const r = await execa('node', [BIN, ...args], { reject: false, env: { NO_COLOR: '1', ...env }, stdin: 'ignore', timeout: 30_000 });
  return { exitCode: r.exitCode ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** Resolves when something accepts connections on the Unix socket. */
export async function waitForSocket(path: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((res) => {
      const c = connect(path);
      c.once('connect', () => {
        c.destroy();
        res(true);
      });
      c.once('error', () => res(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`no daemon listening on ${path} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A daemon under test with its own temp dir (socket + state). */
export class TestDaemon {
  readonly dir: string;
  readonly socket: string;
  readonly stateDir: string;
  proc: ResultPromise | undefined;
  stderr = '';

  constructor(readonly extraArgs: string[] = []) {
    this.dir = mkdtempSync(join(tmpdir(), `evpnctl-test-${process.pid}-`));
    this.socket = join(this.dir, 'evpnctl.sock');
    this.stateDir = join(this.dir, 'state');
  }

  /** Starts `evpnctl daemon` and waits for its socket. */
  async start(): Promise<this> {
    this.stderr = '';
    const proc = execa('node', [BIN, 'daemon', '--socket', this.socket, '--state-dir', this.stateDir, ...this.extraArgs], {
      reject: false, stdin: 'ignore', env: { NO_COLOR: '1' },
    });
    proc.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    this.proc = proc;
    const exited = proc.then((r) => {
      throw new Error(`daemon exited early with ${r.exitCode}: ${this.stderr}`);
    });
    await Promise.race([waitForSocket(this.socket), exited]);
    exited.catch(() => undefined);
    return this;
  }

  /** Runs the CLI against this daemon. */
  cli(...args: string[]): Promise<CliResult> {
    return evpnctl(['--socket', this.socket, ...args]);
  }

  /** The daemon process is still alive. */
  get alive(): boolean {
    return this.proc !== undefined && this.proc.exitCode === null && !this.proc.killed;
  }

  /** Kills the daemon with `signal` and waits for it to exit. */
  async kill(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const p = this.proc;
    if (!p || p.exitCode !== null) return;
    p.kill(signal);
    await p;
    this.proc = undefined;
  }

  /** Stops the daemon and removes its temp dir. */
  async dispose(): Promise<void> {
    await this.kill('SIGKILL').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
