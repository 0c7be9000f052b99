// The transitions OpenSent, OpenConfirm and Established share (RFC 4271 §8.2.2): once our OPEN is out,
// a stop, a hold timer expiry, a lost connection, a NOTIFICATION, a decode error or a lost collision all
// end the session the same way. Each state handles its own events and falls through to this.
import { SUBCODE } from '../../wire/notification-text.js';
import { notification } from '../../wire/messages/notification.js';
import type { FsmConfig, FsmEvent, FsmState, Transition } from '../types.js';
import { cease, describeNotification, fsmError, holdExpired, toIdle } from '../steps.js';

/** The shared transitions; anything else is an FSM error (RFC 4271 §6.6). */
export function afterOpen(s: FsmState, e: FsmEvent, c: FsmConfig, now: number, holdDetail = 'sent Hold Timer Expired / Unspecific'): Transition {
  switch (e.type) {
    case 'ManualStart':
    case 'TcpConnectionConfirmed':
      // A second connection is tracked by the session layer until its OPEN (§6.8); this FSM ignores it.
      return { state: s, actions: [] };
    case 'ManualStop':
      return toIdle(s, c, now, { reason: 'admin-stop', detail: 'stopped by the operator', notify: cease(SUBCODE.CEASE_ADMIN_SHUTDOWN), failure: false, stop: true });
    case 'HoldTimerExpires':
      return toIdle(s, c, now, { reason: 'hold-timer-expired', detail: holdDetail, notify: holdExpired(), failure: true });
    case 'TcpConnectionFails':
      return toIdle(s, c, now, { reason: 'connection-lost', detail: `TCP connection failed${e.detail ? `: ${e.detail}` : ''}`, failure: true });
    case 'NotifMsg':
      return toIdle(s, c, now, { reason: 'peer-notification', detail: describeNotification(e.message, false), failure: true });
    case 'MessageError': {
      const n = notification(e.code, e.subcode, e.data);
      return toIdle(s, c, now, { reason: 'local-error', detail: `${describeNotification(n, true)}: ${e.detail}`, notify: n, failure: true });
    }
    case 'OpenCollisionDump':
      return toIdle(s, c, now, { reason: 'collision-dump', detail: 'sent Cease / Connection Collision Resolution', notify: cease(SUBCODE.CEASE_COLLISION_RESOLUTION), failure: false });
    default:
      return fsmError(s, c, now, e.type);
  }
}
