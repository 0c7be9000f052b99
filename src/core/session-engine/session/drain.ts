// Turns the bytes a link has read into FSM events: framing (RFC 4271 §4.1), decoding with the negotiated
// context, and RFC 7606 outcomes. A BgpError becomes MessageError, i.e. the NOTIFICATION it names and a
// close; anything else thrown is a bug of ours and resets only this session, never the daemon.
import type { Socket } from 'node:net';
import { BgpError } from '../wire/errors.js';
import type { DecodeResult } from '../wire/session-codec.js';
import { NOTIFY } from '../wire/types.js';
import { bounded, hexExcerpt } from '../../log-limit.js';
import type { Link } from './link.js';
import type { NeighborSession } from './neighbor.js';

const NO_DATA = new Uint8Array(0);

/** Processes everything in the link's inbox that came on `socket`, then hands over the UPDATE batch. */
export function drainLink(n: NeighborSession, link: Link, socket: Socket): void {
  const chunks = link.inbox;
  link.inbox = [];
  link.inboxBytes = 0;
  if (socket.isPaused()) socket.resume();
  try {
    for (const chunk of chunks) {
      if (link.socket !== socket) break;
      let messages: Uint8Array[];
      try {
        messages = link.framer.push(chunk);
      } catch (err) {
        if (!(err instanceof BgpError)) throw err;
        messageError(n, link, err);
        break;
      }
      for (const bytes of messages) {
        if (link.socket !== socket) break;
        receive(n, link, bytes);
      }
    }
    n.flushBatch(link);
  } catch (err) {
    const detail = err instanceof Error ? err.message : String(err);
    n.io.log.error(`bgp: internal error on the session with ${n.address}, resetting it: ${err instanceof Error ? (err.stack ?? detail) : detail}`);
    link.batch = [];
    if (link.socket === socket) n.step(link, { type: 'MessageError', code: NOTIFY.CEASE, subcode: 0, data: NO_DATA, detail: `internal error: ${detail}` });
  }
}

/** Message types (RFC 4271 §4.1) a session engine passes on undecoded. */
const TYPE_UPDATE = 2;
const TYPE_ROUTE_REFRESH = 5;

/** One whole message: decode, count, step the FSM. */
function receive(n: NeighborSession, link: Link, bytes: Uint8Array): void {
  const type = bytes[18];
  if (n.forwardsRaw && (type === TYPE_UPDATE || type === TYPE_ROUTE_REFRESH)) {
    // The route engine decodes it; any message restarts the hold timer all the same (RFC 4271 §8.2.2).
    n.count('in', type === TYPE_UPDATE ? 'update' : 'route-refresh');
    return n.step(link, { type: type === TYPE_UPDATE ? 'UpdateMsg' : 'RouteRefreshMsg', message: { type: 'raw', bytes } });
  }
  let decoded: DecodeResult;
  try {
    decoded = n.codec.decode(bytes, link.ctx);
  } catch (err) {
    if (!(err instanceof BgpError)) throw err;
    messageError(n, link, err, bytes);
    return;
  }
  const m = decoded.message;
  n.count('in', m.type);
  switch (m.type) {
    case 'open':
      link.peerOpen = m;
      n.step(link, { type: 'BgpOpen', open: m });
      if (link.fsm.name === 'OpenConfirm') n.settleCollision(link);
      return;
    case 'keepalive':
      return n.step(link, { type: 'KeepAliveMsg' });
    case 'update':
      link.decoding = decoded.problems.length === 0 ? { action: decoded.action, problems: decoded.problems } : { action: decoded.action, problems: decoded.problems, raw: bytes };
      return n.step(link, { type: 'UpdateMsg', message: m });
    case 'route-refresh':
      return n.step(link, { type: 'RouteRefreshMsg', message: m });
    case 'notification':
      return n.step(link, { type: 'NotifMsg', message: m });
  }
}

/**
 * A message that failed to decode: its NOTIFICATION, then the session closes (RFC 7606 session reset). One
 * bounded line with a hex excerpt, rate-limited per neighbor; the detail that becomes lastError is bounded too.
 */
function messageError(n: NeighborSession, link: Link, err: BgpError, bytes?: Uint8Array): void {
  const detail = bounded(err.detail);
  const hex = bytes === undefined ? '' : `; message ${hexExcerpt(bytes)}`;
  n.logLimit.write(n.io.log, 'warn', 'bad message', `bgp: bad message from ${n.address}: ${bounded(err.message)}${hex}`);
  n.step(link, { type: 'MessageError', code: err.notifyCode, subcode: err.notifySubcode, data: err.data, detail });
}
