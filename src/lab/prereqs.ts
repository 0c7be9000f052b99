// Checks, before anything is created, that the machine can run the lab: root, the tools, the schemas,
// the frr user, os-ken for /usr/bin/python3. Missing pieces are reported all at once, as a failure
// (never a skip): a lab test that silently does not run proves nothing.
import { access, constants } from 'node:fs/promises';
import { execa } from 'execa';
import { LabError } from './errors.js';
import { OVN_NB_SCHEMA, OVN_SB_SCHEMA } from './ovn.js';
import { VSWITCH_SCHEMA } from './ovs.js';
import { SYSTEM_PYTHON } from './python.js';

/** Executables the lab runs, by the package that provides them (for the error message). */
export const LAB_TOOLS: Readonly<Record<string, readonly string[]>> = {
  iproute2: ['/usr/sbin/ip', '/usr/sbin/bridge'],
  ethtool: ['/usr/sbin/ethtool'],
  'openvswitch-switch': ['/usr/sbin/ovsdb-server', '/usr/sbin/ovs-vswitchd', '/usr/bin/ovsdb-tool', '/usr/bin/ovs-vsctl', '/usr/bin/ovs-appctl'],
  'ovn-central': ['/usr/bin/ovn-northd', '/usr/bin/ovn-nbctl', '/usr/bin/ovn-sbctl'],
  'ovn-host': ['/usr/bin/ovn-controller'],
  frr: ['/usr/lib/frr/zebra', '/usr/lib/frr/bgpd', '/usr/bin/vtysh'],
  gobgpd: ['/usr/bin/gobgpd', '/usr/bin/gobgp'],
  tcpdump: ['/usr/bin/tcpdump'],
  tshark: ['/usr/bin/tshark'],
  'python3-os-ken': [SYSTEM_PYTHON],
};

/** Lists what is missing (empty when the lab can run). */
export async function missingPrerequisites(): Promise<string[]> {
  const missing: string[] = [];
  if (process.getuid?.() !== 0) missing.push(`root (network namespaces need it), running as uid ${process.getuid?.() ?? '?'}`);
  for (const [pkg, files] of Object.entries(LAB_TOOLS)) {
    for (const f of files) if (!(await canAccess(f, constants.X_OK))) missing.push(`${f} (package ${pkg})`);
  }
  for (const f of [VSWITCH_SCHEMA, OVN_NB_SCHEMA, OVN_SB_SCHEMA]) if (!(await canAccess(f, constants.R_OK))) missing.push(`${f} (schema)`);
  const frr = await execa('id', ['-u', 'frr'], { reject: false });
  if (frr.exitCode !== 0) missing.push('user frr (package frr; FRR daemons drop privileges to it)');
  if (await canAccess(SYSTEM_PYTHON, constants.X_OK)) {
    const py = await execa(SYSTEM_PYTHON, ['-c', 'import os_ken, eventlet'], { reject: false });
    if (py.exitCode !== 0) missing.push(`python modules os_ken and eventlet for ${SYSTEM_PYTHON} (package python3-os-ken): ${String(py.stderr).trim().split('\n').pop()}`);
  }
  return missing;
}

/** Throws a LabError naming everything missing. */
export async function assertLabPrerequisites(): Promise<void> {
  const missing = await missingPrerequisites();
  if (missing.length > 0) {
    throw new LabError(`the lab cannot run on this machine; missing:\n  - ${missing.join('\n  - ')}\n(apt-get install iproute2 ethtool openvswitch-switch ovn-central ovn-host frr gobgpd tcpdump tshark python3-os-ken)`);
  }
}

async function canAccess(path: string, mode: number): Promise<boolean> {
  try {
    await access(path, mode);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'EACCES') return false;
    throw err;
  }
}
