// An isolated Open vSwitch instance inside a netns: ovsdb-server (fresh conf.db from the packaged
// schema) and ovs-vswitchd, all state under the run directory, unix sockets only (no TCP remotes).
// Bridges use the userspace (netdev) datapath because no OVS kernel module is available.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startDaemonized, type ManagedProcess } from './daemon.js';
import { run } from './exec.js';
import { ovsDbRemote, ovsOvnEnv, type OvsOvnDirs } from './ovs-env.js';
import type { LabRun } from './run.js';

/** Schema the fresh conf.db is created from. */
export const VSWITCH_SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema';

/** A running OVS instance. */
export interface OvsInstance {
  readonly netns: string;
  readonly dirs: OvsOvnDirs;
  /** `unix:<dir>/db.sock`, for `--db=` / `evpnctl daemon --ovs-db`. */
  readonly dbRemote: string;
  /** OVS_* / OVN_* variables that point every tool at this instance. */
  readonly env: Readonly<Record<string, string>>;
  /** ovs-vswitchd's control socket, for ovs-appctl -t. */
  readonly vswitchdCtl: string;
  /** Its ovsdb-server and ovs-vswitchd (a chassis-death test kills them by PID). */
  readonly processes: { readonly db: ManagedProcess; readonly vswitchd: ManagedProcess };
  /** Runs `ovs-vsctl --db=<ours> ...args` in the netns; returns stdout. */
  vsctl(...args: string[]): Promise<string>;
  /** Runs `ovs-appctl -t <vswitchd ctl> ...args`; returns stdout. */
  appctl(...args: string[]): Promise<string>;
  /** Stops ovs-vswitchd, then ovsdb-server. */
  stop(): Promise<void>;
}

/** Starts ovsdb-server and ovs-vswitchd for an instance in netns (lab-recipe 02-ovs-ovn.sh). */
export async function startOvs(labRun: LabRun, netns: string, dirs: OvsOvnDirs): Promise<OvsInstance> {
  const d = dirs.ovsDir;
  await mkdir(d, { recursive: true });
  const env = ovsOvnEnv(dirs);
  const dbRemote = ovsDbRemote(dirs);
  const vswitchdCtl = join(d, 'ovs-vswitchd.ctl');
  await run(['ovsdb-tool', 'create', join(d, 'conf.db'), VSWITCH_SCHEMA], { env });
  const db = await startDaemonized(labRun, {
    name: 'ovsdb-server(ovs)', netns, env, pidfile: join(d, 'ovsdb-server.pid'), logFile: join(d, 'ovsdb-server.log'),
    argv: ['ovsdb-server', join(d, 'conf.db'), `--remote=p${dbRemote}`, '--remote=db:Open_vSwitch,Open_vSwitch,manager_options',
      `--pidfile=${join(d, 'ovsdb-server.pid')}`, `--unixctl=${join(d, 'ovsdb-server.ctl')}`, `--log-file=${join(d, 'ovsdb-server.log')}`, '--detach'],
  });
  const vsctl = async (...args: string[]): Promise<string> =>
    (await run(['ovs-vsctl', `--db=${dbRemote}`, '--timeout=20', ...args], { netns, env })).stdout;
  await vsctl('--no-wait', 'init');
  const vswitchd: ManagedProcess = await startDaemonized(labRun, {
    name: 'ovs-vswitchd', netns, env, pidfile: join(d, 'ovs-vswitchd.pid'), logFile: join(d, 'ovs-vswitchd.log'),
    argv: ['ovs-vswitchd', dbRemote, `--pidfile=${join(d, 'ovs-vswitchd.pid')}`, `--unixctl=${vswitchdCtl}`,
      `--log-file=${join(d, 'ovs-vswitchd.log')}`, '--detach'],
  });
  return {
    netns, dirs, dbRemote, env, vswitchdCtl, vsctl, processes: { db, vswitchd },
    appctl: async (...args) => (await run(['ovs-appctl', '-t', vswitchdCtl, ...args], { netns, env })).stdout,
    stop: async () => {
      await vswitchd.stop();
      await db.stop();
    },
  };
}

/** Options of a netdev bridge. */
export interface NetdevBridgeOptions {
  failMode?: 'secure' | 'standalone';
  /** Fixed MAC of the bridge's internal port (other-config:hwaddr). */
  hwaddr?: string;
  /** Extra other-config:key=value pairs. */
  otherConfig?: Readonly<Record<string, string>>;
}

/** Creates (or keeps) a bridge with datapath_type=netdev; waits until ovs-vswitchd has applied it. */
export async function addNetdevBridge(ovs: OvsInstance, name: string, o: NetdevBridgeOptions = {}): Promise<void> {
  const settings = ['datapath_type=netdev'];
  if (o.failMode) settings.push(`fail-mode=${o.failMode}`);
  if (o.hwaddr) settings.push(`other-config:hwaddr=${quoteOvsdb(o.hwaddr)}`);
  for (const [k, v] of Object.entries(o.otherConfig ?? {})) settings.push(`other-config:${k}=${quoteOvsdb(v)}`);
  await ovs.vsctl('--', '--may-exist', 'add-br', name, '--', 'set', 'Bridge', name, ...settings);
}

/** Adds a system (AF_PACKET) port to a bridge, optionally bound to an OVN logical port by iface-id. */
export async function addSystemPort(ovs: OvsInstance, bridge: string, port: string, ifaceId?: string): Promise<void> {
  const extra = ifaceId === undefined ? [] : ['--', 'set', 'Interface', port, `external_ids:iface-id=${quoteOvsdb(ifaceId)}`];
  await ovs.vsctl('--', '--may-exist', 'add-port', bridge, port, ...extra);
}

/** A VXLAN port on a bridge (what evpnctl creates per (VNI, remote VTEP); the static lab does it by hand). */
export interface VxlanPortSpec {
  bridge: string;
  port: string;
  remoteIp: string;
  vni: number;
  localIp?: string;
  /** OVN logical switch port this interface is bound to. */
  ifaceId?: string;
}

/** Adds a type=vxlan interface with key=VNI and dst_port 4789 (lab-recipe static-ovn-port.sh). */
export async function addVxlanPort(ovs: OvsInstance, s: VxlanPortSpec): Promise<void> {
  const opts = [`options:remote_ip=${s.remoteIp}`, `options:key=${s.vni}`, 'options:dst_port=4789'];
  if (s.localIp) opts.push(`options:local_ip=${s.localIp}`);
  if (s.ifaceId) opts.push(`external_ids:iface-id=${quoteOvsdb(s.ifaceId)}`);
  await ovs.vsctl('--', '--may-exist', 'add-port', s.bridge, s.port, '--', 'set', 'Interface', s.port, 'type=vxlan', ...opts);
}

/** Quotes a value for ovs-vsctl's key=value syntax when it holds characters the parser treats specially. */
export function quoteOvsdb(value: string): string {
  return /^[A-Za-z0-9_.\-/]*$/.test(value) ? value : JSON.stringify(value);
}
