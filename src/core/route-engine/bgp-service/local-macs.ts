// OVN's local MACs as the daemon reads them from the NB: what the BGP side may advertise (RFC 7432 §7.2).
// A VM port's addresses are free text in the NB; a spelling we cannot parse is logged and left out rather than
// refused, so one bad port does not keep a whole switch's MACs from being advertised.
import type { Logger } from '../../log.js';
import type { LocalMacs } from '../../model/live.js';
import { parseIp, parseMac } from '../../model/validate.js';

/** The MACs with valid MAC and IP spellings, canonical; the rest is logged and left out. */
export function validLocalMacs(vni: number, macs: LocalMacs, log: Logger): LocalMacs {
  const out = new Map<string, readonly string[]>();
  for (const [mac, ips] of macs) {
    try {
      out.set(parseMac(mac), ips.map((ip) => parseIp(ip)));
    } catch (err) {
      log.warn(`bgp: VNI ${vni}: not advertising OVN address ${mac} ${ips.join(' ')}: ${(err as Error).message}`);
    }
  }
  return out;
}
