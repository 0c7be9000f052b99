// KEEPALIVE (RFC 4271 §4.4): the header alone, 19 octets.
import type { KeepaliveMessage } from '../types.js';

/** The one KEEPALIVE value; messages are plain data, so sharing it is safe. */
export const KEEPALIVE: KeepaliveMessage = Object.freeze({ type: 'keepalive' as const });

/** Decodes a KEEPALIVE body (empty: the header check already enforced length 19). */
export const decodeKeepalive = (): KeepaliveMessage => KEEPALIVE;
