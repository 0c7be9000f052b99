// A raw BGP peer process for the log-size acceptance (run with `node --import tsx` in a lab netns): dials the
// daemon from its neighbor address, completes the handshake, sends `count` malformed UPDATEs as fast as the
// socket takes them (RFC 7606 treat-as-withdraw, so the session stays up), then a KEEPALIVE, and keeps the
// session until stdin ends. Events are JSON lines on stdout. argv[2]: {"host","localAddress","asn","routerId","count","repeats"}.
import { RawBgpPeer } from './raw-bgp-peer.js';
import { malformedUpdate } from './malformed-update.js';

interface Config { host: string; localAddress: string; asn: number; routerId: string; count: number; repeats: number }

const cfg = JSON.parse(process.argv[2] ?? '{}') as Config;
const emit = (event: string, fields: Record<string, unknown> = {}): void => {
  process.stdout.write(`${JSON.stringify({ event, t: Date.now(), ...fields })}\n`);
};

async function main(): Promise<void> {
  const peer = await RawBgpPeer.connect({ host: cfg.host, port: 179, localAddress: cfg.localAddress });
  peer.ctx = { fourOctetAs: true };
  await peer.handshake({ asn: cfg.asn, routerId: cfg.routerId, holdTime: 90 });
  emit('established');
  let bytes = 0;
  const started = Date.now();
  for (let i = 0; i < cfg.count; i++) {
    const u = malformedUpdate(i, cfg.repeats, cfg.localAddress);
    bytes += u.length;
    if (!peer.sendRaw(u)) await new Promise<void>((r) => peer.socket.once('drain', () => r()));
  }
  peer.send({ type: 'keepalive' });
  emit('sent', { count: cfg.count, bytes, ms: Date.now() - started });
  const keepalive = setInterval(() => peer.send({ type: 'keepalive' }), 20_000);
  process.stdin.resume();
  process.stdin.once('end', () => {
    clearInterval(keepalive);
    peer.destroy();
  });
  peer.closed.then(() => emit('closed'), () => undefined);
}

main().catch((err: unknown) => {
  emit('error', { error: err instanceof Error ? err.message : String(err) });
  process.exitCode = 1;
});
