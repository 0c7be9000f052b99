// Synthetic remote EVPN state for tests and the benchmark: N MACs spread over V VNIs behind one VTEP.
import type { EvpnEvent } from '../../src/core/route-engine/evpn/events.js';
import type { OvnNetwork } from '../../src/core/ovn/types.js';

/** The networks (VNI 1000+i on switch ls-<i>) and the events that fill them. */
export function remoteLoad(vnis: number, macs: number, vtep: string): { networks: OvnNetwork[]; events: EvpnEvent[] } {
  const networks: OvnNetwork[] = [];
  const events: EvpnEvent[] = [];
  for (let v = 0; v < vnis; v++) {
    networks.push({ vni: 1000 + v, logicalSwitch: `ls-${v}`, floodUnknown: true });
    events.push({ type: 'vtep-added', vni: 1000 + v, vtep });
  }
  for (let i = 0; i < macs; i++) {
    const v = i % vnis;
    const mac = `02:${hex(v >> 8)}:${hex(v)}:${hex(i >> 16)}:${hex(i >> 8)}:${hex(i)}`;
    events.push({ type: 'mac-added', vni: 1000 + v, mac, ips: [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`], vtep, seq: 0, sticky: false });
  }
  return { networks, events };
}

/** The address entries expected on the LSP of VNI 1000+v. */
export function expectedAddresses(events: readonly EvpnEvent[], vni: number): string[] {
  const out = events.filter((e) => e.type === 'mac-added' && e.vni === vni).map((e) => (e.type === 'mac-added' ? `${e.mac} ${e.ips.join(' ')}` : ''));
  return [...out, 'unknown'].sort();
}

const hex = (n: number): string => (n & 255).toString(16).padStart(2, '0');
