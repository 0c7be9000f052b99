// A neighbor's session state as plain data, for the route engine's views and for moving it between
// processes. Clock times stay on the sender's clock; `at` lets the receiver move them onto its own.
import type { FsmState } from './fsm/types.js';
import type { NeighborSession } from './session/neighbor.js';
import type { NeighborSnapshot } from './protocol.js';

/** The neighbor as it is now (`now`: the SE's clock). */
export function snapshotOf(n: NeighborSession, now: number): NeighborSnapshot {
  return {
    address: n.address, at: now, fsm: n.shownState(), counters: { ...n.counters }, errors: n.errors.toData(),
    connection: n.connection(), up: n.established()?.up ?? null,
  };
}

/** What changes a snapshot worth sending: state, counters and history. */
export function snapshotKey(n: NeighborSession): string {
  const c = n.counters;
  return `${n.shownState().name}/${c.messagesIn}/${c.messagesOut}/${n.errors.toData().transitions.length}/${n.errors.toData().last?.at ?? ''}`;
}

/** An FSM state with its clock times moved by `shift` ms (onto another process's clock). */
export function shiftFsm(s: FsmState, shift: number): FsmState {
  const move = (t: number | null): number | null => (t === null ? null : t + shift);
  const t = s.timers;
  return {
    ...s, establishedAt: move(s.establishedAt),
    timers: { connectRetry: move(t.connectRetry), hold: move(t.hold), keepalive: move(t.keepalive), idleHold: move(t.idleHold) },
  };
}
