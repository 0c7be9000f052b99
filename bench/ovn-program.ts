// Benchmark: N remote MACs over 100 VNIs from one VTEP, from the first apply() until all of them are in
// the NB (checked by reading the NB back), for N = 10k and 100k. Reports seconds and how many
// ovn-nbctl/ovs-vsctl processes were spawned. Targets: 10k <= 0.5 s, 100k <= 5 s.
// Run: node --import tsx bench/ovn-program.ts [--no-vswitchd]   (needs root, OVS and OVN installed)
import { writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { OvnProgrammer } from '../src/core/ovn/programmer.js';
import { remoteLoad } from '../test/support/evpn-load.js';
import { OvsSandbox } from '../test/support/ovs-sandbox.js';

const VNIS = 100;
const VTEP = '192.0.2.1';
const TARGETS: Record<number, number> = { 10_000: 0.5, 100_000: 5 };

interface Run {
  macs: number;
  vnis: number;
  programmedSec: number;
  verifiedSec: number;
  addressesRead: number;
  spawns: { nbctl: number; vsctl: number };
  batches: number;
  /** A fresh programmer with the same desired state: read + diff of everything, nothing to write. */
  restart: { reconcileSec: number; spawns: { nbctl: number; vsctl: number } };
  targetSec: number;
  pass: boolean;
}

/** Managed LSP addresses in the NB, read with ovn-nbctl's JSON output. */
async function countAddresses(sb: OvsSandbox): Promise<number> {
  const out = await sb.nbctl('--format=json', '--data=json', '--columns=addresses', 'find', 'Logical_Switch_Port', 'external_ids:evpnctl-managed=true');
  const t = JSON.parse(out) as { data: unknown[][] };
  return t.data.reduce((n: number, [a]) => n + (Array.isArray(a) && a[0] === 'set' ? (a[1] as unknown[]).length : 1), 0);
}

async function runOnce(macs: number, vswitchd: boolean): Promise<Run> {
  const sb = await OvsSandbox.start({ vswitchd });
  try {
    await sb.nbctl(...Array.from({ length: VNIS }, (_, v) => ['--', 'ls-add', `ls-${v}`]).flat().slice(1));
    const { networks, events } = remoteLoad(VNIS, macs, VTEP);
    const prog = new OvnProgrammer({ ovsDb: sb.ovsDb, nbDb: sb.nbDb, bridge: sb.bridge });
    prog.setNetworks(networks, null);
    await prog.start();
    await prog.flush();
    const before = prog.stats();
    const t0 = performance.now();
    prog.apply(events);
    await prog.flush();
    const t1 = performance.now();
    const addressesRead = await countAddresses(sb);
    const t2 = performance.now();
    const after = prog.stats();
    await prog.stop();
    const again = new OvnProgrammer({ ovsDb: sb.ovsDb, nbDb: sb.nbDb, bridge: sb.bridge });
    again.setNetworks(networks, null);
    again.apply(events);
    const t3 = performance.now();
    await again.start();
    await again.flush();
    const restart = { reconcileSec: (performance.now() - t3) / 1000, spawns: { nbctl: again.stats().spawns.nbctl, vsctl: again.stats().spawns.vsctl } };
    await again.stop();
    if (addressesRead !== macs + VNIS) throw new Error(`expected ${macs + VNIS} addresses in the NB, got ${addressesRead}`);
    const targetSec = TARGETS[macs] ?? Number.POSITIVE_INFINITY;
    const verifiedSec = (t2 - t0) / 1000;
    return {
      macs, vnis: VNIS, programmedSec: (t1 - t0) / 1000, verifiedSec, addressesRead,
      spawns: { nbctl: after.spawns.nbctl - before.spawns.nbctl, vsctl: after.spawns.vsctl - before.spawns.vsctl },
      batches: after.batches - before.batches, restart, targetSec, pass: verifiedSec <= targetSec,
    };
  } finally {
    await sb.stop();
  }
}

const vswitchd = !process.argv.includes('--no-vswitchd');
const runs: Run[] = [];
for (const macs of [10_000, 100_000]) {
  const r = await runOnce(macs, vswitchd);
  runs.push(r);
  console.log(`${macs} MACs / ${VNIS} VNIs: programmed ${r.programmedSec.toFixed(3)} s, verified in NB ${r.verifiedSec.toFixed(3)} s ` +
    `(target ${r.targetSec} s: ${r.pass ? 'ok' : 'MISSED'}); spawned ${r.spawns.nbctl} ovn-nbctl + ${r.spawns.vsctl} ovs-vsctl in ${r.batches} batch(es); ` +
    `restart reconcile ${r.restart.reconcileSec.toFixed(3)} s with ${r.restart.spawns.nbctl} ovn-nbctl + ${r.restart.spawns.vsctl} ovs-vsctl`);
}
// The machine is shared: the load average says how much the numbers were squeezed.
const result = { bench: 'ovn-program', date: new Date().toISOString(), node: process.version, cpus: cpus().length, loadavg: loadavg(), vswitchd, runs };
await writeFile(new URL('./results/ovn-program.json', import.meta.url), `${JSON.stringify(result, null, 2)}\n`);
if (runs.some((r) => !r.pass)) process.exitCode = 1;
