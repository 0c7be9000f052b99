// Packet capture for assertions: tcpdump in a netns writes a pcap in the run dir, then tshark reads
// chosen fields back (vxlan.vni, ip.src, arp.opcode, ...). tcpdump runs with -Z root so it does not drop
// to a user that cannot write into our directory, -U so packets reach the file as they arrive, and
// --immediate-mode because libpcap's TPACKET_V3 blocks otherwise hold the last packets until a block
// timeout, and stopping tcpdump then loses them (seen: the final pings of a test missing from the pcap).
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnChild, type ChildProcessHandle } from './daemon.js';
import { LabError } from './errors.js';
import { run } from './exec.js';
import type { LabRun } from './run.js';
import { waitFor } from './wait.js';

/** A running capture. */
export interface Capture {
  readonly pcap: string;
  readonly process: ChildProcessHandle;
  /** Stops tcpdump (SIGTERM flushes the file) and waits for it to exit. */
  stop(): Promise<void>;
}

/** What to capture. */
export interface CaptureSpec {
  netns: string;
  iface: string;
  /** pcap-filter expression, e.g. "udp port 4789". */
  filter?: string;
  /** File name inside the run dir's captures/ (must end in .pcap). */
  name: string;
}

/** Starts tcpdump and waits until it is listening (its "listening on" line), so no packet is missed. */
export async function startCapture(labRun: LabRun, spec: CaptureSpec): Promise<Capture> {
  if (!spec.name.endsWith('.pcap')) throw new LabError(`capture name ${spec.name}: expected a file name ending in .pcap`);
  const dir = labRun.path('captures');
  await mkdir(dir, { recursive: true });
  const pcap = join(dir, spec.name);
  const logFile = join(dir, `${spec.name}.log`);
  const proc = await spawnChild(labRun, {
    name: `tcpdump(${spec.iface})`, netns: spec.netns, logFile,
    argv: ['tcpdump', '-i', spec.iface, '-nn', '-U', '--immediate-mode', '-Z', 'root', '-w', pcap, ...(spec.filter ? spec.filter.split(/\s+/) : [])],
  });
  await waitFor(`tcpdump on ${spec.iface} in ${spec.netns} to start listening (log: ${logFile})`, async () => {
    const text = await readFile(logFile, 'utf8');
    if (/listening on/.test(text)) return true;
    return undefined;
  }, { timeoutMs: 10_000, intervalMs: 20 });
  return {
    pcap, process: proc,
    stop: async () => {
      await proc.stop();
      await Promise.race([proc.exited, new Promise((r) => setTimeout(r, 2000).unref())]);
    },
  };
}

/** Reads fields from a pcap with tshark; one record per packet, keyed by field name ('' when absent). */
export async function readFields(pcap: string, fields: readonly string[], displayFilter?: string): Promise<Record<string, string>[]> {
  const argv = ['tshark', '-r', pcap, '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=f'];
  for (const f of fields) argv.push('-e', f);
  if (displayFilter) argv.push('-Y', displayFilter);
  const { stdout } = await run(argv, { timeoutMs: 30_000 });
  return parseFieldRows(stdout, fields);
}

/** Parses tshark `-T fields` output (tab separated, one packet per line). */
export function parseFieldRows(stdout: string, fields: readonly string[]): Record<string, string>[] {
  return stdout.split('\n').filter((l) => l !== '').map((line) => {
    const cols = line.split('\t');
    const row: Record<string, string> = {};
    fields.forEach((f, i) => {
      row[f] = cols[i] ?? '';
    });
    return row;
  });
}
