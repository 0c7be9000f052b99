// An isolated OVN deployment inside a netns: NB and SB ovsdb-servers, ovn-northd, and ovn-controller
// for the OVS instance next to it. Sockets are unix-only, under the run directory.
// ovn-controller 23.03 has no --unixctl (lab-recipe P4); its control socket is $OVN_RUNDIR/ovn-controller.<pid>.ctl.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { startDaemonized, type ManagedProcess } from './daemon.js';
import { run } from './exec.js';
import { ovnNbRemote, ovnSbRemote } from './ovs-env.js';
import { addNetdevBridge, quoteOvsdb, type OvsInstance } from './ovs.js';
import type { LabRun } from './run.js';

/** Schemas the fresh NB and SB databases are created from. */
export const OVN_NB_SCHEMA = '/usr/share/ovn/ovn-nb.ovsschema';
/** Southbound schema. */
export const OVN_SB_SCHEMA = '/usr/share/ovn/ovn-sb.ovsschema';

/** How this chassis presents itself to OVN. */
export interface ChassisSpec {
  systemId: string;
  hostname: string;
  /** ovn-encap-ip: the chassis's tunnel IP (OVN itself stays on geneve, lab-recipe P12). */
  encapIp: string;
}

/** A running OVN deployment. */
export interface OvnInstance {
  /** `unix:<dir>/ovnnb_db.sock`, for `--db=` / `evpnctl daemon --ovn-nb-db`. */
  readonly nbRemote: string;
  readonly sbRemote: string;
  readonly controller: ManagedProcess;
  /** Runs `ovn-nbctl --db=<ours> ...args`; returns stdout. */
  nbctl(...args: string[]): Promise<string>;
  /** Runs `ovn-sbctl --db=<ours> ...args`; returns stdout. */
  sbctl(...args: string[]): Promise<string>;
  /** Stops ovn-controller, northd, SB and NB. */
  stop(): Promise<void>;
}

/** Starts OVN central + ovn-controller next to ovs (lab-recipe 02-ovs-ovn.sh), with br-int pre-created as netdev. */
export async function startOvn(labRun: LabRun, ovs: OvsInstance, chassis: ChassisSpec): Promise<OvnInstance> {
  const { netns, env, dirs } = ovs;
  const d = dirs.ovnDir;
  await mkdir(d, { recursive: true });
  const nbRemote = ovnNbRemote(dirs);
  const sbRemote = ovnSbRemote(dirs);
  const started: ManagedProcess[] = [];
  for (const [db, schema] of [['ovnnb_db', OVN_NB_SCHEMA], ['ovnsb_db', OVN_SB_SCHEMA]] as const) {
    await run(['ovsdb-tool', 'create', join(d, `${db}.db`), schema], { env });
    started.push(await startDaemonized(labRun, {
      name: `ovsdb-server(${db})`, netns, env, pidfile: join(d, `${db}.pid`), logFile: join(d, `${db}.log`),
      argv: ['ovsdb-server', join(d, `${db}.db`), `--remote=punix:${join(d, `${db}.sock`)}`, `--pidfile=${join(d, `${db}.pid`)}`,
        `--unixctl=${join(d, `${db}.ctl`)}`, `--log-file=${join(d, `${db}.log`)}`, '--detach'],
    }));
  }
  started.push(await startDaemonized(labRun, {
    name: 'ovn-northd', netns, env, pidfile: join(d, 'ovn-northd.pid'), logFile: join(d, 'ovn-northd.log'),
    argv: ['ovn-northd', `--ovnnb-db=${nbRemote}`, `--ovnsb-db=${sbRemote}`, `--pidfile=${join(d, 'ovn-northd.pid')}`,
      `--unixctl=${join(d, 'ovn-northd.ctl')}`, `--log-file=${join(d, 'ovn-northd.log')}`, '--detach'],
  }));
  const controller = await startOvnController(labRun, ovs, chassis, sbRemote);
  started.push(controller);
  return {
    nbRemote, sbRemote, controller,
    nbctl: async (...args) => (await run(['ovn-nbctl', `--db=${nbRemote}`, '--timeout=20', ...args], { env })).stdout,
    sbctl: async (...args) => (await run(['ovn-sbctl', `--db=${sbRemote}`, '--timeout=20', ...args], { env })).stdout,
    stop: async () => {
      for (const p of [...started].reverse()) await p.stop();
    },
  };
}

/**
 * Makes the OVS instance an OVN chassis of the SB at sbRemote (any remote: unix: of a local SB, tcp: of a
 * central one) and starts ovn-controller; br-int is pre-created as netdev so ovn-controller never tries the
 * absent kernel datapath.
 */
export async function startOvnController(labRun: LabRun, ovs: OvsInstance, chassis: ChassisSpec, sbRemote: string): Promise<ManagedProcess> {
  const { netns, env, dirs } = ovs;
  const d = dirs.ovnDir;
  await mkdir(d, { recursive: true });
  // The chassis configuration must be in place before ovn-controller starts.
  await ovs.vsctl('set', 'Open_vSwitch', '.',
    `external_ids:system-id=${quoteOvsdb(chassis.systemId)}`, `external_ids:hostname=${quoteOvsdb(chassis.hostname)}`,
    `external_ids:ovn-remote=${quoteOvsdb(sbRemote)}`, 'external_ids:ovn-encap-type=geneve',
    `external_ids:ovn-encap-ip=${chassis.encapIp}`, 'external_ids:ovn-bridge=br-int',
    'external_ids:ovn-bridge-datapath-type=netdev');
  await addNetdevBridge(ovs, 'br-int', { failMode: 'secure', otherConfig: { 'disable-in-band': 'true' } });
  return startDaemonized(labRun, {
    name: 'ovn-controller', netns, env, pidfile: join(d, 'ovn-controller.pid'), logFile: join(d, 'ovn-controller.log'),
    argv: ['ovn-controller', ovs.dbRemote, `--pidfile=${join(d, 'ovn-controller.pid')}`, `--log-file=${join(d, 'ovn-controller.log')}`, '--detach'],
  });
}
