// FRR configuration text for a lab site: zebra.conf and bgpd.conf with an L2VPN EVPN address family
// (`advertise-all-vni` is required, lab-recipe "FRR REQUIREMENTS"), iBGP or eBGP neighbors, timers and
// graceful-restart options. Pure functions, so the generated text is unit-tested.
import { ValidationError } from '../core/errors.js';

/** Graceful restart (RFC 4724) role of one neighbor. */
export type FrrNeighborGr = 'restart' | 'helper' | 'disable';

/** One BGP neighbor of an FRR site. */
export interface FrrNeighbor {
  address: string;
  remoteAs: number;
  /** Source address of the TCP session (the VTEP IP). */
  updateSource?: string;
  keepaliveS?: number;
  holdS?: number;
  /** Retry interval of the connect timer (recipe: 5 s, so sessions come up quickly). */
  connectRetryS?: number;
  /** Only accept the peer's connection, never connect. */
  passive?: boolean;
  ebgpMultihop?: number;
  gracefulRestart?: FrrNeighborGr;
  /** Minimum route advertisement interval; 0 makes eBGP updates immediate. */
  advertisementIntervalS?: number;
  /** RFC 4456: the neighbor is a route-reflector client of this FRR (for L2VPN EVPN). */
  routeReflectorClient?: boolean;
}

/** Per-VNI overrides (auto RD/RT are used otherwise: RD <router-id>:<index>, RT <AS>:<VNI>, lab-recipe P6). */
export interface FrrVniConfig {
  vni: number;
  rd?: string;
  importRts?: readonly string[];
  exportRts?: readonly string[];
}

/** Global graceful-restart settings. */
export interface FrrGracefulRestart {
  restartTimeS?: number;
  stalepathTimeS?: number;
  preserveFwState?: boolean;
}

/** Everything bgpd.conf is generated from. */
export interface FrrBgpConfig {
  hostname: string;
  asn: number;
  routerId: string;
  neighbors: readonly FrrNeighbor[];
  /** Default true; without it FRR withdraws every EVPN route. */
  advertiseAllVni?: boolean;
  vnis?: readonly FrrVniConfig[];
  /** When set, `bgp graceful-restart` is enabled globally with these timers. */
  gracefulRestart?: FrrGracefulRestart;
  /** Extra `debug ...` lines, e.g. "bgp updates". */
  debug?: readonly string[];
}

/** zebra.conf: hostname, log file, and the zebra debug the recipe used to see VNI programming. */
export function renderZebraConf(hostname: string, logFile: string, debug: readonly string[] = ['zebra vxlan']): string {
  return [`hostname ${hostname}`, `log file ${logFile}`, ...debug.map((d) => `debug ${d}`), '!', ''].join('\n');
}

/** bgpd.conf for the site. */
export function renderBgpdConf(c: FrrBgpConfig, logFile: string): string {
  const lines = [`hostname ${c.hostname}`, `log file ${logFile}`, ...(c.debug ?? []).map((d) => `debug ${d}`), '!'];
  lines.push(`router bgp ${c.asn}`, ` bgp router-id ${c.routerId}`, ' bgp log-neighbor-changes', ' no bgp default ipv4-unicast',
    ' no bgp ebgp-requires-policy');
  if (c.gracefulRestart) {
    const gr = c.gracefulRestart;
    lines.push(' bgp graceful-restart');
    if (gr.restartTimeS !== undefined) lines.push(` bgp graceful-restart restart-time ${int('restart-time', gr.restartTimeS, 1, 4095)}`);
    if (gr.stalepathTimeS !== undefined) lines.push(` bgp graceful-restart stalepath-time ${int('stalepath-time', gr.stalepathTimeS, 1, 4095)}`);
    if (gr.preserveFwState) lines.push(' bgp graceful-restart preserve-fw-state');
  }
  for (const n of c.neighbors) lines.push(...neighborLines(n));
  lines.push(' !', ' address-family l2vpn evpn');
  for (const n of c.neighbors) {
    lines.push(`  neighbor ${n.address} activate`);
    if (n.routeReflectorClient) lines.push(`  neighbor ${n.address} route-reflector-client`);
  }
  if (c.advertiseAllVni ?? true) lines.push('  advertise-all-vni');
  for (const v of c.vnis ?? []) {
    lines.push(`  vni ${v.vni}`);
    if (v.rd) lines.push(`   rd ${v.rd}`);
    for (const rt of v.importRts ?? []) lines.push(`   route-target import ${rt}`);
    for (const rt of v.exportRts ?? []) lines.push(`   route-target export ${rt}`);
    lines.push('  exit-vni');
  }
  lines.push(' exit-address-family', '!', '');
  return lines.join('\n');
}

function neighborLines(n: FrrNeighbor): string[] {
  const p = ` neighbor ${n.address}`;
  const out = [`${p} remote-as ${n.remoteAs}`];
  if (n.updateSource) out.push(`${p} update-source ${n.updateSource}`);
  if (n.keepaliveS !== undefined || n.holdS !== undefined) {
    const hold = int('hold time', n.holdS ?? 3 * (n.keepaliveS ?? 60), 0, 65535);
    if (hold === 1 || hold === 2) throw new ValidationError('hold time', hold, '0 or 3..65535 (RFC 4271 §4.2)');
    out.push(`${p} timers ${int('keepalive', n.keepaliveS ?? Math.floor(hold / 3), 0, 65535)} ${hold}`);
  }
  if (n.connectRetryS !== undefined) out.push(`${p} timers connect ${int('connect retry', n.connectRetryS, 1, 65535)}`);
  if (n.passive) out.push(`${p} passive`);
  if (n.ebgpMultihop !== undefined) out.push(`${p} ebgp-multihop ${int('ebgp-multihop', n.ebgpMultihop, 1, 255)}`);
  if (n.advertisementIntervalS !== undefined) out.push(`${p} advertisement-interval ${int('advertisement-interval', n.advertisementIntervalS, 0, 600)}`);
  if (n.gracefulRestart === 'restart') out.push(`${p} graceful-restart`);
  if (n.gracefulRestart === 'helper') out.push(`${p} graceful-restart-helper`);
  if (n.gracefulRestart === 'disable') out.push(`${p} graceful-restart-disable`);
  return out;
}

function int(field: string, v: number, min: number, max: number): number {
  if (!Number.isInteger(v) || v < min || v > max) throw new ValidationError(field, v, `an integer from ${min} to ${max}`);
  return v;
}
