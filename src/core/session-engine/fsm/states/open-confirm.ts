// OpenConfirm (RFC 4271 §8.2.2): OPENs exchanged, waiting for the peer's KEEPALIVE.
import { KEEPALIVE } from '../../wire/messages/keepalive.js';
import type { FsmConfig, FsmEvent, FsmState, Transition } from '../types.js';
import { after } from '../timers.js';
import { fsmError } from '../steps.js';
import { afterOpen } from './after-open.js';

/** Transitions out of OpenConfirm. */
export function openConfirm(s: FsmState, e: FsmEvent, c: FsmConfig, now: number): Transition {
  const peer = s.peer;
  switch (e.type) {
    case 'KeepaliveTimerExpires':
      if (!peer) return fsmError(s, c, now, e.type);
      return { state: { ...s, timers: { ...s.timers, keepalive: after(now, peer.keepaliveTime) } }, actions: [{ type: 'send', message: KEEPALIVE }] };
    case 'KeepAliveMsg': {
      if (!peer) return fsmError(s, c, now, e.type);
      const hold = peer.holdTime > 0 ? after(now, peer.holdTime) : null;
      return {
        state: { ...s, name: 'Established', timers: { ...s.timers, hold }, establishedAt: now, connectRetryCounter: 0, lastDownReason: null },
        actions: [{ type: 'session-up', peer }],
      };
    }
    default:
      return afterOpen(s, e, c, now);
  }
}
