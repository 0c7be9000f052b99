// Established (RFC 4271 §8.2.2): UPDATEs flow; every KEEPALIVE or UPDATE restarts the hold timer.
import { SUBCODE } from '../../wire/notification-text.js';
import { notification } from '../../wire/messages/notification.js';
import { KEEPALIVE } from '../../wire/messages/keepalive.js';
import type { FsmConfig, FsmEvent, FsmState, Transition } from '../types.js';
import { after } from '../timers.js';
import { cease, describeNotification, fsmError, holdExpired, toIdle } from '../steps.js';

/** Transitions out of Established. */
export function established(s: FsmState, e: FsmEvent, c: FsmConfig, now: number): Transition {
  const peer = s.peer;
  if (!peer) return fsmError(s, c, now, e.type);
  const restartHold = (): FsmState => ({ ...s, timers: { ...s.timers, hold: peer.holdTime > 0 ? after(now, peer.holdTime) : null } });
  switch (e.type) {
    case 'ManualStart':
    case 'TcpConnectionConfirmed':
      return { state: s, actions: [] };
    case 'ManualStop':
      return toIdle(s, c, now, { reason: 'admin-stop', detail: 'stopped by the operator', notify: cease(SUBCODE.CEASE_ADMIN_SHUTDOWN), failure: false, stop: true });
    case 'HoldTimerExpires':
      return toIdle(s, c, now, { reason: 'hold-timer-expired', detail: 'sent Hold Timer Expired / Unspecific', notify: holdExpired(), failure: true });
    case 'KeepaliveTimerExpires':
      return { state: { ...s, timers: { ...s.timers, keepalive: after(now, peer.keepaliveTime) } }, actions: [{ type: 'send', message: KEEPALIVE }] };
    case 'KeepAliveMsg':
      return { state: restartHold(), actions: [] };
    case 'UpdateMsg':
    case 'RouteRefreshMsg':
      // RFC 4271 §6.5 names KEEPALIVE and UPDATE; any message proves the peer alive, so ROUTE-REFRESH counts too.
      return { state: restartHold(), actions: [{ type: 'deliver', message: e.message }] };
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
