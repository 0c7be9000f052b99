// The environment that isolates one OVS/OVN instance under a run directory, as the recipe's env.sh:
// every OVS_* and OVN_* directory points into the run dir, so no tool ever falls back to the host's
// /var/run/openvswitch or /var/run/ovn (lab-recipe P4: ovn-controller finds br-int.mgmt via OVS_RUNDIR).
import { join } from 'node:path';

/** Where one OVS/OVN instance keeps its state. */
export interface OvsOvnDirs {
  /** OVS state: conf.db, db.sock, ovs-vswitchd.ctl, br-*.mgmt, logs, pidfiles. */
  ovsDir: string;
  /** OVN state: NB/SB databases and sockets, northd/controller logs and pidfiles. */
  ovnDir: string;
}

/** The directories for an instance rooted at base (base/ovs, base/ovn). */
export function ovsOvnDirs(base: string): OvsOvnDirs {
  return { ovsDir: join(base, 'ovs'), ovnDir: join(base, 'ovn') };
}

/** The unix: remote of the OVS database. */
export const ovsDbRemote = (d: OvsOvnDirs): string => `unix:${join(d.ovsDir, 'db.sock')}`;
/** The unix: remote of the OVN northbound database. */
export const ovnNbRemote = (d: OvsOvnDirs): string => `unix:${join(d.ovnDir, 'ovnnb_db.sock')}`;
/** The unix: remote of the OVN southbound database. */
export const ovnSbRemote = (d: OvsOvnDirs): string => `unix:${join(d.ovnDir, 'ovnsb_db.sock')}`;

/** Environment variables for running OVS/OVN daemons and tools against this instance only. */
export function ovsOvnEnv(d: OvsOvnDirs): Record<string, string> {
  return {
    OVS_RUNDIR: d.ovsDir,
    OVS_DBDIR: d.ovsDir,
    OVS_LOGDIR: d.ovsDir,
    OVS_SYSCONFDIR: d.ovsDir,
    OVS_PKGDATADIR: '/usr/share/openvswitch',
    OVN_RUNDIR: d.ovnDir,
    OVN_DBDIR: d.ovnDir,
    OVN_LOGDIR: d.ovnDir,
    OVN_SYSCONFDIR: d.ovnDir,
    OVN_NB_DB: ovnNbRemote(d),
    OVN_SB_DB: ovnSbRemote(d),
  };
}
