// One UDP broadcast from a host, with a marker in the payload: the probe of the flood and split-horizon
// tests (count how many copies each other host receives). Sent by /usr/bin/python3 to 255.255.255.255
// bound to the host's interface, so no broadcast address or route needs to be configured.
import type { Host } from './hosts.js';
import { run } from './exec.js';
import { SYSTEM_PYTHON } from './python.js';

const SCRIPT = String.raw`
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
s.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, sys.argv[1].encode())
s.sendto(sys.argv[3].encode(), ('255.255.255.255', int(sys.argv[2])))
`;

/** Sends one UDP datagram carrying `marker` to 255.255.255.255:port out of the host's interface. */
export async function sendUdpBroadcast(from: Host, port: number, marker: string): Promise<void> {
  await run([SYSTEM_PYTHON, '-c', SCRIPT, from.iface, String(port), marker], { netns: from.netns });
}
