// The reload's hand-over between two session engines (through the supervisor, which alone can pass
// handles between its children). The old engine stops its timers and reads, lets its writes drain so the
// next message boundary is clean, and sends per Established session: its FSM state (deadlines as ms from
// now), the peer's OPEN, settings, counters, history and the bytes read but not yet framed, with the
// socket itself; then each other neighbor's settings (it starts afresh), then the listening server. The
// new engine rebuilds the links and carries on: the peers see nothing.
import type { Server, Socket } from 'node:net';
import type { Clock } from '../clock.js';
import type { FsmState } from './fsm/types.js';
import type { ErrorHistoryData } from './session/error-history.js';
import { Link } from './session/link.js';
import type { Sessions } from './session/sessions.js';
import type { NeighborCounters } from './session/types.js';
import type { OpenMessage } from './wire/types.js';
import type { SessionUp } from './session/types.js';
import { fromJson, toJson } from './frames.js';
import { wireSettingsOf, settingsOf } from './settings.js';
import { shiftFsm } from './snapshot.js';
import type { WireSettings } from './protocol.js';

/** How long the old engine waits for a socket's writes to drain. */
const FLUSH_TIMEOUT_MS = 5000;

/** One Established session, its times relative to the moment of the hand-over. */
export interface HandedSession {
  readonly settings: WireSettings;
  readonly fsm: FsmState;
  readonly peerOpen: OpenMessage;
  readonly up: SessionUp;
  readonly counters: NeighborCounters;
  readonly errors: ErrorHistoryData;
  /** Bytes read and not processed yet: the framer's partial message, then unread chunks. */
  readonly leftover: Uint8Array;
}

/** The IPC messages of the hand-over (the supervisor relays them, with their handle, in order). */
export type HandoverMessage =
  | { type: 'handover-session'; state: string }
  | { type: 'handover-neighbor'; settings: string }
  | { type: 'handover-listener'; at: { address?: string; port: number } }
  | { type: 'handover-done'; sessions: number };

/** Sends one message (with a handle) and resolves once it is written to the IPC channel. */
export type HandoverSend = (m: HandoverMessage, handle?: Socket | Server) => Promise<void>;

/** The old engine's side: everything goes out through `send`; the sessions are gone from here afterwards. */
export async function handOver(sessions: Sessions, clock: Clock, send: HandoverSend): Promise<number> {
  const handed = [];
  const rest = [];
  for (const n of [...sessions.all()]) {
    const h = n.handOff();
    if (h === null || h.link.up === null || h.link.peerOpen === null) rest.push(n);
    else handed.push({ n, link: h.link, socket: h.socket, up: h.link.up, peerOpen: h.link.peerOpen });
  }
  await Promise.all(handed.map((h) => flushed(h.socket)));
  const now = clock.now();
  for (const { n, link, socket, up, peerOpen } of handed) {
    const unread: Buffer[] = [];
    for (let c = socket.read() as Buffer | null; c !== null; c = socket.read() as Buffer | null) unread.push(c);
    const state: HandedSession = {
      settings: wireSettingsOf(n.settings), fsm: shiftFsm(link.fsm, -now), peerOpen, up, counters: n.counters,
      errors: n.errors.toData(-now), leftover: Buffer.concat([link.framer.leftover(), ...link.inbox, ...unread]),
    };
    await send({ type: 'handover-session', state: toJson(state) }, socket);
  }
  for (const n of rest) await send({ type: 'handover-neighbor', settings: toJson(wireSettingsOf(n.settings)) });
  const listener = sessions.handOffListener();
  if (listener !== null) {
    await send({ type: 'handover-listener', at: listener.at }, listener.server);
    listener.server.close();
  }
  await send({ type: 'handover-done', sessions: handed.length });
  return handed.length;
}

/** The new engine's side: one message of the hand-over. */
export function takeOver(sessions: Sessions, clock: Clock, m: HandoverMessage, handle: unknown): void {
  switch (m.type) {
    case 'handover-session': {
      const s = fromJson(m.state) as HandedSession;
      const socket = handle as Socket;
      socket.pause(); // nothing is read before the link is rebuilt
      const now = clock.now();
      const link = new Link();
      link.fsm = shiftFsm(s.fsm, now);
      link.peerOpen = s.peerOpen;
      link.up = s.up;
      link.connectedAt = now;
      link.bytesIn = 1;
      if (s.leftover.length > 0) {
        link.inbox = [Buffer.from(s.leftover)];
        link.inboxBytes = s.leftover.length;
      }
      const n = sessions.adopt(settingsOf(s.settings), link, socket);
      Object.assign(n.counters, s.counters);
      n.errors.restore(s.errors, now);
      return;
    }
    case 'handover-neighbor':
      sessions.add(settingsOf(fromJson(m.settings) as WireSettings));
      return;
    case 'handover-listener':
      sessions.adoptListener(m.at, handle as Server);
      return;
    case 'handover-done':
      return;
  }
}

/** Resolves once everything written to `socket` has left for the kernel (or after a timeout). */
function flushed(socket: Socket): Promise<void> {
  if (socket.writableLength === 0 || socket.destroyed) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(done, FLUSH_TIMEOUT_MS);
    const check = () => {
      if (socket.writableLength > 0 && !socket.destroyed) return;
      clearTimeout(timer);
      socket.off('drain', check);
      done();
    };
    socket.on('drain', check);
    check();
  });
}
