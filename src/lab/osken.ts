// os-ken's BGPSpeaker as a lab BGP speaker (the engine of the original prototype): runs the generated
// runner (osken-script.ts) with /usr/bin/python3 inside a netns and drives it over the line protocol.
// EVPN routes need vrf_add(..., route_family='evpn') first (lab-recipe os-ken scripts).
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnChild, type ChildProcessHandle } from './daemon.js';
import { LabError } from './errors.js';
import { LineEventLog, type LineEvent } from './line-events.js';
import { oskenRunnerSource } from './osken-script.js';
import { SYSTEM_PYTHON } from './python.js';
import type { LabRun } from './run.js';
import { once } from './cleanup.js';

/** BGPSpeaker constructor settings. */
export interface OskenConfig {
  asn: number;
  routerId: string;
  /** Listen addresses (default all); the port defaults to 179. */
  listenHosts?: readonly string[];
  port?: number;
}

/** A running os-ken speaker. */
export interface OskenSpeaker {
  readonly netns: string;
  readonly process: ChildProcessHandle;
  /** Every event so far (ready, peer-up, peer-down, best-path, reply, text, exit). */
  readonly log: LineEventLog;
  /** Calls one allowed BGPSpeaker method with keyword arguments; rejects with its Python error. */
  call(op: string, args: Record<string, unknown>): Promise<unknown>;
  /** vrf_add for EVPN (route_family 'evpn'). */
  addEvpnVrf(v: { rd: string; importRts: readonly string[]; exportRts: readonly string[] }): Promise<void>;
  /** neighbor_add with EVPN only. */
  addNeighbor(n: { address: string; remoteAs: number; localAddress?: string; connectMode?: 'active' | 'passive' | 'both' }): Promise<void>;
  /** Type 3 with PMSI ingress replication (label = VNI, tunnel = vtep). */
  addMulticast(r: { rd: string; vtep: string; vni: number; etag?: number }): Promise<void>;
  delMulticast(r: { rd: string; vtep: string; etag?: number }): Promise<void>;
  /** Type 2; ip absent = MAC-only. */
  addMacIp(r: { rd: string; mac: string; ip?: string; vni: number; nexthop: string; etag?: number }): Promise<void>;
  delMacIp(r: { rd: string; mac: string; ip?: string; etag?: number }): Promise<void>;
  /** The first peer-up for address (past or future). */
  waitPeerUp(address: string, timeoutMs?: number): Promise<LineEvent>;
  /** Asks the speaker to shut down and waits for the process to exit; kills it if it hangs. */
  stop(): Promise<void>;
}

/** Starts an os-ken speaker in netns; `name` names its directory (osken/<name>). */
export async function startOsken(labRun: LabRun, netns: string, name: string, config: OskenConfig): Promise<OskenSpeaker> {
  const dir = labRun.path('osken', name);
  await mkdir(dir, { recursive: true });
  const script = join(dir, 'osken_runner.py');
  await writeFile(script, oskenRunnerSource(), { mode: 0o755 });
  const cfg = { as_number: config.asn, router_id: config.routerId, bgp_server_hosts: config.listenHosts ?? ['0.0.0.0'], bgp_server_port: config.port ?? 179 };
  const proc = await spawnChild(labRun, {
    name: `os-ken(${name})`, netns, logFile: join(dir, 'osken.log'), pipe: true,
    argv: [SYSTEM_PYTHON, script, JSON.stringify(cfg)],
  });
  const { stdin, stdout } = proc;
  if (!stdin || !stdout) throw new LabError(`os-ken(${name}): expected stdin/stdout pipes to the runner`);
  const log = new LineEventLog(stdout);
  await log.waitFor(`os-ken(${name}) to report ready (log: ${proc.logFile})`, (e) => e.event === 'ready' || e.event === 'exit', 20_000)
    .then((e) => {
      if (e.event !== 'ready') throw new LabError(`os-ken(${name}) exited before it was ready; see ${proc.logFile}`);
    });
  let nextId = 1;
  const call = async (op: string, args: Record<string, unknown>): Promise<unknown> => {
    const id = nextId++;
    const from = log.events.length;
    stdin.write(`${JSON.stringify({ id, op, args })}\n`);
    const reply = await log.waitFor(`os-ken(${name}) reply to ${op} #${id}`, (e) => e.event === 'reply' && e.id === id, 15_000, from);
    if (reply.ok !== true) throw new LabError(`os-ken(${name}) ${op}(${JSON.stringify(args)}) failed: ${String(reply.error)}`);
    return reply.result;
  };
  const stop = once(async () => {
    if (!log.closed && stdin.writable) {
      stdin.end(`${JSON.stringify({ id: 0, op: 'shutdown', args: {} })}\n`);
      await Promise.race([proc.exited, new Promise((r) => setTimeout(r, 3000).unref())]);
    }
    await proc.stop(); // a no-op when it already exited; SIGTERM/SIGKILL when it hung
  });
  labRun.cleanup.add(`shut down os-ken(${name})`, stop);
  return {
    netns, process: proc, log, call,
    addEvpnVrf: async (v) => void (await call('vrf_add', { route_dist: v.rd, import_rts: v.importRts, export_rts: v.exportRts, route_family: 'evpn' })),
    addNeighbor: async (n) => void (await call('neighbor_add', {
      address: n.address, remote_as: n.remoteAs, enable_evpn: true, enable_ipv4: false,
      ...(n.localAddress ? { local_address: n.localAddress } : {}), ...(n.connectMode ? { connect_mode: n.connectMode } : {}),
    })),
    addMulticast: async (r) => void (await call('evpn_prefix_add', {
      route_type: 'multicast_etag', route_dist: r.rd, ethernet_tag_id: r.etag ?? 0, ip_addr: r.vtep, next_hop: r.vtep,
      tunnel_type: 'vxlan', vni: r.vni, pmsi_tunnel_type: PMSI_INGRESS_REPLICATION,
    })),
    delMulticast: async (r) => void (await call('evpn_prefix_del', { route_type: 'multicast_etag', route_dist: r.rd, ethernet_tag_id: r.etag ?? 0, ip_addr: r.vtep })),
    addMacIp: async (r) => void (await call('evpn_prefix_add', {
      route_type: 'mac_ip_adv', route_dist: r.rd, esi: 0, ethernet_tag_id: r.etag ?? 0, mac_addr: r.mac,
      ...(r.ip ? { ip_addr: r.ip } : {}), next_hop: r.nexthop, tunnel_type: 'vxlan', vni: r.vni,
    })),
    delMacIp: async (r) => void (await call('evpn_prefix_del', {
      route_type: 'mac_ip_adv', route_dist: r.rd, esi: 0, ethernet_tag_id: r.etag ?? 0, mac_addr: r.mac, ...(r.ip ? { ip_addr: r.ip } : {}),
    })),
    waitPeerUp: (address, timeoutMs = 30_000) => log.waitFor(`os-ken(${name}) peer-up from ${address}`, (e) => e.event === 'peer-up' && e.address === address, timeoutMs),
    stop,
  };
}

/** BGPPathAttributePmsiTunnel.TYPE_INGRESS_REPLICATION (RFC 6514 §5: tunnel type 6). */
const PMSI_INGRESS_REPLICATION = 6;
