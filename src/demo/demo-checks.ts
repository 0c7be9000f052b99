// Step 5 of the demo, and what it shows: the `evpnctl neighbor list` and `evpnctl route list` tables, the
// OVN objects the daemon made, then pings both ways (h1 <-> vm1, and h1b when X2 exists) while the
// underlay is captured, and a check that VXLAN VNI 10 carried the echoes in both directions. The ping
// and capture pieces serve the OVN <-> OVN demo too.
import type { Host } from '../lab/hosts.js';
import { ping } from '../lab/hosts.js';
import type { LabRun } from '../lab/run.js';
import type { StepReporter } from '../lab/steps.js';
import { captureVxlan, waitReachable, type VxlanPacket } from '../lab/topology/verify.js';
import type { DemoLab } from './demo-lab.js';
import type { EvpnctlCli } from './evpnctl-cli.js';
import { describeEvpnObjects, readEvpnObjects } from './site-y-state.js';

/** What the checks saw, for tests that assert more than the PASS line. */
export interface DemoCheckResult {
  /** VXLAN packets captured on the underlay during the pings (at X's port in the FRR demo, Y's in the OVN one). */
  packets: VxlanPacket[];
  pcap: string;
  /** The underlay interface captured. */
  iface: string;
}

/** Prints an evpnctl command and its output, indented; prefix names the site when there are several daemons. */
export async function showCommand(demo: { cli: EvpnctlCli }, args: string[], print: (line: string) => void, prefix = ''): Promise<void> {
  const { typed, result } = await demo.cli.run(args);
  print(`  ${prefix}$ ${typed}`);
  for (const line of result.stdout.trimEnd().split('\n')) print(`    ${line}`);
}

/** Shows the state, then pings and captures; failed checks are recorded in steps (build errors throw). */
export async function runDemoChecks(steps: StepReporter, demo: DemoLab, print: (line: string) => void, count = 5): Promise<DemoCheckResult> {
  const { lab } = demo;
  await showCommand(demo, ['neighbor', 'list'], print);
  await showCommand(demo, ['route', 'list'], print);
  print('  what the daemon programmed on site Y:');
  for (const line of describeEvpnObjects(await readEvpnObjects(lab.y))) print(`    ${line}`);
  const h1 = demo.host('h1');
  const vm1 = demo.host('vm1');
  const pairs: [Host, Host][] = [[h1, vm1], [vm1, h1]];
  if (lab.hosts.h1b) pairs.push([demo.host('h1b'), vm1], [vm1, demo.host('h1b')], [h1, demo.host('h1b')]);
  const result = await pingCaptured(steps, { run: lab.run, netns: lab.x.netns, iface: lab.x.plan.underlayIface }, [h1, vm1], pairs, count);
  checkEchoesCrossed(steps, result, { label: 'X', vtepIp: lab.x.vtepIp }, { label: 'Y', vtepIp: lab.y.vtepIp }, lab.vni, count);
  return result;
}

/** Where the underlay is captured during the pings. */
export interface CapturePoint {
  run: LabRun;
  netns: string;
  iface: string;
}

/**
 * Waits for the first echo reply of `first` (OVN needs about a second for its flows), then pings each pair
 * `count` times, recording a step and a check per pair, while VXLAN is captured at `at`.
 */
export async function pingCaptured(steps: StepReporter, at: CapturePoint, first: readonly [Host, Host], pairs: readonly (readonly [Host, Host])[], count: number): Promise<DemoCheckResult> {
  const [a, b] = first;
  const { packets, pcap } = await captureVxlan(at.run, at.netns, at.iface, 'demo-underlay.pcap', async () => {
    await steps.step(`5. first echo reply ${a.name} → ${b.name} (${b.ip}) after the steps`, () => waitReachable(a, b.ip), (ms) => `${Math.round(ms)} ms`);
    for (const [from, to] of pairs) {
      const r = await steps.step(`ping ${from.name} → ${to.name} (${to.ip}), ${count} echoes`, () => ping(from, to.ip, { count }),
        (p) => `${p.received}/${p.transmitted} replies, rtt ${p.rttsMs.map((t) => t.toFixed(1)).join('/')} ms`);
      steps.check(`${from.name} → ${to.name}: every echo answered`, r.transmitted === count && r.received === count, `${r.received}/${r.transmitted}`);
    }
  });
  return { packets, pcap, iface: at.iface };
}

/** A VTEP as the capture check names it. */
export interface VtepLabel {
  label: string;
  vtepIp: string;
}

/** Checks that VXLAN with the lab's VNI (and no other) carried at least one ping pair's echoes and replies each way between a and b. */
export function checkEchoesCrossed(steps: StepReporter, r: DemoCheckResult, a: VtepLabel, b: VtepLabel, vni: number, count: number): void {
  const icmp = (src: string, dst: string) => r.packets.filter((p) => p.src === src && p.dst === dst && p.vni === vni && p.inner === 'icmp').length;
  const aToB = icmp(a.vtepIp, b.vtepIp);
  const bToA = icmp(b.vtepIp, a.vtepIp);
  const vnis = [...new Set(r.packets.map((p) => p.vni))];
  steps.check(`the underlay (${r.iface}) carries the echoes in VXLAN VNI ${vni}, both ways`,
    aToB >= 2 * count && bToA >= 2 * count && vnis.every((v) => v === vni),
    `${aToB} ICMP ${a.label}→${b.label}, ${bToA} ${b.label}→${a.label}, VNIs seen: ${vnis.join(',') || 'none'} (tshark on ${r.pcap})`);
}
