// OpenSent (RFC 4271 §8.2.2): our OPEN is out, the peer's is awaited and checked (§6.2).
import { notification } from '../../wire/messages/notification.js';
import { KEEPALIVE } from '../../wire/messages/keepalive.js';
import type { FsmConfig, FsmEvent, FsmState, Transition } from '../types.js';
import { NO_TIMERS, after } from '../timers.js';
import { validateOpen } from '../open-validation.js';
import { describeNotification, toIdle } from '../steps.js';
import { afterOpen } from './after-open.js';

/** Transitions out of OpenSent. */
export function openSent(s: FsmState, e: FsmEvent, c: FsmConfig, now: number): Transition {
  switch (e.type) {
    case 'BgpOpen': {
      const v = validateOpen(e.open, c);
      if (!v.ok) {
        const n = notification(v.code, v.subcode, v.data);
        return toIdle(s, c, now, { reason: 'open-rejected', detail: `${describeNotification(n, true)}: ${v.detail}`, notify: n, failure: true });
      }
      const p = v.peer;
      const timers = p.holdTime > 0 ? { ...NO_TIMERS, hold: after(now, p.holdTime), keepalive: after(now, p.keepaliveTime) } : NO_TIMERS;
      return { state: { ...s, name: 'OpenConfirm', timers, peer: p }, actions: [{ type: 'send', message: KEEPALIVE }] };
    }
    default:
      return afterOpen(s, e, c, now, 'sent Hold Timer Expired / Unspecific: no OPEN from the peer');
  }
}
