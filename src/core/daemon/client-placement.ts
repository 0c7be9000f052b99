// Where a client (an explicitly advertised MAC) may go: its port must sit on its VNI's switch, its MAC must
// not belong to another VNI's VM port, and a MAC (and IP) left out is read from the port in OVN (issue 11).
import type { ClientSpec } from '../api/inputs.js';
import { EvpnError, ValidationError } from '../errors.js';
import type { ClientConfig, NetworkConfig } from '../model/config.js';
import type { PortAddresses } from '../model/live.js';
import type { Runtime } from './runtime.js';

/** A client's port must sit on its VNI's switch: otherwise its MAC would be advertised into the wrong VNI (exit 2, both named). */
function checkPortSwitch(name: string, port: PortAddresses, network: NetworkConfig): void {
  if (port.logicalSwitch === network.logicalSwitch || port.logicalSwitchUuid === network.logicalSwitch) return;
  throw new ValidationError('port', name, `a port on logical switch ${network.logicalSwitch} (VNI ${network.vni})`,
    `port ${name} is on logical switch ${port.logicalSwitch}, not on ${network.logicalSwitch} of VNI ${network.vni}`);
}

/**
 * The port as OVN has it; null when OVN cannot be asked. With --mac the daemon need not read the port's
 * addresses, so an unreachable NB does not refuse the client (the CMS may add it before OVN is up), but a
 * port OVN reports as missing is refused either way.
 */
async function portOf(runtime: Runtime, port: string, macGiven: boolean): Promise<PortAddresses | null> {
  try {
    return await runtime.resolvePort(port);
  } catch (err) {
    if (macGiven && err instanceof EvpnError && err.code === 'unreachable') return null;
    throw err;
  }
}

/** A MAC on a VM port of another VNI's switch belongs to that VNI: advertising it here would leak it. */
function checkMacOwner(runtime: Runtime, mac: string, vni: number, port: string): void {
  const other = runtime.macPorts(mac).find((o) => o.vni !== vni);
  if (other !== undefined) {
    throw new ValidationError('mac', mac, `a MAC of VNI ${vni}`, `MAC ${mac} belongs to port ${other.port} of VNI ${other.vni}, not to VNI ${vni} (client port ${port}); add it to VNI ${other.vni} or fix the port's addresses`);
  }
}

/** The client's config once its port and MAC are checked against OVN, the MAC (and IP) read from the port when not given. */
export async function placeClient(runtime: Runtime, spec: ClientSpec, network: NetworkConfig): Promise<ClientConfig> {
  let mac = spec.mac;
  let ip = spec.ip;
  const port = await portOf(runtime, spec.port, mac !== undefined);
  if (port !== null) checkPortSwitch(spec.port, port, network);
  if (mac !== undefined) checkMacOwner(runtime, mac, spec.vni, spec.port);
  if (mac === undefined) {
    const entry = port?.entries[0];
    if (!entry) {
      throw new ValidationError('mac', null, port ? `a MAC: port ${spec.port} has no addresses in OVN, so give --mac` : 'a MAC (--mac): the daemon is not connected to the OVN NB database to read it from the port');
    }
    mac = entry.mac;
    ip ??= entry.ips[0];
  }
  return ip === undefined ? { vni: spec.vni, mac, port: spec.port } : { vni: spec.vni, mac, port: spec.port, ip };
}
