// A private OVS + OVN NB for one test run: its own temp dir (OVS_RUNDIR/OVS_DBDIR/... point there),
// ovsdb-server for conf.db and for the NB with explicit --pidfile/--unixctl/--log-file/--remote=punix,
// and optionally ovs-vswitchd on the netdev datapath inside a fresh network namespace (its tap devices
// never reach the host's). Processes run in the foreground as our children, so we stop exactly the PIDs we
// started. Nothing touches /var/run/openvswitch or /etc/openvswitch.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';

const VSWITCH_SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';
const NB_SCHEMA = '/usr/share/ovn/ovn-nb.ovsschema';
const SB_SCHEMA = '/usr/share/ovn/ovn-sb.ovsschema';

type Daemon = ResultPromise<{ env: Record<string, string>; reject: false; stdio: 'ignore' }>;

/** One running sandbox. */
export class OvsSandbox {
  readonly ovsDb: string;
  readonly nbDb: string;
  readonly sbDb: string;
  private daemons = new Map<string, Daemon>();

  private constructor(
    readonly dir: string,
    readonly bridge: string,
    readonly netns: string | null,
    private readonly env: Record<string, string>,
  ) {
    this.ovsDb = `unix:${join(dir, 'db.sock')}`;
    this.nbDb = `unix:${join(dir, 'nb.sock')}`;
    this.sbDb = `unix:${join(dir, 'sb.sock')}`;
  }

  /**
   * Creates the databases and starts the servers; with vswitchd, also a netns, ovs-vswitchd and the bridge;
   * with northd, also an SB database and ovn-northd (for ovn-trace over the logical flows). `bridge` names
   * the bridge (default a unique bi-<tag>); the daemon programs `br-int` and has no option to change that.
   */
  static async start(opts: { vswitchd?: boolean; northd?: boolean; bridge?: string } = {}): Promise<OvsSandbox> {
    for (const tool of ['ovsdb-tool', 'ovsdb-server', 'ovs-vsctl', 'ovn-nbctl', 'ovsdb-client', ...(opts.vswitchd ? ['ovs-vswitchd', 'ip'] : []), ...(opts.northd ? ['ovn-northd', 'ovn-trace'] : [])]) {
      const r = await execa('sh', ['-c', 'command -v "$1"', 'sh', tool], { reject: false });
      if (r.exitCode !== 0) throw new Error(`expected ${tool} on PATH (apt-get install openvswitch-switch ovn-central iproute2), got nothing`);
    }
    for (const schema of [VSWITCH_SCHEMA, NB_SCHEMA]) {
      if (!existsSync(schema)) throw new Error(`expected the OVSDB schema ${schema} (packages openvswitch-common/ovn-common), got no such file`);
    }
    const tag = randomBytes(4).toString('hex');
    const dir = await mkdtemp(join(tmpdir(), `evpnctl-ovn-${tag}-`));
    const env = {
      OVS_RUNDIR: dir, OVS_DBDIR: dir, OVS_LOGDIR: dir, OVS_SYSCONFDIR: dir, OVS_PKGDATADIR: '/usr/share/openvswitch',
      OVN_RUNDIR: dir, OVN_DBDIR: dir, OVN_LOGDIR: dir, OVN_SYSCONFDIR: dir,
    };
    const sb = new OvsSandbox(dir, opts.bridge ?? `bi-${tag.slice(0, 6)}`, opts.vswitchd ? `evpnovn-${tag}` : null, env);
    try {
      await execa('ovsdb-tool', ['create', join(dir, 'conf.db'), VSWITCH_SCHEMA], { env });
      await execa('ovsdb-tool', ['create', join(dir, 'nb.db'), NB_SCHEMA], { env });
      await sb.startServer('ovs');
      await sb.startNb();
      await sb.vsctl('init');
      if (opts.northd) {
        await execa('ovsdb-tool', ['create', join(dir, 'sb.db'), SB_SCHEMA], { env });
        await sb.startServer('sb');
        sb.launch('northd', 'ovn-northd', [`--ovnnb-db=${sb.nbDb}`, `--ovnsb-db=${sb.sbDb}`, `--pidfile=${join(dir, 'northd.pid')}`,
          `--unixctl=${join(dir, 'northd.ctl')}`, `--log-file=${join(dir, 'northd.log')}`, '--no-chdir']);
        await sb.waitFor('ovn-northd', async () => existsSync(join(dir, 'northd.ctl')));
      }
      if (sb.netns !== null) {
        await execa('ip', ['netns', 'add', sb.netns]);
        await sb.startVswitchd();
      }
      await sb.vsctl('add-br', sb.bridge, '--', 'set', 'Bridge', sb.bridge, 'datapath_type=netdev', 'fail-mode=secure');
      return sb;
    } catch (err) {
      await sb.stop();
      throw err;
    }
  }

  /** Runs ovs-vsctl against the sandbox (--no-wait: tests read the database, not the datapath). */
  async vsctl(...args: string[]): Promise<string> {
    const r = await execa('ovs-vsctl', [`--db=${this.ovsDb}`, '--no-wait', '--timeout=20', ...args], { env: this.env });
    return r.stdout;
  }

  /** Runs ovn-nbctl against the sandbox NB. */
  async nbctl(...args: string[]): Promise<string> {
    const r = await execa('ovn-nbctl', [`--db=${this.nbDb}`, '--timeout=20', ...args], { env: { ...this.env, OVN_NB_DAEMON: '' } });
    return r.stdout;
  }

  /** Starts (or restarts) the NB ovsdb-server on the same file and socket. */
  async startNb(): Promise<void> {
    await this.startServer('nb');
  }

  /** Kills the NB ovsdb-server (SIGKILL by default: a crash) and waits until it is gone. */
  async killNb(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    await this.stopDaemon('nb', signal);
  }

  /** Stops every process we started (by pid), deletes the netns and the temp dir. Safe to call twice. */
  async stop(): Promise<void> {
    for (const name of [...this.daemons.keys()].reverse()) await this.stopDaemon(name, 'SIGTERM');
    if (this.netns !== null) await execa('ip', ['netns', 'del', this.netns], { reject: false });
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Runs ovn-trace over the SB logical flows (northd sandboxes only). */
  async trace(datapath: string, microflow: string): Promise<string> {
    await this.nbctl('--wait=sb', 'sync');
    const r = await execa('ovn-trace', [`--db=${this.sbDb}`, '--minimal', datapath, microflow], { env: this.env });
    return r.stdout;
  }

  private async startServer(which: 'ovs' | 'nb' | 'sb'): Promise<void> {
    const sock = join(this.dir, which === 'ovs' ? 'db.sock' : `${which}.sock`);
    const db = join(this.dir, which === 'ovs' ? 'conf.db' : `${which}.db`);
    const args = [db, `--remote=punix:${sock}`, `--pidfile=${join(this.dir, `${which}.pid`)}`,
      `--unixctl=${join(this.dir, `${which}.ctl`)}`, `--log-file=${join(this.dir, `${which}.log`)}`, '--no-chdir'];
    this.launch(which, 'ovsdb-server', args);
    await this.waitFor(`${which} ovsdb-server`, async () =>
      existsSync(sock) && (await execa('ovsdb-client', ['list-dbs', `unix:${sock}`], { reject: false, timeout: 2000 })).exitCode === 0);
  }

  private async startVswitchd(): Promise<void> {
    const ctl = join(this.dir, 'ovs-vswitchd.ctl');
    this.launch('vswitchd', 'ip', ['netns', 'exec', this.netns ?? '', 'ovs-vswitchd', this.ovsDb,
      `--pidfile=${join(this.dir, 'ovs-vswitchd.pid')}`, `--unixctl=${ctl}`, `--log-file=${join(this.dir, 'ovs-vswitchd.log')}`, '--no-chdir']);
    await this.waitFor('ovs-vswitchd', async () => existsSync(ctl));
  }

  /** Spawns a foreground daemon as our child; `ip netns exec` execs in place, so the pid is the daemon's. */
  private launch(name: string, file: string, args: string[]): void {
    const d = execa(file, args, { env: this.env, reject: false, stdio: 'ignore' });
    this.daemons.set(name, d);
  }

  private async stopDaemon(name: string, signal: NodeJS.Signals): Promise<void> {
    const d = this.daemons.get(name);
    if (d === undefined) return;
    this.daemons.delete(name);
    if (d.pid !== undefined && d.exitCode === null) d.kill(signal);
    const killer = setTimeout(() => d.kill('SIGKILL'), 5000);
    await d;
    clearTimeout(killer);
  }

  private async waitFor(what: string, ready: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      if (await ready()) return;
      const exited = [...this.daemons].find(([, d]) => d.exitCode !== null);
      if (exited !== undefined) throw new Error(`expected ${what} to come up, got ${exited[0]} exiting with ${exited[1].exitCode}; see ${this.dir}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error(`expected ${what} to come up within 20 s, got nothing; see ${this.dir}`);
  }
}
