// Data-plane checks shared by the e2e tests and `lab up`: reachability (with the wait for OVN's flows)
// and what a capture on the underlay shows (outer IPs, VNI, inner protocol).
import { readFields, startCapture } from '../capture.js';
import { ping, type Host } from '../hosts.js';
import type { PingResult } from '../icmp-ping.js';
import type { LabRun } from '../run.js';
import { waitFor } from '../wait.js';

/** Waits until `from` gets a reply from target; returns the milliseconds it took. ovn-controller needs ~1 s for flows. */
export async function waitReachable(from: Host, target: string, timeoutMs = 20_000): Promise<number> {
  const t0 = performance.now();
  let last: PingResult | undefined;
  await waitFor(`${from.name} to get an echo reply from ${target}`, async () => {
    last = await ping(from, target, { count: 1, waitS: 0.5 });
    return last.received > 0 ? true : undefined;
  }, { timeoutMs, intervalMs: 100 });
  return performance.now() - t0;
}

/** One VXLAN packet seen on the underlay. */
export interface VxlanPacket {
  src: string;
  dst: string;
  vni: number;
  /** Inner payload: 'icmp' (echo), 'arp', or 'other'. */
  inner: 'icmp' | 'arp' | 'other';
  /** ICMP type of an 'icmp' packet (8 echo request, 0 echo reply). */
  icmpType?: number;
}

/** Captures UDP 4789 on an underlay interface while fn runs, then decodes the packets with tshark. */
export async function captureVxlan<T>(labRun: LabRun, netns: string, iface: string, name: string, fn: () => Promise<T>): Promise<{ value: T; packets: VxlanPacket[]; pcap: string }> {
  const cap = await startCapture(labRun, { netns, iface, filter: 'udp port 4789', name });
  let value: T;
  try {
    value = await fn();
  } finally {
    await cap.stop();
  }
  const rows = await readFields(cap.pcap, ['ip.src', 'ip.dst', 'vxlan.vni', 'icmp.type', 'arp.opcode'], 'vxlan');
  const packets = rows.map((r): VxlanPacket => ({
    src: r['ip.src'] ?? '', dst: r['ip.dst'] ?? '', vni: Number(r['vxlan.vni']),
    inner: r['icmp.type'] ? 'icmp' : r['arp.opcode'] ? 'arp' : 'other',
    ...(r['icmp.type'] ? { icmpType: Number(r['icmp.type']) } : {}),
  }));
  return { value, packets, pcap: cap.pcap };
}
