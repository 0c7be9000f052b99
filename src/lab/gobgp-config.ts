// gobgpd's TOML configuration for a lab speaker: global AS/router-id/listen address and EVPN
// neighbors with transport, timers, passive mode, eBGP multihop and graceful restart.
// Pure, unit-tested; only the keys the lab needs (the recipe's 05-gobgp-y.sh is the baseline).
import { ValidationError } from '../core/errors.js';

/** One gobgpd neighbor. */
export interface GobgpNeighbor {
  address: string;
  peerAs: number;
  /** Source address of the session (the VTEP IP). */
  localAddress?: string;
  passive?: boolean;
  connectRetryS?: number;
  holdS?: number;
  keepaliveS?: number;
  ebgpMultihopTtl?: number;
  /** RFC 4724: advertise the GR capability (restart-time) and per-AFI GR for l2vpn-evpn. */
  gracefulRestart?: { restartTimeS?: number; helperOnly?: boolean };
}

/** The whole gobgpd configuration. */
export interface GobgpConfig {
  asn: number;
  routerId: string;
  /** Addresses to listen on (default: all). */
  listenAddresses?: readonly string[];
  /** TCP port (default 179; -1 disables listening). */
  port?: number;
  neighbors: readonly GobgpNeighbor[];
}

/** Renders gobgpd.toml. */
export function renderGobgpToml(c: GobgpConfig): string {
  const out = ['[global.config]', `  as = ${c.asn}`, `  router-id = ${str(c.routerId)}`, `  port = ${c.port ?? 179}`];
  if (c.listenAddresses?.length) out.push(`  local-address-list = [${c.listenAddresses.map(str).join(', ')}]`);
  for (const n of c.neighbors) out.push('', ...neighbor(n));
  return `${out.join('\n')}\n`;
}

function neighbor(n: GobgpNeighbor): string[] {
  const out = ['[[neighbors]]', '  [neighbors.config]', `    neighbor-address = ${str(n.address)}`, `    peer-as = ${n.peerAs}`];
  if (n.localAddress !== undefined || n.passive) {
    out.push('  [neighbors.transport.config]');
    if (n.localAddress !== undefined) out.push(`    local-address = ${str(n.localAddress)}`);
    if (n.passive) out.push('    passive-mode = true');
  }
  out.push('  [neighbors.timers.config]', `    connect-retry = ${n.connectRetryS ?? 5}`);
  if (n.holdS !== undefined) {
    if (n.holdS === 1 || n.holdS === 2 || n.holdS < 0) throw new ValidationError('hold time', n.holdS, '0 or 3..65535 (RFC 4271 §4.2)');
    out.push(`    hold-time = ${n.holdS}`, `    keepalive-interval = ${n.keepaliveS ?? Math.floor(n.holdS / 3)}`);
  } else if (n.keepaliveS !== undefined) {
    out.push(`    keepalive-interval = ${n.keepaliveS}`);
  }
  if (n.ebgpMultihopTtl !== undefined) out.push('  [neighbors.ebgp-multihop.config]', '    enabled = true', `    multihop-ttl = ${n.ebgpMultihopTtl}`);
  const gr = n.gracefulRestart;
  if (gr) {
    out.push('  [neighbors.graceful-restart.config]', '    enabled = true');
    if (gr.restartTimeS !== undefined) out.push(`    restart-time = ${gr.restartTimeS}`);
    if (gr.helperOnly) out.push('    helper-only = true');
  }
  out.push('  [[neighbors.afi-safis]]', '    [neighbors.afi-safis.config]', '      afi-safi-name = "l2vpn-evpn"');
  if (gr) out.push('    [neighbors.afi-safis.mp-graceful-restart.config]', '      enabled = true');
  return out;
}

function str(s: string): string {
  return JSON.stringify(s); // TOML basic strings use the same escapes as JSON for the characters we emit
}
