// Idle (RFC 4271 §8.2.2): no connection; ManualStart or the idle-hold restart leaves it. A connection the
// peer opens meanwhile is not fed to this FSM: the session layer gives it its own FSM, started passively
// (steps.ts passiveStart, RFC 4271 §8.1.1 automatic start), beside this one's back-off.
import type { FsmConfig, FsmEvent, FsmState, Transition } from '../types.js';
import { start } from '../steps.js';

/** Transitions out of Idle. */
export function idle(s: FsmState, e: FsmEvent, c: FsmConfig, now: number): Transition {
  switch (e.type) {
    case 'ManualStart':
      return start(s, c, now, true);
    case 'IdleHoldTimerExpires':
      return s.running ? start(s, c, now, false) : { state: s, actions: [] };
    case 'TcpConnectionConfirmed':
      // "refuses all incoming BGP connections": a connection that reaches this FSM in Idle is closed.
      return { state: s, actions: [{ type: 'close' }] };
    default:
      return { state: s, actions: [] };
  }
}
