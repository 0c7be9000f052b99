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
  /**
   * Send every intervalS whatever comes back, as iputils `ping -i` does, and count a reply that arrives
   * before waitS after the last send (default false: wait up to waitS for each reply before the next
   * echo, so during an outage an echo goes out only every waitS). Failover figures ("echoes lost at 0.1 s")
   * need this: a lost echo then stands for intervalS of outage, not waitS.
   */
  paced?: boolean;
}

/** Result of a ping run. */
export interface PingResult {
  transmitted: number;
  received: number;
  rttsMs: number[];
  /** Send errors (e.g. "Message too long" with DF). */
  errors: string[];
  /** Sequence numbers (0-based) of the echoes that got no reply (paced runs). */
  lostSeqs?: number[];
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
def matches(data, addr):
    ihl = (data[0] & 0x0f) * 4
    typ, _code, _c, rid, rseq = struct.unpack('!BBHHH', data[ihl:ihl + 8])
    return rseq if typ == 0 and rid == ident and addr[0] == o['target'] else None
def send(seq):
    body = bytes(o['size'])
    pkt = struct.pack('!BBHHH', 8, 0, csum(struct.pack('!BBHHH', 8, 0, 0, ident, seq) + body), ident, seq) + body
    try:
        sock.sendto(pkt, (o['target'], 0))
        res['transmitted'] += 1
        return True
    except OSError as e:
        res['errors'].append(str(e))
        return False
if o['paced']:
    sent, got = {}, {}
    begin = time.monotonic()
    seq = 0
    while True:
        now = time.monotonic()
        if seq < o['count'] and now >= begin + seq * o['interval']:
            if send(seq):
                sent[seq] = now
            seq += 1
            continue
        if seq >= o['count'] and now >= begin + (o['count'] - 1) * o['interval'] + o['wait']:
            break
        until = begin + seq * o['interval'] if seq < o['count'] else begin + (o['count'] - 1) * o['interval'] + o['wait']
        if select.select([sock], [], [], max(0, until - now))[0]:
            data, addr = sock.recvfrom(65535)
            rseq = matches(data, addr)
            if rseq in sent and rseq not in got:
                got[rseq] = round((time.monotonic() - sent[rseq]) * 1000, 3)
    res['received'] = len(got)
    res['rtts_ms'] = [got[k] for k in sorted(got)]
    res['lost_seqs'] = [k for k in range(o['count']) if k not in got]
    print(json.dumps(res))
    sys.exit(0)
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
  const opts = { target, count: o.count ?? 3, interval: o.intervalS ?? 0.2, wait: o.waitS ?? 1, size: o.size ?? 56, df: o.dontFragment ?? false, paced: o.paced ?? false };
  const budgetMs = Math.ceil((opts.count * Math.max(opts.interval, opts.wait) + 5) * 1000);
  const { stdout } = await run([SYSTEM_PYTHON, '-c', SCRIPT, JSON.stringify(opts)], { netns, timeoutMs: budgetMs });
  return parsePingJson(stdout);
}

/** Parses the script's JSON line. */
export function parsePingJson(stdout: string): PingResult {
  let v: { transmitted?: unknown; received?: unknown; rtts_ms?: unknown; errors?: unknown; lost_seqs?: unknown };
  try {
    v = JSON.parse(stdout) as typeof v;
  } catch (err) {
    throw new LabError(`ping: expected one JSON line, got ${JSON.stringify(stdout.slice(0, 200))}`, { cause: err });
  }
  if (typeof v.transmitted !== 'number' || typeof v.received !== 'number' || !Array.isArray(v.rtts_ms) || !Array.isArray(v.errors)) {
    throw new LabError(`ping: expected {transmitted, received, rtts_ms, errors}, got ${JSON.stringify(v).slice(0, 200)}`);
  }
  const result: PingResult = { transmitted: v.transmitted, received: v.received, rttsMs: v.rtts_ms.map(Number), errors: v.errors.map(String) };
  if (Array.isArray(v.lost_seqs)) result.lostSeqs = v.lost_seqs.map(Number);
  return result;
}

/** The longest run of consecutive lost sequence numbers (the outage of a paced run, in echoes). */
export function longestLossRun(lostSeqs: readonly number[]): number {
  let best = 0;
  let run = 0;
  let prev = Number.NaN;
  for (const seq of lostSeqs) {
    run = seq === prev + 1 ? run + 1 : 1;
    best = Math.max(best, run);
    prev = seq;
  }
  return best;
}
