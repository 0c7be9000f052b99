// OpenSent (RFC 4271 §8.2.2): our OPEN is out, the peer's is awaited and checked (§6.2).
import { SUBCODE } from '../../wire/notification-text.js';
import { notification } from '../../wire/messages/notification.js';
import { KEEPALIVE } from '../../wire/messages/keepalive.js';
import type { FsmConfig, FsmEvent, FsmState, Transition } from '../types.js';
import { NO_TIMERS, after } from '../timers.js';
import { validateOpen } from '../open-validation.js';
import { cease, describeNotification, fsmError, holdExpired, toIdle } from '../steps.js';

/** Transitions out of OpenSent. */
export function openSent(s: FsmState, e: FsmEvent, c: FsmConfig, now: number): Transition {
  switch (e.type) {
    case 'ManualStart':
    case 'TcpConnectionConfirmed':
      // A second connection is tracked by the session layer until its OPEN (§6.8); this FSM ignores it.
      return { state: s, actions: [] };
    case 'ManualStop':
      return toIdle(s, c, now, { reason: 'admin-stop', detail: 'stopped by the operator', notify: cease(SUBCODE.CEASE_ADMIN_SHUTDOWN), failure: false, stop: true });
    case 'HoldTimerExpires':
      return toIdle(s, c, now, { reason: 'hold-timer-expired', detail: 'sent Hold Timer Expired / Unspecific: no OPEN from the peer', notify: holdExpired(), failure: true });
    case 'TcpConnectionFails':
      return toIdle(s, c, now, { reason: 'connection-lost', detail: `TCP connection failed${e.detail ? `: ${e.detail}` : ''}`, failure: true });
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
    case 'MessageError': {
      const n = notification(e.code, e.subcode, e.data);
      return toIdle(s, c, now, { reason: 'local-error', detail: `${describeNotification(n, true)}: ${e.detail}`, notify: n, failure: true });
    }
    case 'NotifMsg':
      return toIdle(s, c, now, { reason: 'peer-notification', detail: describeNotification(e.message, false), failure: true });
    case 'OpenCollisionDump':
      return toIdle(s, c, now, { reason: 'collision-dump', detail: 'sent Cease / Connection Collision Resolution', notify: cease(SUBCODE.CEASE_COLLISION_RESOLUTION), failure: false });
    default:
      return fsmError(s, c, now, e.type);
  }
}
