// Idle (RFC 4271 §8.2.2): refuses connections; ManualStart or the idle-hold restart leaves it.
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
      // "refuses all incoming BGP connections": the session layer should not have accepted it.
      return { state: s, actions: [{ type: 'close' }] };
    default:
      return { state: s, actions: [] };
  }
}
