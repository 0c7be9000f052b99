// Connect and Active (RFC 4271 §8.2.2): waiting for a TCP connection, dialing (Connect) or listening
// (Active). DelayOpen is not used, so a confirmed connection sends OPEN at once.
import type { FsmConfig, FsmEvent, FsmState, Transition } from '../types.js';
import { OPEN_HOLD_TIME, buildOpen } from '../config.js';
import { NO_TIMERS, after, afterJittered } from '../timers.js';
import { toIdle } from '../steps.js';

/** TCP is up: send OPEN, hold timer at the large OpenSent value, go to OpenSent. */
function connected(s: FsmState, c: FsmConfig, now: number, inbound: boolean): Transition {
  return {
    state: { ...s, name: 'OpenSent', inbound, timers: { ...NO_TIMERS, hold: after(now, OPEN_HOLD_TIME) } },
    actions: [{ type: 'send', message: buildOpen(c) }],
  };
}

/** Transitions out of Connect and Active. */
export function connecting(s: FsmState, e: FsmEvent, c: FsmConfig, now: number): Transition {
  switch (e.type) {
    case 'ManualStart':
      return { state: s, actions: [] };
    case 'ManualStop':
      return toIdle(s, c, now, { reason: 'admin-stop', detail: 'stopped by the operator', failure: false, stop: true });
    case 'ConnectRetryTimerExpires': {
      const timers = { ...NO_TIMERS, connectRetry: afterJittered(now, c.connectRetryTime, c.jitter) };
      // A passive neighbor keeps listening; an active one abandons the dial and tries again from Connect.
      if (c.passive) return { state: { ...s, name: 'Active', timers }, actions: [] };
      return { state: { ...s, name: 'Connect', timers }, actions: s.name === 'Connect' ? [{ type: 'close' }, { type: 'connect' }] : [{ type: 'connect' }] };
    }
    case 'TcpConnectionConfirmed':
      return connected(s, c, now, e.inbound);
    case 'TcpConnectionFails':
      return toIdle(s, c, now, { reason: 'connection-lost', detail: `TCP connection failed${e.detail ? `: ${e.detail}` : ''}`, failure: true });
    case 'OpenCollisionDump':
      // No OPEN was sent on this connection yet, so there is nobody to tell: just let it go.
      return toIdle(s, c, now, { reason: 'collision-dump', detail: 'connection collision', failure: false });
    default:
      // "any other event": no connection to notify on; release and count the failure.
      return toIdle(s, c, now, { reason: 'fsm-error', detail: `unexpected ${e.type} in ${s.name}`, failure: true });
  }
}
