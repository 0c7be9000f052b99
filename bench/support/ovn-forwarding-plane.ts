// What the OVN benchmarks (data-plane.ts, ovn-floor.ts) read from a site once it went idle, and the writes their
// floor targets make: the remote MACs found in br-int's OpenFlow flows, SB logical flows by stage, the SB tunnel
// keys an FDB row needs, and the MACs as EVPN LSP addresses or as SB FDB rows. One copy for every site kind: each
// only has to run a tool (in its netns, or from its root) and give back stdout.
import { injectedIp } from './injected-table.js';

/** Runs an OVS/OVN tool against the site. */
export interface SiteTools {
  run(argv: readonly string[], timeoutMs?: number): Promise<{ stdout: string }>;
}

/** Remote MACs in the forwarding plane: flows of br-int matching dl_dst=<one of macs>, counted once. */
export async function countMacFlows(site: SiteTools, macs: ReadonlySet<string>): Promise<{ macsInForwardingPlane: number; openflowFlowsTotal: number; openflowFlowsMatchingMacs: number }> {
  const { stdout } = await site.run(['ovs-ofctl', '--no-stats', 'dump-flows', 'br-int'], 120_000);
  const lines = stdout.split('\n').filter((l) => l.includes('actions='));
  const seen = new Set<string>();
  let matching = 0;
  for (const l of lines) {
    const m = /dl_dst=([0-9a-f:]{17})[,\s]/.exec(l);
    if (m?.[1] !== undefined && macs.has(m[1])) {
      matching++;
      seen.add(m[1]);
    }
  }
  return { macsInForwardingPlane: seen.size, openflowFlowsTotal: lines.length, openflowFlowsMatchingMacs: matching };
}

/** SB logical flows by stage (external_ids:stage-name), the 8 largest: where northd's output goes. */
export async function lflowStages(site: SiteTools): Promise<{ total: number; byStage: Record<string, number> }> {
  const { stdout } = await site.run(['ovn-sbctl', '--timeout=120', '--format=csv', '--no-headings', '--columns=external_ids', 'list', 'Logical_Flow'], 150_000);
  const byStage: Record<string, number> = {};
  let total = 0;
  for (const line of stdout.split('\n')) {
    if (line.trim() === '') continue;
    total++;
    const stage = /stage-name=([\w-]+)/.exec(line)?.[1] ?? '?';
    byStage[stage] = (byStage[stage] ?? 0) + 1;
  }
  return { total, byStage: Object.fromEntries(Object.entries(byStage).sort((a, b) => b[1] - a[1]).slice(0, 8)) };
}

/** Rows in the SB FDB table. */
export async function sbFdbRows(site: SiteTools): Promise<number> {
  const { stdout } = await site.run(['ovn-sbctl', '--timeout=60', '--format=csv', '--no-headings', '--columns=mac', 'list', 'FDB'], 90_000);
  return stdout.split('\n').filter((l) => l.trim() !== '').length;
}

/** SB tunnel keys: datapaths by logical switch name, port bindings by logical port. */
export async function sbKeys(site: SiteTools): Promise<{ datapaths: Map<string, number>; ports: Map<string, number> }> {
  const table = async (args: string[]): Promise<unknown[][]> =>
    (JSON.parse((await site.run(['ovn-sbctl', '--timeout=30', '--format=json', ...args])).stdout) as { data: unknown[][] }).data;
  const datapaths = new Map<string, number>();
  for (const [key, ids] of await table(['--columns=tunnel_key,external_ids', 'list', 'Datapath_Binding'])) {
    const name = ((ids as [string, [string, string][]])[1]).find(([k]) => k === 'name')?.[1];
    if (name !== undefined) datapaths.set(name, Number(key));
  }
  const ports = new Map<string, number>();
  for (const [lp, key] of await table(['--columns=logical_port,tunnel_key', 'list', 'Port_Binding'])) ports.set(String(lp), Number(key));
  return { datapaths, ports };
}

/** The NB writes of the NB floor: each EVPN LSP (VNI v's, on switch lsv) gets "unknown" plus its MACs with their IPs. */
export function lspAddressOps(macs: Iterable<string>, vnis: number, evpnLsp: (vni: number) => string): object[] {
  const entries: string[][] = Array.from({ length: vnis }, () => ['unknown']);
  let i = 0;
  for (const mac of macs) entries[i % vnis]!.push(`${mac} ${injectedIp(i++)}`);
  return entries.map((addrs, k) => ({ op: 'update', table: 'Logical_Switch_Port', where: [['name', '==', evpnLsp(k + 1)]], row: { addresses: ['set', addrs] } }));
}

/** One SB FDB insert per MAC (what ovn-controller writes when it learns one on a port with "unknown"), `extra` columns added. */
export async function fdbInsertOps(site: SiteTools, macs: Iterable<string>, vnis: number, evpnLsp: (vni: number) => string, extra: Record<string, unknown> = {}): Promise<object[]> {
  const keys = await sbKeys(site);
  const rows: object[] = [];
  let i = 0;
  for (const mac of macs) {
    const v = (i++ % vnis) + 1;
    const dp = keys.datapaths.get(`ls${v}`);
    const port = keys.ports.get(evpnLsp(v));
    if (dp === undefined || port === undefined) throw new Error(`expected SB datapath ls${v} and port ${evpnLsp(v)}, got ${dp} and ${port}`);
    rows.push({ op: 'insert', table: 'FDB', row: { mac, dp_key: dp, port_key: port, ...extra } });
  }
  return rows;
}
