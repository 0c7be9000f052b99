// The BGP session layer over node:net: one NeighborSession per configured neighbor, the listener, and
// the glue between sockets and the pure FSM (../fsm) and codec (../wire).
//
// How the BgpService drives it (every call and every callback runs inside its single queue):
//
//   const sessions = new Sessions({ clock, schedule, handler, log, metrics });
//   await sessions.listen({ address, port });         // binds; on failure sessions.listenError, retried every 5 s
//   sessions.add({ address, port, localAddress, fsm: fsmConfig({...}) });   // ManualStart: dial or wait
//   sessions.get(address)?.send(updates);             // on the Established connection only
//   sessions.remove(address, notification(6, 3));    // Cease / Peer De-configured (RFC 4486)
//   await sessions.close(null);                       // silent close: GR peers keep our routes (RFC 4724)
//
// handler.up/down/updates/routeRefresh are called as the FSM reports session-up/session-down/deliver.
// UPDATEs decoded from one drain (all bytes read since the last task) arrive as one batch.
// Per connection: MessageFramer + decodeMessage(ctx negotiated), BgpError -> NOTIFICATION + close,
// collisions per RFC 4271 §6.8 (collision.ts), one clock timer at the earliest FSM deadline.
// A configured neighbor takes the peer's connection in every state (neighbor.ts accept); other addresses
// are closed without a NOTIFICATION (socket-io.ts turnAway).
// Limits: Node cannot set the IP TTL of TCP sockets, so eBGP multihop is accepted and shown but
// changes nothing, and there is no GTSM (RFC 5082). No TCP MD5 (RFC 2385) either.
export { resolveCollision, type CollisionVerdict } from './collision.js';
export { DEFAULT_RESTART_TIME, keepsForwardingState, ourCapabilities, staleRetention } from './graceful-restart.js';
export { SessionListener } from './listener.js';
export { NeighborSession, type NeighborDeps } from './neighbor.js';
export { Sessions, LISTEN_RETRY_MS } from './sessions.js';
export { normalizeAddress } from './socket-io.js';
export * from './types.js';
