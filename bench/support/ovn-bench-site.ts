// The OVN site the end-to-end benchmarks run evpnctl on (data-plane.ts, pairs-installed.ts): in the speaker netns
// of a lab pair, OVS netdev with br-phy holding the VTEP IP, NB + SB ovsdb-servers, ovn-northd, ovn-controller
// (src/lab populateOvnSite), logical switches ls1..lsV each with one local VM port (unbound: no VM behind it, as a
// cloud's network has), and the evpnctl daemon pointed at its databases. What the daemon is then told (speaker,
// neighbor, networks) is the benchmark's; processGroups() names every process a benchmark samples.
import { join } from 'node:path';
import { ip } from '../../src/lab/netns.js';
import { readPidfile } from '../../src/lab/proc.js';
import { populateOvnSite, type OvnSite } from '../../src/lab/topology/ovn-site.js';
import { SITE_Y } from '../../src/lab/topology/plan.js';
import type { SpeakerPair } from '../../src/lab/topology/speaker-pair.js';
import { SpeakerDaemon } from '../../test/interop/support/speaker-daemon.js';

/** The processes of the site, by the name the benchmarks' breakdowns use. */
export type OvnProcess = 'evpnctl' | 'northd' | 'ovn-controller' | 'ovs-vswitchd' | 'nb-ovsdb-server' | 'sb-ovsdb-server';

/** The started site and daemon. */
export interface OvnBenchSite {
  site: OvnSite;
  daemon: SpeakerDaemon;
}

/** Switches per ovn-nbctl call: one chain for a few, several for a thousand (a chain's cost grows with its length). */
const SWITCHES_PER_CALL = 250;

/** Builds the OVN site in the pair's speaker netns with switches ls1..lsV and starts the daemon (not yet configured). */
export async function startOvnBenchSite(pair: SpeakerPair, vnis: number): Promise<OvnBenchSite> {
  const ns = pair.speaker.netns;
  // The OVN site keeps its VTEP IP on br-phy (userspace VXLAN, lab-recipe KEY POINTS), not on the underlay veth.
  await ip(ns, 'addr', 'flush', 'dev', pair.speaker.iface);
  const site: OvnSite = await populateOvnSite(pair.run, { ...SITE_Y, hosts: [] }, ns);
  for (let from = 1; from <= vnis; from += SWITCHES_PER_CALL) {
    const to = Math.min(vnis, from + SWITCHES_PER_CALL - 1);
    const steps = Array.from({ length: to - from + 1 }, (_, k) => {
      const i = from + k;
      return ['--', 'ls-add', `ls${i}`, '--', 'lsp-add', `ls${i}`, `vm${i}`, '--', 'lsp-set-addresses', `vm${i}`, vmAddress(i)];
    });
    await site.ovn.nbctl(...steps.flat().slice(1));
  }
  const daemon = await SpeakerDaemon.start(pair, { dbs: { ovsDb: site.ovsDbRemote, nbDb: site.nbRemote } });
  return { site, daemon };
}

/** The VM port of switch i: "MAC IP", distinct for i up to 65535. */
function vmAddress(i: number): string {
  const hex = (n: number): string => (n & 0xff).toString(16).padStart(2, '0');
  return `0a:00:00:00:${hex(i >> 8)}:${hex(i)} 10.255.${(i >> 8) & 0xff}.${i & 0xff}`;
}

/** Every process of the site and daemon (all of the daemon's: supervisor, session engine, route engine), read once. */
export async function processGroups({ site, daemon }: OvnBenchSite): Promise<Record<OvnProcess, number[]>> {
  const ovnDir = site.ovs.dirs.ovnDir;
  const pid = async (file: string): Promise<number> => {
    const p = await readPidfile(join(ovnDir, file));
    if (p === undefined) throw new Error(`expected a pid in ${join(ovnDir, file)}, got none`);
    return p;
  };
  return {
    evpnctl: [...new Set(Object.values(await daemon.processes()).filter((p): p is number => p !== null))], northd: [await pid('ovn-northd.pid')],
    'ovn-controller': [site.ovn.controller.pid], 'ovs-vswitchd': [site.ovs.processes.vswitchd.pid],
    'nb-ovsdb-server': [await pid('ovnnb_db.pid')], 'sb-ovsdb-server': [await pid('ovnsb_db.pid')],
  };
}
