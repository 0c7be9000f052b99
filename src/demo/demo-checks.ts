// Step 5 of the demo, and what it shows: the `evpnctl neighbor list` and `evpnctl route list` tables, the
// OVN objects the daemon made, then pings both ways (h1 <-> vm1, and h1b when X2 exists) while the
// underlay is captured, and a check that VXLAN VNI 10 carried the echoes in both directions.
import type { Host } from '../lab/hosts.js';
import { ping } from '../lab/hosts.js';
import type { StepReporter } from '../lab/steps.js';
import { captureVxlan, waitReachable, type VxlanPacket } from '../lab/topology/verify.js';
import type { DemoLab } from './demo-lab.js';
import { describeEvpnObjects, readEvpnObjects } from './site-y-state.js';

/** What the checks saw, for tests that assert more than the PASS line. */
export interface DemoCheckResult {
  /** VXLAN packets captured on X's underlay port during the pings. */
  packets: VxlanPacket[];
  pcap: string;
}

/** Prints an evpnctl command and its output, indented. */
export async function showCommand(demo: DemoLab, args: string[], print: (line: string) => void): Promise<void> {
  const { typed, result } = await demo.cli.run(args);
  print(`  $ ${typed}`);
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
  const { packets, pcap } = await captureVxlan(lab.run, lab.x.netns, lab.x.plan.underlayIface, 'demo-underlay.pcap', async () => {
    await steps.step(`5. first echo reply h1 → vm1 (${vm1.ip}) after the steps`, () => waitReachable(h1, vm1.ip), (ms) => `${Math.round(ms)} ms`);
    for (const [from, to] of pairs) {
      const r = await steps.step(`ping ${from.name} → ${to.name} (${to.ip}), ${count} echoes`, () => ping(from, to.ip, { count }),
        (p) => `${p.received}/${p.transmitted} replies, rtt ${p.rttsMs.map((t) => t.toFixed(1)).join('/')} ms`);
      steps.check(`${from.name} → ${to.name}: every echo answered`, r.transmitted === count && r.received === count, `${r.received}/${r.transmitted}`);
    }
  });
  const icmp = (src: string, dst: string) => packets.filter((p) => p.src === src && p.dst === dst && p.vni === lab.vni && p.inner === 'icmp').length;
  const xToY = icmp(lab.x.vtepIp, lab.y.vtepIp);
  const yToX = icmp(lab.y.vtepIp, lab.x.vtepIp);
  const vnis = [...new Set(packets.map((p) => p.vni))];
  steps.check(`the underlay (${lab.x.plan.underlayIface}) carries the echoes in VXLAN VNI ${lab.vni}, both ways`,
    xToY >= 2 * count && yToX >= 2 * count && vnis.every((v) => v === lab.vni),
    `${xToY} ICMP X→Y, ${yToX} Y→X, VNIs seen: ${vnis.join(',') || 'none'} (tshark on ${pcap})`);
  return { packets, pcap };
}
