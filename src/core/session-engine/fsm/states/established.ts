// Established (RFC 4271 §8.2.2): UPDATEs flow; every KEEPALIVE or UPDATE restarts the hold timer.
import { KEEPALIVE } from '../../wire/messages/keepalive.js';
import type { FsmConfig, FsmEvent, FsmState, Transition } from '../types.js';
import { after } from '../timers.js';
import { fsmError } from '../steps.js';
import { afterOpen } from './after-open.js';

/** Transitions out of Established. */
export function established(s: FsmState, e: FsmEvent, c: FsmConfig, now: number): Transition {
  const peer = s.peer;
  if (!peer) return fsmError(s, c, now, e.type);
  const restartHold = (): FsmState => ({ ...s, timers: { ...s.timers, hold: peer.holdTime > 0 ? after(now, peer.holdTime) : null } });
  switch (e.type) {
    case 'KeepaliveTimerExpires':
      return { state: { ...s, timers: { ...s.timers, keepalive: after(now, peer.keepaliveTime) } }, actions: [{ type: 'send', message: KEEPALIVE }] };
    case 'KeepAliveMsg':
      return { state: restartHold(), actions: [] };
    case 'UpdateMsg':
    case 'RouteRefreshMsg':
      // RFC 4271 §6.5 names KEEPALIVE and UPDATE; any message proves the peer alive, so ROUTE-REFRESH counts too.
      return { state: restartHold(), actions: [{ type: 'deliver', message: e.message }] };
    default:
      return afterOpen(s, e, c, now);
  }
}
