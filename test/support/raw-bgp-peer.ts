// A tiny BGP speaker written with the codec, for tests and the ingest benchmark: it dials or accepts one
// TCP connection and sends or reads exactly what it is told, nothing automatic (no keepalives, no FSM).
// That makes it the tool for misbehaving on purpose (bad OPENs, garbage, half messages, silence).
import { createServer, Socket, type Server } from 'node:net';
import { OPEN_CONTEXT, type CodecContext } from '../../src/core/session-engine/wire/context.js';
import { decodeMessage, encodeMessage } from '../../src/core/session-engine/wire/message.js';
import { MessageFramer } from '../../src/core/session-engine/wire/framer.js';
import { isEndOfRib } from '../../src/core/session-engine/wire/end-of-rib.js';
import {
  AFI_L2VPN, SAFI_EVPN, type BgpMessage, type Capability, type NotificationMessage, type OpenMessage, type UpdateMessage,
} from '../../src/core/session-engine/wire/types.js';

/** What to put in the peer's OPEN. */
export interface OpenOptions {
  asn: number;
  routerId: string;
  holdTime?: number;
  /** Default: MP L2VPN/EVPN, route refresh, 4-octet AS. */
  capabilities?: Capability[];
}

/** The peer's OPEN: My AS is AS_TRANS above 65535 (RFC 6793). */
export function openMessage(o: OpenOptions): OpenMessage {
  return {
    type: 'open', version: 4, myAs: o.asn > 0xffff ? 23456 : o.asn, holdTime: o.holdTime ?? 90, routerId: o.routerId,
    capabilities: o.capabilities ?? [{ code: 1, afi: AFI_L2VPN, safi: SAFI_EVPN }, { code: 2 }, { code: 65, asn: o.asn }],
  };
}

/** One raw BGP connection. */
export class RawBgpPeer {
  private readonly framer = new MessageFramer();
  private readonly received: BgpMessage[] = [];
  private waiters: (() => void)[] = [];
  private ended = false;
  readonly closed: Promise<void>;
  ctx: CodecContext = OPEN_CONTEXT;

  constructor(readonly socket: Socket) {
    this.closed = new Promise((done) => socket.once('close', () => done()));
    socket.on('data', (chunk: Buffer) => {
      for (const bytes of this.framer.push(chunk)) this.received.push(decodeMessage(bytes, this.ctx).message);
      this.wake();
    });
    socket.on('error', () => undefined);
    socket.once('close', () => {
      this.ended = true;
      this.wake();
    });
  }

  /** Dials host:port (optionally from localAddress). */
  static async connect(o: { host: string; port: number; localAddress?: string }): Promise<RawBgpPeer> {
    const socket = new Socket();
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.connect({ host: o.host, port: o.port, ...(o.localAddress !== undefined && { localAddress: o.localAddress }) }, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new RawBgpPeer(socket);
  }

  /** Encodes and sends messages (one write). */
  send(...messages: BgpMessage[]): void {
    this.sendRaw(Buffer.concat(messages.map((m) => encodeMessage(m, this.ctx))));
  }

  sendRaw(bytes: Uint8Array): boolean {
    return this.socket.write(bytes);
  }

  /** The next message, in order; rejects if the connection closes first. */
  async next(): Promise<BgpMessage> {
    for (;;) {
      const m = this.received.shift();
      if (m !== undefined) return m;
      if (this.ended) throw new Error('expected another BGP message, got the connection closed');
      await new Promise<void>((wake) => this.waiters.push(wake));
    }
  }

  /** The next message of a type, skipping KEEPALIVEs (and anything else `skip` allows). */
  async expect<T extends BgpMessage['type']>(type: T, skip: readonly BgpMessage['type'][] = ['keepalive']): Promise<Extract<BgpMessage, { type: T }>> {
    for (;;) {
      const m = await this.next();
      if (m.type === type) return m as Extract<BgpMessage, { type: T }>;
      if (!skip.includes(m.type)) throw new Error(`expected a ${type} message, got ${describe(m)}`);
    }
  }

  /** OPEN out, OPEN in, KEEPALIVE out, KEEPALIVE in: the session is Established on both ends. */
  async handshake(o: OpenOptions): Promise<OpenMessage> {
    this.send(openMessage(o));
    const theirs = await this.expect('open', []);
    this.send({ type: 'keepalive' });
    await this.expect('keepalive', []);
    return theirs;
  }

  /** UPDATEs until End-of-RIB for L2VPN/EVPN (not included). */
  async updatesUntilEor(): Promise<UpdateMessage[]> {
    const out: UpdateMessage[] = [];
    for (;;) {
      const u = await this.expect('update');
      if (isEndOfRib(u)) return out;
      out.push(u);
    }
  }

  /** The NOTIFICATION the other side sends before closing (KEEPALIVEs and UPDATEs skipped). */
  async notification(): Promise<NotificationMessage> {
    return this.expect('notification', ['keepalive', 'update', 'route-refresh']);
  }

  /** Messages received and not read yet. */
  get backlog(): number {
    return this.received.length;
  }

  destroy(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

/** Accepts connections (e.g. the daemon dialing out) and hands each over as a RawBgpPeer. */
export class RawBgpListener {
  private readonly peers: RawBgpPeer[] = [];
  private readonly all: RawBgpPeer[] = [];
  private waiters: (() => void)[] = [];
  private constructor(readonly server: Server) {
    server.on('connection', (s) => {
      const p = new RawBgpPeer(s);
      this.peers.push(p);
      this.all.push(p);
      for (const w of this.waiters.splice(0)) w();
    });
  }

  static async listen(host: string, port = 0): Promise<RawBgpListener> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port }, () => resolve());
    });
    return new RawBgpListener(server);
  }

  get port(): number {
    const a = this.server.address();
    if (a === null || typeof a !== 'object') throw new Error('expected a bound TCP listener');
    return a.port;
  }

  /** The next accepted connection. */
  async accept(): Promise<RawBgpPeer> {
    for (;;) {
      const p = this.peers.shift();
      if (p !== undefined) return p;
      await new Promise<void>((w) => this.waiters.push(w));
    }
  }

  async close(): Promise<void> {
    for (const p of this.all) p.destroy();
    await new Promise<void>((done) => this.server.close(() => done()));
  }
}

function describe(m: BgpMessage): string {
  if (m.type === 'notification') return `a NOTIFICATION ${m.code}/${m.subcode}`;
  return `a ${m.type} message`;
}
