// The BGP finite state machine of RFC 4271 §8, as pure data and one pure function. No sockets, no clock.
//
// How the session layer drives it (one FSM per TCP connection attempt; during a §6.8 collision there
// are two for a moment):
//
//   const config = fsmConfig({ localAs, routerId, remoteAs, holdTime, passive });
//   let state = initialState();
//   const step = (event: FsmEvent) => {
//     const t = transition(state, event, config, clock.now());   // now = monotonic milliseconds
//     state = t.state;
//     for (const a of t.actions) switch (a.type) {
//       case 'connect': dial the peer, then feed TcpConnectionConfirmed{inbound:false} or TcpConnectionFails;
//       case 'close': destroy the socket;
//       case 'send': socket.write(encodeMessage(a.message, ctx)) where ctx = { fourOctetAs: state.peer?.fourOctetAs ?? true };
//       case 'deliver': hand the UPDATE / ROUTE-REFRESH to the RIB;
//       case 'session-up' / 'session-down': tell the RIB and the views (a.reason is a DownReason);
//       case 'start-timer' / 'stop-timer': optional; simply re-arm one wakeup at nextDeadline(state).
//     }
//   };
//   On wakeup: for (const e of dueEvents(state, now)) step(e)  (re-check after each step).
//   Socket data: decoded messages map to BgpOpen / KeepAliveMsg / UpdateMsg / RouteRefreshMsg / NotifMsg;
//   a BgpError maps to MessageError{code: err.notifyCode, subcode: err.notifySubcode, data: err.data}
//   (only when err.action is session-reset; treat-as-withdraw UPDATEs are UpdateMsg with the decode result).
//   Collisions: when a second connection's OPEN arrives, mustDump(inbound, local, remote) says which FSM gets
//   OpenCollisionDump.
// `neighbor show` reads state.name (viewState), state.peer.capabilities.names, timerView(state, now), state.lastError.

export * from './types.js';
export { transition, timerActions } from './transition.js';
export { initialState, idleHoldSeconds } from './steps.js';
export { fsmConfig, buildOpen, defaultCapabilities, randomJitter, DEFAULT_CONNECT_RETRY_TIME, OPEN_HOLD_TIME } from './config.js';
export { negotiate, announcesEvpn } from './capabilities.js';
export { validateOpen, peerAsOf, type OpenVerdict } from './open-validation.js';
export { collisionWinner, mustDump } from './collision.js';
export { nextDeadline, dueEvents, timerView, NO_TIMERS } from './timers.js';
export { viewState } from './view.js';
