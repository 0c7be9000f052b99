// Test harness: runs the real, compiled CLI (bin/evpnctl) and real daemons on temp sockets and state dirs.
// Nothing is mocked; a test talks to the daemon exactly as a user's shell script would.
import { execa, type ResultPromise } from 'execa';
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { waitFor } from '../../src/lab/wait.js';

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
  await waitFor(`a daemon listening on ${path}`, () => new Promise<true | undefined>((res) => {
    const c = connect(path);
    c.once('connect', () => {
      c.destroy();
      res(true);
    });
    c.once('error', () => res(undefined));
  }), { timeoutMs, intervalMs: 50 });
}

export interface TestDaemonOptions {
  /**
   * Run the daemon in its own network namespace (default). Its only link is a veth to the host with a
   * link-local /30, so BGP connect attempts to configured neighbors (the seed documents' 172.17.0.x and
   * 192.168.10.x) find no route and never leave the machine, while tests still reach its REST and metrics
   * ports at `ip`. The control socket is a file, so the CLI works from the host either way.
   */
  isolated?: boolean;
  /** Extra environment for the daemon (e.g. NODE_OPTIONS for diagnostics). */
  env?: Record<string, string>;
}

/** Used link-local /30s on the host, so parallel test files pick distinct ones. */
function pickLinkLocal(): { host: string; ns: string } {
  const used = execFileSync('ip', ['-4', '-o', 'addr', 'show'], { encoding: 'utf8' });
  for (;;) {
    const a = randomInt(1, 255);
    const b = randomInt(0, 64) * 4;
    if (!used.includes(`169.254.${a}.${b + 1}/`)) return { host: `169.254.${a}.${b + 1}`, ns: `169.254.${a}.${b + 2}` };
  }
}

/** A daemon under test with its own temp dir (socket + state) and, by default, its own network namespace. */
export class TestDaemon {
  readonly dir: string;
  readonly socket: string;
  readonly stateDir: string;
  /** Where the daemon's TCP listeners are reachable from the test: its netns address, or 127.0.0.1. */
  readonly ip: string;
  readonly netns: string | undefined;
  /** The host's end of the veth to the daemon's netns (undefined when not isolated): where test peers dial from. */
  readonly hostIp: string | undefined;
  private readonly env: Record<string, string>;
  private netnsReady = false;
  proc: ResultPromise | undefined;
  stderr = '';

  constructor(readonly extraArgs: string[] = [], opts: TestDaemonOptions = {}) {
    this.dir = mkdtempSync(join(tmpdir(), `evpnctl-test-${process.pid}-`));
    this.socket = join(this.dir, 'evpnctl.sock');
    this.stateDir = join(this.dir, 'state');
    this.env = opts.env ?? {};
    if (opts.isolated === false) {
      this.ip = '127.0.0.1';
    } else {
      const addrs = pickLinkLocal();
      this.ip = addrs.ns;
      this.hostIp = addrs.host;
      this.netns = `evt${process.pid.toString(36)}${randomInt(36 ** 4).toString(36)}`;
    }
  }

  /** Creates the namespace and its veth on first use. */
  private setupNetns(): void {
    if (this.netns === undefined || this.netnsReady) return;
    const ns = this.netns;
    const host = `${ns}h`.slice(-15);
    const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    ip('netns', 'add', ns);
    this.netnsReady = true;
    ip('-n', ns, 'link', 'set', 'lo', 'up');
    ip('link', 'add', host, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', ns);
    ip('addr', 'add', `${this.hostIp}/30`, 'dev', host);
    ip('link', 'set', host, 'up');
    ip('-n', ns, 'addr', 'add', `${this.ip}/30`, 'dev', 'eth0');
    ip('-n', ns, 'link', 'set', 'eth0', 'up');
  }

  /** Starts `evpnctl daemon` and waits for its socket. Databases default to paths where nothing listens. */
  async start(): Promise<this> {
    this.stderr = '';
    this.setupNetns();
    const dbs = this.extraArgs.some((a) => a === '--ovs-db' || a === '--ovn-nb-db')
      ? []
      : ['--ovs-db', `unix:${join(this.dir, 'no-ovs.sock')}`, '--ovn-nb-db', `unix:${join(this.dir, 'no-nb.sock')}`];
    const argv = [BIN, 'daemon', '--socket', this.socket, '--state-dir', this.stateDir, ...dbs, ...this.extraArgs];
    const [cmd, args] = this.netns === undefined ? ['node', argv] : ['ip', ['netns', 'exec', this.netns, 'node', ...argv]];
    // `ip netns exec` execs in place, so the pid we hold is the daemon's.
    const proc = execa(cmd, args, { reject: false, stdin: 'ignore', env: { NO_COLOR: '1', ...this.env } });
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

  /** Stops the daemon, removes its namespace (and with it the veth) and its temp dir. */
  async dispose(): Promise<void> {
    await this.kill('SIGKILL').catch(() => undefined);
    if (this.netns !== undefined && this.netnsReady) {
      execFileSync('ip', ['netns', 'del', this.netns], { stdio: 'ignore' });
      this.netnsReady = false;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
