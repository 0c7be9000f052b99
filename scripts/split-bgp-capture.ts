// Cuts the TCP payloads of a BGP capture (tshark fields: src sport dst dport seq payload) into whole
// messages, one hex file per kind of message per speaker, named <peer>-<what>.hex. The speaker is told
// by source address: 192.168.100.1 FRR, 192.168.100.2 / 192.168.101.2 gobgpd, 192.168.101.3 os-ken.
// Usage: npx tsx scripts/split-bgp-capture.ts segments.tsv OUT_DIR
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  MessageFramer, decodeMessage, endOfRibFamily, fromHex, isKnownRoute, toHex, OPEN_CONTEXT,
  type BgpMessage, type EvpnRoute,
} from '../src/core/session-engine/wire/index.js';

const PEERS: Record<string, string> = { '192.168.100.1': 'frr', '192.168.100.2': 'gobgp', '192.168.101.2': 'gobgp', '192.168.101.3': 'osken' };
const [input, outDir] = process.argv.slice(2);
if (!input || !outDir) throw new Error('usage: split-bgp-capture.ts SEGMENTS.tsv OUT_DIR');

interface Segment { seq: number; payload: Uint8Array }
const streams = new Map<string, Segment[]>();
for (const line of readFileSync(input, 'utf8').split('\n')) {
  const [src, sport, dst, dport, seq, payload] = line.split('\t');
  if (!src || !payload) continue;
  const key = `${src}:${sport}>${dst}:${dport}`;
  const list = streams.get(key) ?? [];
  list.push({ seq: Number(seq), payload: fromHex(payload) });
  streams.set(key, list);
}

const routeName = (r: EvpnRoute): string => {
  if (!isKnownRoute(r)) return `type${r.type}`;
  if (r.type === 2) return r.ip === null ? 'type2-mac' : 'type2-macip';
  return r.type === 3 ? 'type3' : `type${r.type}`;
};

function kindOf(msg: BgpMessage, to: string): string {
  const dir = to === 'osken' ? '-to-osken' : to === 'frr' ? '-to-frr' : '';
  switch (msg.type) {
    case 'open': return 'open';
    case 'keepalive': return 'keepalive';
    case 'notification': return `notification-${msg.code}-${msg.subcode}`;
    case 'route-refresh': return `route-refresh-${msg.subtype}`;
    case 'update': {
      const fam = endOfRibFamily(msg);
      if (fam) return `eor-${fam.afi}-${fam.safi}`;
      const a = msg.attributes;
      const reach = [...new Set((a.mpReach?.evpn ?? []).map(routeName))].join('+');
      const unreach = [...new Set((a.mpUnreach?.evpn ?? []).map(routeName))].join('+');
      const pmsi = a.pmsiTunnel ? '-pmsi' : '';
      const mob = a.extCommunities?.some((c) => c.kind === 'mac-mobility') ? '-mobility' : '';
      const rdIp = [...(a.mpReach?.evpn ?? [])].map((r) => (isKnownRoute(r) && r.rd.type === 1 ? r.rd.ip : ''))[0] ?? '';
      const owner = PEERS[rdIp];
      const rr = a.originatorId && owner && owner !== 'gobgp' ? `-reflected-from-${owner}` : '';
      if (reach) return `update-${reach}${pmsi}${mob}${rr}${dir}`;
      return `withdraw-${unreach || 'ipv4'}${rr}${dir}`;
    }
  }
}

const written = new Map<string, string>();
for (const [key, segs] of streams) {
  const [from, to] = key.split('>').map((ep) => PEERS[ep.slice(0, ep.lastIndexOf(':'))] ?? 'unknown');
  segs.sort((x, y) => x.seq - y.seq);
  const framer = new MessageFramer();
  let next = -1;
  for (const s of segs) {
    if (next >= 0 && s.seq < next) continue; // a retransmission
    next = s.seq + s.payload.length;
    for (const bytes of framer.push(s.payload)) {
      let kind: string;
      try {
        kind = kindOf(decodeMessage(bytes, OPEN_CONTEXT).message, to ?? 'unknown');
      } catch (err) {
        kind = `undecodable-${(err as Error).message.slice(0, 20).replace(/\W+/g, '_')}`;
      }
      const name = `${from}-${kind}.hex`;
      if (written.has(name)) continue;
      written.set(name, toHex(bytes));
      writeFileSync(join(outDir, name), `${toHex(bytes)}\n`);
    }
  }
}
console.log([...written.keys()].sort().join('\n'));
