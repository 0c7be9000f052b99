// The FSM as one pure function over state x event (RFC 4271 §8.2.2), as OpenBGPD's bgp_fsm(). Timer
// changes are reported as start-timer/stop-timer actions derived from the state, so they can't disagree.
import type { FsmAction, FsmConfig, FsmEvent, FsmState, FsmTimers, TimerName, Transition } from './types.js';
import { idle } from './states/idle.js';
import { connecting } from './states/connecting.js';
import { openSent } from './states/open-sent.js';
import { openConfirm } from './states/open-confirm.js';
import { established } from './states/established.js';

const TIMERS: readonly TimerName[] = ['connectRetry', 'hold', 'keepalive', 'idleHold'];

/** start-timer for every deadline that changed, stop-timer for every timer that stopped. */
export function timerActions(prev: FsmTimers, next: FsmTimers): FsmAction[] {
  const out: FsmAction[] = [];
  for (const t of TIMERS) {
    const d = next[t];
    if (d === prev[t]) continue;
    out.push(d === null ? { type: 'stop-timer', timer: t } : { type: 'start-timer', timer: t, deadline: d });
  }
  return out;
}

/** The next state and what to do, for one event at monotonic time `now` (ms). Never throws, never reads a clock. */
export function transition(state: FsmState, event: FsmEvent, config: FsmConfig, now: number): Transition {
  let t: Transition;
  switch (state.name) {
    case 'Idle': t = idle(state, event, config, now); break;
    case 'Connect':
    case 'Active': t = connecting(state, event, config, now); break;
    case 'OpenSent': t = openSent(state, event, config, now); break;
    case 'OpenConfirm': t = openConfirm(state, event, config, now); break;
    case 'Established': t = established(state, event, config, now); break;
  }
  const timers = timerActions(state.timers, t.state.timers);
  return timers.length === 0 ? t : { state: t.state, actions: [...t.actions, ...timers] };
}
