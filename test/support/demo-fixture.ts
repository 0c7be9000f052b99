// A demo lab for an e2e test file: built once by the same code as `npm run demo` (src/demo), its step
// log kept in memory and attached to the error when the build fails, torn down and verified afterwards.
import { readFields } from '../../src/lab/capture.js';
import { LabRun } from '../../src/lab/run.js';
import { StepReporter } from '../../src/lab/steps.js';
import { assertLabPrerequisites } from '../../src/lab/prereqs.js';
import { buildDemoLab, type DemoLab, type DemoOptions } from '../../src/demo/demo-lab.js';
import { requireBuild } from './evpnctl.js';
import { keepLabLogs } from './lab-teardown.js';

/** A built demo with its step log. */
export interface LabFixture<T> {
  demo: T;
  steps: StepReporter;
  /** Every line the steps (and the checks) printed. */
  log: string[];
}

/** The FRR <-> OVN demo with its step log. */
export type DemoFixture = LabFixture<DemoLab>;

/** Builds a demo lab in a fresh run with build (the demo's own builder); on failure tears it down and throws with the step log. */
export async function setUpDemoWith<T>(description: string, build: (steps: StepReporter, run: LabRun) => Promise<T>): Promise<LabFixture<T>> {
  await assertLabPrerequisites();
  requireBuild();
  const log: string[] = [];
  const steps = new StepReporter((line) => log.push(line));
  const run = await LabRun.create({ description, keepDir: keepLabLogs });
  try {
    return { demo: await build(steps, run), steps, log };
  } catch (err) {
    await run.down();
    throw new Error(`building the demo lab failed: ${(err as Error).message}\n${log.join('\n')}`, { cause: err });
  }
}

/** Builds the FRR <-> OVN demo lab (`npm run demo`) in a fresh run. */
export function setUpDemo(description: string, o: DemoOptions): Promise<DemoFixture> {
  return setUpDemoWith(description, (steps, run) => buildDemoLab(steps, run, o));
}

/** The failed steps and checks so far, as lines (empty when all passed). */
export function failedSteps(steps: StepReporter): string[] {
  return steps.results.filter((r) => !r.ok).map((r) => `${r.name}: ${r.detail ?? ''}`);
}

/** One ARP packet of a capture. */
export interface ArpPacket {
  op: 'request' | 'reply';
  senderIp: string;
  senderMac: string;
  targetIp: string;
  /** Outer VXLAN fields when the ARP was captured encapsulated on the underlay. */
  vni?: number;
  outerSrc?: string;
  outerDst?: string;
}

/** The ARP packets in a pcap (plain, or inside VXLAN on an underlay capture). */
export async function arpPackets(pcap: string): Promise<ArpPacket[]> {
  const rows = await readFields(pcap, ['arp.opcode', 'arp.src.proto_ipv4', 'arp.src.hw_mac', 'arp.dst.proto_ipv4', 'vxlan.vni', 'ip.src', 'ip.dst'], 'arp');
  return rows.map((r) => ({
    op: r['arp.opcode'] === '1' ? 'request' : 'reply',
    senderIp: r['arp.src.proto_ipv4'] ?? '', senderMac: r['arp.src.hw_mac'] ?? '', targetIp: r['arp.dst.proto_ipv4'] ?? '',
    ...(r['vxlan.vni'] ? { vni: Number(r['vxlan.vni']), outerSrc: r['ip.src'] ?? '', outerDst: r['ip.dst'] ?? '' } : {}),
  }));
}
