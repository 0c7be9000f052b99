// One end of the RE <-> SE channel over a Unix socket: sends messages and BGP bytes, hands over what comes.
// A bad frame is logged and the connection dropped; it never throws out of a socket event.
import type { Socket } from 'node:net';
import type { Logger } from '../log.js';
import { bgpFrame, FrameReader, jsonFrame } from './frames.js';
import { ChannelError } from './protocol.js';

/** What the owner does with what arrives. */
export interface ChannelEvents<In> {
  message(m: In): void;
  bytes(address: string, bytes: Uint8Array): void;
  closed(): void;
}

/** A connected channel end; `parse` checks a JSON value is a message of the other side. */
export class Channel<In, Out extends object> {
  private readonly reader = new FrameReader();
  private open = true;

  constructor(private readonly socket: Socket, private readonly parse: (v: unknown) => In, private readonly on: ChannelEvents<In>, private readonly log: Logger) {
    socket.on('data', (chunk: Buffer) => this.read(chunk));
    socket.on('error', (err) => log.debug(`channel: ${err.message}`));
    socket.on('close', () => {
      const was = this.open;
      this.open = false;
      if (was) on.closed();
    });
  }

  get connected(): boolean {
    return this.open;
  }

  send(m: Out): void {
    if (this.open) this.socket.write(jsonFrame(m));
  }

  sendBytes(address: string, messages: readonly Uint8Array[]): void {
    if (this.open && messages.length > 0) this.socket.write(bgpFrame(address, messages));
  }

  /** Resolves once what was written is flushed and the connection is closed. */
  end(): Promise<void> {
    return new Promise((done) => {
      if (this.socket.destroyed) return done();
      this.socket.once('close', () => done());
      this.socket.end();
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    try {
      for (const f of this.reader.frames(chunk)) {
        if (!this.open) return;
        if (f.kind === 'bgp') this.on.bytes(f.address, f.bytes);
        else this.on.message(this.parse(f.value));
      }
    } catch (err) {
      const what = err instanceof ChannelError ? 'bad frame' : 'internal error on a frame';
      this.log.error(`channel: ${what}, dropping the connection: ${err instanceof Error ? err.message : String(err)}`);
      this.socket.destroy();
    }
  }
}
