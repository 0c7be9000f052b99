// The route engine's end of the channel: connects to the session engine, says hello and waits for its
// answer (every neighbor's state), then hands what comes to whoever `listen`s. Events that arrive before
// anyone listens are of neighbors not configured yet; they are dropped, and `add` reports the up again.
import { connect } from 'node:net';
import type { Logger } from '../log.js';
import { Channel, type ChannelEvents } from '../session-engine/channel.js';
import { asSeMessage, CHANNEL_VERSION, type ReMessage, type SeMessage } from '../session-engine/protocol.js';

/** How long the session engine gets to answer hello. */
const HELLO_TIMEOUT_MS = 10_000;

/** A channel to the session engine, greeted. */
export interface SeConnection {
  readonly channel: Channel<SeMessage, ReMessage>;
  readonly hello: Extract<SeMessage, { type: 'hello' }>;
  /** Where the channel's events go from now on. */
  listen(on: ChannelEvents<SeMessage>): void;
}

/** Connects to the session engine's channel socket at `path`. */
export function connectSessionEngine(path: string, log: Logger): Promise<SeConnection> {
  return new Promise((resolve, reject) => {
    let target: ChannelEvents<SeMessage> | null = null;
    let hello: Extract<SeMessage, { type: 'hello' }> | null = null;
    const socket = connect(path);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`expected the session engine's hello on ${path} within ${HELLO_TIMEOUT_MS / 1000} s, got none`));
    }, HELLO_TIMEOUT_MS);
    const channel: Channel<SeMessage, ReMessage> = new Channel(socket, asSeMessage, {
      message: (m) => {
        if (hello === null) {
          if (m.type !== 'hello') return;
          hello = m;
          clearTimeout(timer);
          resolve({ channel, hello: m, listen: (on) => { target = on; } });
          return;
        }
        target?.message(m);
      },
      bytes: (address, bytes) => target?.bytes(address, bytes),
      closed: () => {
        clearTimeout(timer);
        if (hello === null) reject(new Error(`expected the session engine's hello on ${path}, got the connection closed`));
        target?.closed();
      },
    }, log);
    socket.once('connect', () => channel.send({ type: 'hello', version: CHANNEL_VERSION, pid: process.pid }));
  });
}
