// ICMP echo for the lab, in Python's standard library over a raw socket: iputils `ping` is not among the
// packages the lab can rely on (the machine and CI install none), while /usr/bin/python3 is (python3-os-ken).
// The script prints one JSON line: {transmitted, received, rtts_ms, errors}.
import { LabError } from './errors.js';
import { run } from './exec.js';
import { SYSTEM_PYTHON } from './python.js';

/** Options of one ping run. */
export interface PingOptions {
  count?: number;
  /** Seconds between probes (default 0.2). */
  intervalS?: number;
  /** Seconds to wait for each reply (default 1). */
  waitS?: number;
  /** ICMP payload bytes (default 56, as iputils). */
  size?: number;
  /** Set DF (IP_PMTUDISC_DO), to prove the MTU budget (lab-recipe P10). */
  dontFragment?: boolean;
}

/** Result of a ping run. */
export interface PingResult {
  transmitted: number;
  received: number;
  rttsMs: number[];
  /** Send errors (e.g. "Message too long" with DF). */
  errors: string[];
}

const SCRIPT = String.raw`
import json, os, select, socket, struct, sys, time
o = json.loads(sys.argv[1])
def csum(b):
    if len(b) % 2: b += b'\0'
    s = sum(struct.unpack('!%dH' % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff); s += s >> 16
    return ~s & 0xffff
sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
if o['df']:
    sock.setsockopt(socket.IPPROTO_IP, 10, 2)  # IP_MTU_DISCOVER = IP_PMTUDISC_DO
ident = os.getpid() & 0xffff
res = {'transmitted': 0, 'received': 0, 'rtts_ms': [], 'errors': []}
for seq in range(o['count']):
    start = time.monotonic()
    body = bytes(o['size'])
    pkt = struct.pack('!BBHHH', 8, 0, csum(struct.pack('!BBHHH', 8, 0, 0, ident, seq) + body), ident, seq) + body
    try:
        sock.sendto(pkt, (o['target'], 0))
        res['transmitted'] += 1
    except OSError as e:
        res['errors'].append(str(e))
    deadline = start + o['wait']
    while res['transmitted'] > seq:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([sock], [], [], left)[0]:
            break
        data, addr = sock.recvfrom(65535)
        ihl = (data[0] & 0x0f) * 4
        typ, _code, _c, rid, rseq = struct.unpack('!BBHHH', data[ihl:ihl + 8])
        if typ == 0 and rid == ident and rseq == seq and addr[0] == o['target']:
            res['received'] += 1
            res['rtts_ms'].append(round((time.monotonic() - start) * 1000, 3))
            break
    if seq + 1 < o['count']:
        time.sleep(max(0, start + o['interval'] - time.monotonic()))
print(json.dumps(res))
`;

/** Pings target from inside netns; lost replies are data (check received), only a broken run throws. */
export async function icmpPing(netns: string, target: string, o: PingOptions = {}): Promise<PingResult> {
  const opts = { target, count: o.count ?? 3, interval: o.intervalS ?? 0.2, wait: o.waitS ?? 1, size: o.size ?? 56, df: o.dontFragment ?? false };
  const budgetMs = Math.ceil((opts.count * Math.max(opts.interval, opts.wait) + 5) * 1000);
  const { stdout } = await run([SYSTEM_PYTHON, '-c', SCRIPT, JSON.stringify(opts)], { netns, timeoutMs: budgetMs });
  return parsePingJson(stdout);
}

/** Parses the script's JSON line. */
export function parsePingJson(stdout: string): PingResult {
  let v: { transmitted?: unknown; received?: unknown; rtts_ms?: unknown; errors?: unknown };
  try {
    v = JSON.parse(stdout) as typeof v;
  } catch (err) {
    throw new LabError(`ping: expected one JSON line, got ${JSON.stringify(stdout.slice(0, 200))}`, { cause: err });
  }
  if (typeof v.transmitted !== 'number' || typeof v.received !== 'number' || !Array.isArray(v.rtts_ms) || !Array.isArray(v.errors)) {
    throw new LabError(`ping: expected {transmitted, received, rtts_ms, errors}, got ${JSON.stringify(v).slice(0, 200)}`);
  }
  return { transmitted: v.transmitted, received: v.received, rttsMs: v.rtts_ms.map(Number), errors: v.errors.map(String) };
}
