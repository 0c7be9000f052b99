// A minimal OVN site built from scratch with the binaries of one OVN build: the host's (Debian 12, OVN 23.03)
// or a Debian root's run as `chroot ROOT <binary>` (Debian 13, OVN 25.03, from scripts/trixie-root.sh with
// EVPNCTL_TRIXIE_PACKAGES). The same processes and flags as the lab's site (src/lab/ovs.ts, src/lab/ovn.ts):
// ovsdb-server for conf.db (created from THAT build's vswitch schema), ovs-vswitchd (userspace only:
// --disable-system, br-int datapath_type=netdev), NB and SB ovsdb-servers, ovn-northd and ovn-controller, all
// in a netns of their own (the netdev br-int port is a tap device). Every db/socket/pid/log path is under one
// directory inside the root (ROOT/tmp/ovnfloor-<pid>-<n>), so this process reaches the unix sockets at ROOT+path.
// The topology is data-plane.ts's OVN site: switches ls1..lsV, each with one unbound VM port (an address) and
// one EVPN port (addresses "unknown") bound on this chassis through an OVS vxlan port on br-int.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { startDaemonized } from '../../src/lab/daemon.js';
import { chrootArgv } from '../../src/lab/debian-root.js';
import { run, type RunResult } from '../../src/lab/exec.js';
import { ovnNbRemote, ovnSbRemote, ovsDbRemote, ovsOvnDirs, ovsOvnEnv } from '../../src/lab/ovs-env.js';
import { LabRun } from '../../src/lab/run.js';
import { waitFor } from '../../src/lab/wait.js';

/** Where an OVN build's binaries come from. */
export interface OvnBuild {
  /** debian12 (the host's) or debian13 (the root's). */
  name: string;
  /** The Debian root its binaries run from; '' for the host. */
  root: string;
}

/** The VTEP the EVPN ports' vxlan interfaces point at (data-plane.ts's injector). */
export const REMOTE_VTEP = '192.168.100.1';

/** The EVPN LSP of VNI v (data-plane.ts names it as evpnctl does: evpn-<vni>-<remote VTEP>). */
export const evpnLsp = (v: number): string => `evpn-${v}-${REMOTE_VTEP}`;

/**
 * argv that runs a program of the build: chrooted with proc, the netns' sysfs and /dev (for /dev/net/tun),
 * mounted in a private mount namespace of its own (unshare -m), so they never reach the host's, whether or not
 * the command runs through `ip netns exec`; they vanish with the last process in it.
 */
export function buildArgv(b: OvnBuild, argv: readonly string[]): string[] {
  if (b.root === '') return [...argv];
  return ['unshare', '-m', '--propagation', 'private', ...chrootArgv(b.root, argv, { proc: true, sysfs: true, binds: ['/dev'] })];
}

/** A running site. */
export interface FloorSite {
  readonly build: OvnBuild;
  /** Remotes as this process reaches them (host paths: ROOT + the path inside the root). */
  readonly nbRemote: string;
  readonly sbRemote: string;
  /** The processes the benchmark observes, by the name its breakdown uses. */
  readonly groups: Record<'northd' | 'ovn-controller' | 'ovs-vswitchd' | 'nb-ovsdb-server' | 'sb-ovsdb-server', number[]>;
  /** Runs a tool of the build in the site's netns with the site's environment. */
  run(argv: readonly string[], timeoutMs?: number): Promise<RunResult>;
  /** Stops every process, deletes the netns, removes the state directory. */
  down(): Promise<void>;
}

/** Options of a site. */
export interface FloorSiteOptions {
  vnis: number;
  /** Tells concurrent sites of one process apart (the state dir is ovnfloor-<pid>-<n>). */
  n: number;
  /** ovn-encap-ip and the vxlan ports' local_ip. */
  encapIp: string;
}

/** Starts the site and waits until every EVPN port is bound on this chassis; torn down again on failure. */
export async function startFloorSite(build: OvnBuild, o: FloorSiteOptions): Promise<FloorSite> {
  const labRun = await LabRun.create({ description: `bench ovn-floor ${build.name}` });
  const inner = `/tmp/ovnfloor-${process.pid}-${o.n}`;
  const host = (p: string): string => `${build.root}${p}`;
  const down = async (): Promise<void> => {
    await labRun.down();
    await rm(host(inner), { recursive: true, force: true });
  };
  try {
    const netns = await labRun.addNetns('ovnfloor');
    const dirs = ovsOvnDirs(inner);
    const env = ovsOvnEnv(dirs);
    const exec = async (argv: readonly string[], timeoutMs = 20_000): Promise<RunResult> => run(buildArgv(build, argv), { netns, env, timeoutMs });
    await exec(['mkdir', '-p', dirs.ovsDir, dirs.ovnDir]);
    const daemon = async (name: string, dir: string, file: string, argv: readonly string[]): Promise<number> => {
      const pidfile = join(dir, `${file}.pid`);
      const logFile = join(dir, `${file}.log`);
      const p = await startDaemonized(labRun, {
        name: `${name}(${build.name})`, netns, env, pidfile: host(pidfile), logFile: host(logFile),
        argv: buildArgv(build, [...argv, `--pidfile=${pidfile}`, `--log-file=${logFile}`, '--detach']),
      });
      return p.pid;
    };
    const d = dirs.ovsDir;
    await exec(['ovsdb-tool', 'create', join(d, 'conf.db'), '/usr/share/openvswitch/vswitch.ovsschema']);
    await daemon('ovsdb-server(ovs)', d, 'ovsdb-server', ['ovsdb-server', join(d, 'conf.db'), `--remote=p${ovsDbRemote(dirs)}`,
      '--remote=db:Open_vSwitch,Open_vSwitch,manager_options', `--unixctl=${join(d, 'ovsdb-server.ctl')}`]);
    const vsctl = (...args: string[]): Promise<RunResult> => exec(['ovs-vsctl', `--db=${ovsDbRemote(dirs)}`, '--timeout=20', ...args]);
    await vsctl('--no-wait', 'init');
    const vswitchd = await daemon('ovs-vswitchd', d, 'ovs-vswitchd', ['ovs-vswitchd', ovsDbRemote(dirs), '--disable-system',
      `--unixctl=${join(d, 'ovs-vswitchd.ctl')}`]);
    const n = dirs.ovnDir;
    const dbPids: number[] = [];
    for (const db of ['ovnnb_db', 'ovnsb_db']) {
      await exec(['ovsdb-tool', 'create', join(n, `${db}.db`), `/usr/share/ovn/${db === 'ovnnb_db' ? 'ovn-nb' : 'ovn-sb'}.ovsschema`]);
      dbPids.push(await daemon(`ovsdb-server(${db})`, n, db, ['ovsdb-server', join(n, `${db}.db`), `--remote=punix:${join(n, `${db}.sock`)}`,
        `--unixctl=${join(n, `${db}.ctl`)}`]));
    }
    const northd = await daemon('ovn-northd', n, 'ovn-northd', ['ovn-northd', `--ovnnb-db=${ovnNbRemote(dirs)}`, `--ovnsb-db=${ovnSbRemote(dirs)}`,
      `--unixctl=${join(n, 'ovn-northd.ctl')}`]);
    // The chassis configuration must be in place before ovn-controller starts; br-int is pre-created as
    // netdev so ovn-controller never tries the (absent) kernel datapath (src/lab/ovn.ts).
    await vsctl('set', 'Open_vSwitch', '.', `external_ids:system-id=floor-${build.name}`, `external_ids:hostname=floor-${build.name}`,
      `external_ids:ovn-remote=${ovnSbRemote(dirs)}`, 'external_ids:ovn-encap-type=geneve', `external_ids:ovn-encap-ip=${o.encapIp}`,
      'external_ids:ovn-bridge=br-int', 'external_ids:ovn-bridge-datapath-type=netdev');
    await vsctl('--', '--may-exist', 'add-br', 'br-int', '--', 'set', 'Bridge', 'br-int', 'datapath_type=netdev', 'fail-mode=secure',
      'other-config:disable-in-band=true');
    const controller = await daemon('ovn-controller', n, 'ovn-controller', ['ovn-controller', ovsDbRemote(dirs)]);
    const nbctl = (...args: string[]): Promise<RunResult> => exec(['ovn-nbctl', `--db=${ovnNbRemote(dirs)}`, '--timeout=20', ...args]);
    const sbRun = (...args: string[]): Promise<RunResult> => exec(['ovn-sbctl', `--db=${ovnSbRemote(dirs)}`, '--timeout=20', ...args]);
    const vnis = Array.from({ length: o.vnis }, (_, i) => i + 1);
    // Each switch: one local VM port, as a cloud's network has (unbound: no VM behind it), and the EVPN port.
    await nbctl(...vnis.flatMap((v) => ['--', 'ls-add', `ls${v}`,
      '--', 'lsp-add', `ls${v}`, `vm${v}`, '--', 'lsp-set-addresses', `vm${v}`, `0a:00:00:00:00:${v.toString(16).padStart(2, '0')} 10.255.0.${v}`,
      '--', 'lsp-add', `ls${v}`, evpnLsp(v), '--', 'lsp-set-addresses', evpnLsp(v), 'unknown']).slice(1));
    await vsctl(...vnis.flatMap((v) => ['--', 'add-port', 'br-int', `vx${v}`, '--', 'set', 'Interface', `vx${v}`, 'type=vxlan',
      `options:remote_ip=${REMOTE_VTEP}`, `options:key=${v}`, 'options:dst_port=4789', `options:local_ip=${o.encapIp}`,
      `external_ids:iface-id=${JSON.stringify(evpnLsp(v))}`]).slice(1));
    const wanted = new Set(vnis.map(evpnLsp));
    await waitFor(`every EVPN port bound on chassis floor-${build.name} (${build.name})`, async () => {
      const { stdout } = await sbRun('--format=json', '--columns=logical_port,chassis', 'list', 'Port_Binding');
      const rows = (JSON.parse(stdout) as { data: [string, unknown][] }).data;
      const bound = rows.filter(([lp, ch]) => wanted.has(lp) && Array.isArray(ch) && ch[0] === 'uuid').length;
      return bound === wanted.size ? true : undefined;
    }, { timeoutMs: 30_000, intervalMs: 200 });
    const pid = (p: number | undefined): number[] => (p === undefined ? [] : [p]);
    return {
      build, nbRemote: `unix:${host(join(n, 'ovnnb_db.sock'))}`, sbRemote: `unix:${host(join(n, 'ovnsb_db.sock'))}`,
      groups: {
        northd: [northd], 'ovn-controller': [controller], 'ovs-vswitchd': [vswitchd],
        'nb-ovsdb-server': pid(dbPids[0]), 'sb-ovsdb-server': pid(dbPids[1]),
      },
      run: exec, down,
    };
  } catch (err) {
    await labRun.down();
    throw err;
  }
}
