// Counting one broadcast, for split-horizon tests: a UDP broadcast with a unique marker is sent from one
// host while the receiving hosts and some underlay ports are captured; the result says how many copies
// each host got and which VXLAN copies (outer src -> dst) crossed each underlay port.
import { readFields, startCapture, type Capture } from '../../src/lab/capture.js';
import type { Host } from '../../src/lab/hosts.js';
import type { LabRun } from '../../src/lab/run.js';
import { sendUdpBroadcast } from '../../src/lab/udp-broadcast.js';
import { sleep, waitFor } from '../../src/lab/wait.js';

/** An underlay port to watch (a site's end: bridged frames are not seen on a Linux bridge device). */
export interface UnderlayTap {
  name: string;
  netns: string;
  iface: string;
}

/** What the captures saw of the one broadcast. */
export interface BroadcastCount {
  /** Copies of the marker each receiving host got, by host name. */
  atHosts: Record<string, number>;
  /** VXLAN copies of the marker per tap, as sorted "outer src->outer dst". */
  encapsulated: Record<string, string[]>;
}

/** Sends one marked broadcast from `from`, waits until every host in `to` got it, then watches 1 s more for extra copies. */
export async function countBroadcast(run: LabRun, from: Host, to: readonly Host[], taps: readonly UnderlayTap[]): Promise<BroadcastCount> {
  const port = 40_000 + Math.floor(Math.random() * 20_000);
  const marker = `evpnctl-split-horizon-${run.id}-${from.name}-${port}`;
  const hex = Buffer.from(marker).toString('hex');
  const tag = `bcast-${from.name}-${port}`;
  const hostCaps = new Map<Host, Capture>();
  const tapCaps = new Map<UnderlayTap, Capture>();
  for (const h of to) hostCaps.set(h, await startCapture(run, { netns: h.netns, iface: h.iface, filter: `udp port ${port}`, name: `${tag}-${h.name}.pcap` }));
  for (const t of taps) tapCaps.set(t, await startCapture(run, { netns: t.netns, iface: t.iface, filter: 'udp port 4789', name: `${tag}-${t.name}.pcap` }));
  const copies = async (c: Capture, filter: string) => (await readFields(c.pcap, ['ip.src', 'ip.dst', 'data.data'], filter)).filter((r) => r['data.data'] === hex);
  try {
    await sendUdpBroadcast(from, port, marker);
    await waitFor(`the broadcast from ${from.name} to reach ${to.map((h) => h.name).join(' and ')}`, async () => {
      for (const c of hostCaps.values()) if ((await copies(c, `udp.port == ${port}`)).length === 0) return undefined;
      return true;
    }, { timeoutMs: 10_000, intervalMs: 100 });
    // A duplicate relayed through another VTEP would arrive within milliseconds of the first copy; a missing
    // copy can be polled for, an extra one only watched for, over a bounded window.
    await sleep(1000);
  } finally {
    for (const c of [...hostCaps.values(), ...tapCaps.values()]) await c.stop();
  }
  const atHosts: Record<string, number> = {};
  for (const [h, c] of hostCaps) atHosts[h.name] = (await copies(c, `udp.port == ${port}`)).length;
  const encapsulated: Record<string, string[]> = {};
  for (const [t, c] of tapCaps) encapsulated[t.name] = (await copies(c, `vxlan && udp.port == ${port}`)).map((r) => `${r['ip.src']}->${r['ip.dst']}`).sort();
  return { atHosts, encapsulated };
}
